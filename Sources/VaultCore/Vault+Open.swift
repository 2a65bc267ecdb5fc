import EvaultCrypto

/// Where `open` puts an entry's content.
public enum OpenDestination {
    /// A file (0600); an existing one is replaced only with `overwrite`.
    case file(path: String, overwrite: Bool)
    /// A directory: the file is named by `EntryMetadata.outputFileName(redacted:)`.
    case directory(path: String, overwrite: Bool)
    /// Standard output or another stream.
    case stream(any ByteSink)
}

extension Vault {
    /// Decrypts just entry `id`, writing its content (or its stripped version)
    /// to `destination`. Returns the entry's metadata and the path written (nil for a stream).
    ///
    /// A file destination is written under a temporary name beside it and renamed
    /// only after the whole entry has authenticated, so a damaged entry releases
    /// nothing. A stream receives only authenticated chunks, as `age -d` does, and
    /// the command fails loudly if a later chunk does not authenticate.
    @discardableResult
    public func open(_ id: EntryID, redacted: Bool = false, to destination: OpenDestination,
                     progress: ProgressHandler? = nil) throws -> (metadata: EntryMetadata, path: String?) {
        // The tag in the last chunk proves the entry was written with this vault's
        // keys; check it before releasing a single byte.
        let metadata = try self.metadata(id)
        let reader = try EntryReader(vault: self, id: id)
        _ = try reader.readMetadata()
        let member: String
        if redacted {
            guard let r = metadata.redacted else { throw VaultError.noRedactedForm(id: id.rawValue) }
            member = r
        } else {
            member = metadata.content
        }
        let header = try reader.seek(toMember: member)
        let report = progress.map { p in { (done: Int64) in p(ProgressReport(item: metadata.name ?? id.rawValue, done: done, total: header.size)) } }
        let path: String
        let overwrite: Bool
        switch destination {
        case .stream(let sink):
            try reader.guarded { try copy(from: reader, to: sink, label: "standard output", progress: report) }
            try reader.drain()
            return (metadata, nil)
        case let .file(file, replace):
            (path, overwrite) = (file, replace)
        case let .directory(dir, replace):
            (path, overwrite) = (FilePathText.join(dir, metadata.outputFileName(redacted: redacted)), replace)
        }
        if !overwrite && FileSystem.exists(path) { throw VaultError.outputExists(path: path) }
        let file = try AtomicFile(finalPath: path)
        try reader.guarded { try copy(from: reader, to: file.stream, label: path, progress: report) }
        try reader.drain()
        try file.commit(replace: overwrite)
        return (metadata, path)
    }

    /// The metadata of one entry, read from the entry itself (not the index)
    /// and authenticated by its tag.
    public func metadata(_ id: EntryID) throws -> EntryMetadata {
        try summary(id).metadata
    }

    /// Metadata and digests of one entry, read from the entry itself: its first
    /// chunk and its last chunks, authenticated by its tag.
    public func summary(_ id: EntryID) throws -> EntrySummary {
        try EntryReader(vault: self, id: id).readSummary()
    }

    private func copy(from reader: EntryReader, to sink: any ByteSink, label: String,
                      progress: ((Int64) -> Void)?) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 64)
        defer { buffer.deallocate() }
        var done: Int64 = 0
        while true {
            let n = try reader.tar.read(into: buffer)
            if n == 0 { return }
            done += Int64(n)
            progress?(done)
            do { try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) } catch {
                throw VaultError.cannotWrite(path: label, reason: "\(error)")
            }
        }
    }
}
