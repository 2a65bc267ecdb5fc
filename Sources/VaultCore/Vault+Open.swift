import EvaultCrypto

/// Where `open` puts an entry's content.
public enum OpenDestination {
    /// A file (0600); an existing one is replaced only with `overwrite`.
    case file(path: String, overwrite: Bool)
    /// Standard output or another stream.
    case stream(any ByteSink)
}

extension Vault {
    /// Decrypts just entry `id`, writing its content (or its stripped version)
    /// to `destination`. Returns the entry's metadata.
    ///
    /// A file destination is written under a temporary name beside it and renamed
    /// only after the whole entry has authenticated, so a damaged entry releases
    /// nothing. A stream receives only authenticated chunks, as `age -d` does, and
    /// the command fails loudly if a later chunk does not authenticate.
    @discardableResult
    public func open(_ id: EntryID, redacted: Bool = false, to destination: OpenDestination) throws -> EntryMetadata {
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
        _ = try reader.seek(toMember: member)
        switch destination {
        case .stream(let sink):
            try reader.guarded { try copy(from: reader, to: sink) }
            try reader.drain()
        case let .file(path, overwrite):
            if !overwrite && FileSystem.exists(path) { throw VaultError.outputExists(path: path) }
            let file = try AtomicFile(finalPath: path)
            try reader.guarded { try copy(from: reader, to: file.stream) }
            try reader.drain()
            try file.commit(replace: overwrite)
        }
        return metadata
    }

    /// The metadata of one entry, read from the entry itself (not the index)
    /// and authenticated by its tag.
    public func metadata(_ id: EntryID) throws -> EntryMetadata {
        try EntryReader(vault: self, id: id).readSummary().metadata
    }

    private func copy(from reader: EntryReader, to sink: any ByteSink) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = try reader.tar.read(into: buffer)
            if n == 0 { return }
            do { try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) } catch {
                throw VaultError.cannotWrite(path: "output", reason: "\(error)")
            }
        }
    }
}
