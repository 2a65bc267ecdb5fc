import EvaultCrypto
import TarFormat

/// Where `open` puts an entry's content.
public enum OpenDestination {
    /// A file (0600); an existing one is replaced only with `overwrite`.
    case file(path: String, overwrite: Bool)
    /// A directory: the file is named by `EntryMetadata.outputFileName(redacted:)`.
    case directory(path: String, overwrite: Bool)
    /// Standard output or another stream: authenticated chunks are streamed as
    /// they arrive, and a damaged entry fails after what came before it (unless
    /// `open(atomic: true)`).
    case stream(any ByteSink)
}

/// What `open` did.
public struct OpenResult {
    public let metadata: EntryMetadata
    /// The path written; nil for a stream.
    public let path: String?
    /// True when the natural name was taken by another entry of the same run,
    /// so the file got a distinct name.
    public let renamed: Bool
    /// True when the entry's name held control, invisible or path characters
    /// (or began with `.` or `-`), so the file was written under a safe name.
    public var nameMadeSafe: Bool = false
}

extension Vault {
    /// Decrypts just entry `id`, writing its content (or its stripped version)
    /// to `destination`. Returns the entry's metadata and the path written (nil for a stream).
    ///
    /// One descriptor, end to end: the tag is checked, then the content is read
    /// from the same open file, where age STREAM authenticates each chunk under
    /// the file key of the header already read: a file swapped or rewritten
    /// after the check cannot put other bytes in. A file destination is an
    /// unnamed file given its name only after the whole entry authenticated, so
    /// a damaged entry or a killed process leaves nothing.
    ///
    /// `atomic`: a stream receives nothing until the whole entry has authenticated;
    /// the content waits in a private unnamed file (`open --atomic`).
    /// `avoiding`: paths already written by this run; a directory destination
    /// never reuses one of them. `checkingDigest`: also hash the content on the
    /// other core and compare it with the authenticated SHA256SUMS (for callers
    /// that hash it anyway; `open` itself relies on the chunks' authentication,
    /// as hashing would double its time).
    @discardableResult
    public func open(_ id: EntryID, redacted: Bool = false, to destination: OpenDestination,
                     atomic: Bool = false, avoiding: Set<String> = [], checkingDigest: Bool = false,
                     progress: ProgressHandler? = nil) throws -> OpenResult {
        let (reader, summary) = try authenticatedReader(id)
        return try release(reader, summary: summary, redacted: redacted, to: destination, atomic: atomic,
                           avoiding: avoiding, checkingDigest: checkingDigest, progress: progress)
    }

    /// Opens entry `id` and checks its tag; the returned reader is positioned
    /// to release content from the same descriptor.
    func authenticatedReader(_ id: EntryID) throws -> (EntryReader, EntrySummary) {
        let reader = try EntryReader(vault: self, id: id)
        let summary = try reader.readSummary()
        return (reader, summary)
    }

    /// Streams the member from an authenticated reader to `destination`.
    func release(_ reader: EntryReader, summary: EntrySummary, redacted: Bool,
                 to destination: OpenDestination, atomic: Bool = false, avoiding: Set<String> = [],
                 checkingDigest: Bool = false, progress: ProgressHandler? = nil) throws -> OpenResult {
        let metadata = summary.metadata
        let member: String
        let expected: String
        if redacted {
            guard let r = metadata.redacted, let sha = summary.redactedSHA256 else { throw VaultError.noRedactedForm(id: metadata.id) }
            (member, expected) = (r, sha)
        } else {
            (member, expected) = (metadata.content, summary.sha256)
        }
        try reader.rewindAfterAuthentication()
        let header = try reader.seek(toMember: member)
        let report = progress.map { p in { (done: Int64) in
            p(ProgressReport(item: metadata.name ?? metadata.id, done: done, total: header.size)) } }
        let source = ContentSource(reader: reader, expected: checkingDigest ? expected : nil, size: header.size,
                                   progress: report)
        switch destination {
        case .stream(let sink) where atomic:
            let spool = try UnnamedFile.spool()
            try source.copy(to: spool.stream, label: "a private temporary file")
            try spool.replay(to: sink)
            return OpenResult(metadata: metadata, path: nil, renamed: false)
        case .stream(let sink):
            try source.copy(to: sink, label: "standard output")
            return OpenResult(metadata: metadata, path: nil, renamed: false)
        case let .file(path, overwrite):
            AtomicFile.removeStale(in: FilePathText.parent(path))
            if !overwrite && FileSystem.exists(path) { throw VaultError.outputExists(path: path) }
            try write(source, to: path, overwrite: overwrite)
            return OpenResult(metadata: metadata, path: path, renamed: false)
        case let .directory(dir, overwrite):
            AtomicFile.removeStale(in: dir)
            let natural = FilePathText.join(dir, metadata.outputFileName(redacted: redacted))
            let path = OpenNaming.distinct(natural, avoiding: avoiding)
            if !overwrite && FileSystem.exists(path) { throw VaultError.outputExists(path: path) }
            try write(source, to: path, overwrite: overwrite)
            return OpenResult(metadata: metadata, path: path, renamed: path != natural,
                              nameMadeSafe: metadata.outputFileNameWasMadeSafe(redacted: redacted))
        }
    }

    /// The metadata of one entry, read from the entry itself (not the index)
    /// and authenticated by its tag.
    public func metadata(_ id: EntryID) throws -> EntryMetadata {
        try summary(id).metadata
    }

    /// Metadata and digests of one entry, read from the entry itself: its first
    /// chunk and its last chunks, authenticated by its tag.
    public func summary(_ id: EntryID) throws -> EntrySummary {
        try applyingLogChanges(EntryReader(vault: self, id: id).readSummary())
    }

    private func write(_ source: ContentSource, to path: String, overwrite: Bool) throws {
        let file = try UnnamedFile(finalPath: path)
        try source.copy(to: file.stream, label: path)
        try file.commit(replace: overwrite)
    }
}

/// The bytes of one member, read from an authenticated entry; with `expected`,
/// hashed on the way and compared with the authenticated SHA256SUMS at the end.
private struct ContentSource {
    let reader: EntryReader
    let expected: String?
    let size: Int64
    let progress: ((Int64) -> Void)?

    func copy(to sink: any ByteSink, label: String) throws {
        guard let expected else { return try copyChunks(to: sink, label: label) }
        let adapter = TarMemberSource(reader: reader)
        let digest: SHA256Digest
        do {
            digest = try HashingCopier.copy(from: adapter, expectedSize: size, progress: progress) { block in
                do { try sink.write(block) } catch { throw OpenWriteError(reason: "\(error)") }
            }.digest
        } catch let error as OpenWriteError {
            throw VaultError.cannotWrite(path: label, reason: error.reason)
        } catch HashingCopier.CopyError.sizeMismatch {
            throw VaultError.damagedEntry(id: reader.id.rawValue, reason: "its content is not the size its header says")
        } catch {
            try reader.guarded { () throws -> Void in throw error }
            throw error
        }
        guard digest.hex == expected else {
            throw VaultError.damagedEntry(id: reader.id.rawValue, reason: "its content does not match the authenticated SHA256SUMS")
        }
        // The final chunk must authenticate too: a truncated entry is not a whole one.
        try reader.drain()
    }

    private func copyChunks(to sink: any ByteSink, label: String) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 64)
        defer { buffer.deallocate() }
        var done: Int64 = 0
        try reader.guarded {
            while true {
                let n = try reader.tar.read(into: buffer)
                if n == 0 { break }
                done += Int64(n)
                progress?(done)
                do { try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) } catch {
                    throw VaultError.cannotWrite(path: label, reason: "\(error)")
                }
            }
        }
        try reader.drain()
    }
}

private struct OpenWriteError: Error { let reason: String }

/// The tar member being read, as a `ByteSource`.
private final class TarMemberSource: ByteSource {
    let reader: EntryReader
    init(reader: EntryReader) { self.reader = reader }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try reader.tar.read(into: buffer)
    }
}

/// Distinct names for several entries opened into one folder.
enum OpenNaming {
    /// `path`, or `stem-2.ext`, `stem-3.ext`, ... : the first not in `avoiding`.
    static func distinct(_ path: String, avoiding: Set<String>) -> String {
        guard avoiding.contains(path) else { return path }
        let dir = FilePathText.parent(path)
        let base = FilePathText.base(path)
        let (stem, ext): (Substring, Substring)
        if let dot = base.lastIndex(of: "."), dot != base.startIndex {
            (stem, ext) = (base[..<dot], base[dot...])
        } else {
            (stem, ext) = (base[...], "")
        }
        var n = 2
        while true {
            let candidate = FilePathText.join(dir, "\(stem)-\(n)\(ext)")
            if !avoiding.contains(candidate) { return candidate }
            n += 1
        }
    }
}
