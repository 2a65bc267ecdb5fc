import EvaultCrypto
import IdentityStripping
import MediaClean

/// A clean copy made when a PDF or Office document is sealed: its text can only
/// be redacted then, with that seal's declared identities (the vault keeps no names).
struct SealCleanCopy {
    let member: String
    let bytes: [UInt8]
    let report: CleanSummary

    /// Records the copy (or why there is none) in the entry's metadata.
    static func apply(_ copy: SealCleanCopy?, error: String?, to metadata: inout EntryMetadata) {
        metadata.clean = copy?.member
        metadata.cleanSize = copy.map { Int64($0.bytes.count) }
        metadata.cleanReport = copy?.report
        metadata.cleanError = error
    }
}

/// Replaces every identity the seal declared (and every detected identifier) in
/// a document's text with a bracketed kind such as `[person]`: a clean copy goes
/// to every partner alike, so it must not carry the vault's linkable pseudonyms.
final class SealRedactor: TextRedactor {
    private let stripper: IdentityStripper
    private var registry: PseudonymRegistry

    init(vault: Vault, options: SealOptions) throws {
        let stripOptions = StripOptions(declared: options.identities, keep: try vault.keepList() + options.keep,
                                        disabled: options.disabledDetectors, witness: options.witness)
        stripper = IdentityStripper(pseudonymizer: vault.pseudonymizer, options: stripOptions)
        registry = try vault.loadRegistry()
    }

    func redact(_ text: String) -> RedactedText {
        let result = stripper.strip(text, registry: &registry)
        guard !result.replacements.isEmpty else { return RedactedText(text: text, replacements: 0) }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var position = 0
        for r in result.replacements.sorted(by: { $0.start < $1.start }) where r.start >= position && r.end <= scalars.count {
            out.append(contentsOf: scalars[position..<r.start])
            out.append(contentsOf: "[\(r.kind.rawValue)]".unicodeScalars)
            position = r.end
        }
        out.append(contentsOf: scalars[position...])
        return RedactedText(text: String(out), replacements: result.replacements.count)
    }
}

/// A clean copy of a photo, audio or video file, made from the entry at export
/// or `open --clean` time, streaming.
public struct CleanCopyInfo: Sendable {
    public var format: String
    public var report: CleanSummary
    public var size: Int64
    public var sha256: String
    /// True for photos, audio and video: what they show and say is not redacted.
    public var isMedia: Bool
}

/// Why an entry has no clean copy.
public enum CleanCopyError: Error, Equatable, CustomStringConvertible {
    case none(id: String, reason: String)

    public var description: String {
        switch self {
        case let .none(id, reason): return "entry \(id) has no clean copy: \(reason)"
        }
    }
}

extension Vault {
    /// The largest clean copy of a PDF or Office document held in memory at sealing.
    static let sealCleanLimit = 256 << 20

    /// Cleans a PDF or Office document being sealed (nil for anything else).
    /// Returns the copy, or the reason there is none. `open` gives the document
    /// from its start (a file, the standard-input spool); it is called twice.
    func cleanAtSeal(open: () throws -> any ByteSource, label: String, name: String,
                     options: SealOptions) throws -> (SealCleanCopy?, String?) {
        var prefix = [UInt8](repeating: 0, count: 64)
        do {
            let n = try prefix.withUnsafeMutableBytes { try open().readFully(into: $0) }
            prefix = Array(prefix[0..<n])
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.unreadableInput(path: label, reason: "\(error)")
        }
        guard let format = MediaFormat.detect(prefix: prefix, fileName: name), !format.isMedia else { return (nil, nil) }
        let input: any ByteSource
        do { input = try open() } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.unreadableInput(path: label, reason: "\(error)")
        }
        let sink = BoundedMemorySink(limit: Vault.sealCleanLimit)
        do {
            let report = try MediaCleaner.clean(format, from: input, to: sink, redactor: try SealRedactor(vault: self, options: options))
            return (SealCleanCopy(member: EntryMembers.cleanPrefix + format.fileExtension, bytes: sink.bytes,
                                  report: CleanSummary(report)), nil)
        } catch let error as MediaCleanError {
            return (nil, error.description)
        }
    }

    /// The format a clean copy can be made in at export time: photos, audio and
    /// video, detected from the original's first bytes.
    func mediaFormat(_ entry: SealedEntry) throws -> MediaFormat? {
        guard entry.metadata.kind == .document else { return nil }
        let source = try EntryMemberSource(vault: self, entry: entry, role: .original)
        var prefix = [UInt8](repeating: 0, count: 64)
        let n = try prefix.withUnsafeMutableBytes { try source.readFully(into: $0) }
        guard let format = MediaFormat.detect(prefix: Array(prefix[0..<n]), fileName: entry.metadata.name), format.isMedia else { return nil }
        return format
    }

    /// Streams a clean copy of the entry's original to `sink`. The original is read
    /// from the entry and checked against its SHA256SUMS on the way.
    @discardableResult
    func cleanOriginal(_ entry: SealedEntry, format: MediaFormat, to sink: any ByteSink) throws -> CleanSummary {
        let source = try EntryMemberSource(vault: self, entry: entry, role: .original)
        let report: CleanReport
        do { report = try MediaCleaner.clean(format, from: source, to: sink, redactor: nil) } catch let error as MediaCleanError {
            throw CleanCopyError.none(id: entry.metadata.id, reason: error.description)
        }
        try source.finish()
        return CleanSummary(report)
    }

    /// What the entry's clean copy is (stored at sealing, or made now from a
    /// photo, audio or video without keeping it), or why there is none.
    public func cleanCopy(_ id: EntryID) throws -> CleanCopyInfo {
        let entry = try sealedEntry(id)
        let m = entry.metadata
        if let report = m.cleanReport, let digest = entry.digest(.clean) {
            return CleanCopyInfo(format: MediaType.fileExtension(m.clean ?? ""), report: report, size: m.cleanSize ?? 0,
                                 sha256: digest.hex, isMedia: false)
        }
        guard let format = try mediaFormat(entry) else {
            throw CleanCopyError.none(id: m.id, reason: m.cleanError ?? "\(m.mediaType) is not a format evault cleans")
        }
        let measure = MeasuringSink()
        let report = try cleanOriginal(entry, format: format, to: measure)
        return CleanCopyInfo(format: format.rawValue, report: report, size: measure.count, sha256: measure.digest.hex, isMedia: true)
    }

    /// Writes the entry's clean copy to `destination` (a file is published only
    /// once complete). Returns what it is and the path written.
    @discardableResult
    public func openClean(_ id: EntryID, to destination: OpenDestination) throws -> (CleanCopyInfo, String?) {
        let info = try cleanCopy(id)
        let entry = try sealedEntry(id)
        let write = { (sink: any ByteSink) throws in
            if entry.metadata.clean != nil {
                try self.streamMember(entry, role: .clean, to: sink)
            } else if let format = try self.mediaFormat(entry) {
                try self.cleanOriginal(entry, format: format, to: sink)
            }
        }
        if case .stream(let sink) = destination {
            try write(sink)
            return (info, nil)
        }
        let path: String
        let overwrite: Bool
        if case let .file(file, replace) = destination {
            (path, overwrite) = (file, replace)
        } else if case let .directory(dir, replace) = destination {
            (path, overwrite) = (FilePathText.join(dir, "\(id.rawValue)-clean.\(info.format)"), replace)
        } else {
            throw VaultError.invalidArgument("a clean copy is written to a file, a directory or standard output")
        }
        if !overwrite && FileSystem.exists(path) { throw VaultError.outputExists(path: path) }
        AtomicFile.removeStale(in: FilePathText.parent(path))
        let file = try UnnamedFile(finalPath: path)
        try write(file.stream)
        try file.commit(replace: overwrite)
        return (info, path)
    }
}

/// Pulls one member's bytes out of an entry, hashing them; `finish` checks the
/// hash against the entry's SHA256SUMS and authenticates the rest of the stream.
final class EntryMemberSource: ByteSource {
    private let reader: EntryReader
    private let expected: SHA256Digest
    private var hasher = SHA256Hasher()
    private let id: String

    init(vault: Vault, entry: SealedEntry, role: SealedMember) throws {
        guard let entryID = EntryID(entry.metadata.id), let member = entry.metadata.member(role),
              let expected = entry.digests[member] else {
            throw VaultError.damagedEntry(id: entry.metadata.id, reason: "it has no \(role.rawValue) member")
        }
        id = entry.metadata.id
        self.expected = expected
        reader = try EntryReader(vault: vault, id: entryID)
        _ = try reader.readMetadata()
        _ = try reader.seek(toMember: member)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try reader.guarded { try reader.tar.read(into: buffer) }
        if n > 0 { hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) }
        return n
    }

    func finish() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while try read(into: buffer) > 0 {}
        try reader.drain()
        guard hasher.finalize() == expected else {
            throw VaultError.damagedEntry(id: id, reason: "its content no longer matches its recorded SHA-256")
        }
    }
}

/// Counts and hashes what passes, keeping nothing (the first pass of an export).
final class MeasuringSink: ByteSink {
    private(set) var count: Int64 = 0
    private var hasher = SHA256Hasher()

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        count += Int64(bytes.count)
    }

    var digest: SHA256Digest { hasher.finalize() }
}

/// Memory with a ceiling: a clean copy larger than this is refused, not swapped.
final class BoundedMemorySink: ByteSink {
    private let limit: Int
    private(set) var bytes: [UInt8] = []

    init(limit: Int) { self.limit = limit }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        guard bytes.count + chunk.count <= limit else { throw MediaCleanError.tooLarge("clean copy over \(limit >> 20) MiB") }
        bytes.append(contentsOf: chunk)
    }
}
