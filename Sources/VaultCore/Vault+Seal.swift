#if canImport(Glibc)
import Glibc
#endif
import AgeFormat
import EvaultCrypto
import Foundation
import IdentityStripping

/// What the journalist says about the evidence being sealed.
public struct SealOptions: Sendable {
    public var title: String?
    public var tags: [String] = []
    /// The people to protect, for identity stripping of notes and text documents.
    public var identities: [DeclaredIdentity] = []
    /// Names kept as they are for this command, on top of the vault's keep list.
    public var keep: [String] = []
    /// The witness who gave a note.
    public var witness: DeclaredIdentity?
    /// Detectors switched off.
    public var disabledDetectors: Set<IdentifierKind> = []
    /// How much stripping replaces (strict adds quasi-identifiers).
    public var level: StripLevel = .normal
    /// Text documents: keep only the stripped text, never the original (`seal --no-original`).
    public var discardOriginal = false
    /// Documents whose SHA-256 is already in the vault are not sealed again.
    public var dedupe = false
    public var now = Date()

    public init() {}
}

/// What `seal` reports for each entry.
public struct SealReceipt: Codable, Equatable, Sendable {
    public var id: String
    public var kind: EntryKind
    public var sha256: String
    public var size: Int64
    public var name: String?
    public var redacted: Bool
    public var pseudonyms: [String]
    /// Entries that already held a document with this SHA-256 when it was sealed.
    public var sameAs: [String] = []
    /// True when `--dedupe` left it out: nothing was written, `sameAs` holds the entries.
    public var skippedAsDuplicate = false
}

extension Vault {
    /// Text documents larger than this are sealed without a stripped version
    /// (stripping works on the whole text in memory).
    public static let strippableTextLimit = 64 << 20

    /// Seals a document of any type and size, streaming, in constant memory.
    /// Text documents also get a stripped version (`open --redacted`).
    public func sealDocument(at path: String, options: SealOptions) throws -> SealReceipt {
        try sealDocuments(at: [path], options: options)[0]
    }

    /// Seals several documents, updating the index once at the end (also when
    /// one fails: the entries already sealed are kept and indexed). `sealed` is
    /// told of each entry as soon as it is durable, so a later failure cannot hide it.
    /// With `skipUnreadable`, a document that cannot be read is reported to `skipped`
    /// and the others are sealed (folders); otherwise it stops the run.
    public func sealDocuments(at paths: [String], options: SealOptions, skipUnreadable: Bool = false,
                              progress: ProgressHandler? = nil,
                              skipped: (SkippedInput) -> Void = { _ in },
                              sealed: (SealReceipt) -> Void = { _ in }) throws -> [SealReceipt] {
        try custody.batch {
            try sealEach(paths, options: options, skipUnreadable: skipUnreadable, progress: progress,
                         skipped: skipped, sealed: sealed)
        }
    }

    private func sealEach(_ paths: [String], options: SealOptions, skipUnreadable: Bool, progress: ProgressHandler?,
                          skipped: (SkippedInput) -> Void, sealed: (SealReceipt) -> Void) throws -> [SealReceipt] {
        var batch = SealBatch(vault: self)
        defer { batch.finish() }
        var receipts: [SealReceipt] = []
        for path in paths {
            do {
                let receipt = try sealOneDocument(at: path, options: options, batch: &batch, progress: progress)
                receipts.append(receipt)
                sealed(receipt)
            } catch let VaultError.unreadableInput(path, reason) where skipUnreadable {
                skipped(SkippedInput(path: path, reason: reason))
            }
        }
        return receipts
    }

    /// Seals a document read from standard input (or any stream) under `name`.
    /// A regular file redirected to standard input streams straight through; a pipe
    /// is first spooled, encrypted to a throwaway key, to an unnamed file in the
    /// vault's tmp/ (the tar header needs the size up front), so memory stays fixed
    /// and no plaintext touches the disk.
    public func sealStandardInput(_ input: FileStream, name: String, options: SealOptions,
                                  progress: ProgressHandler? = nil) throws -> SealReceipt {
        let label = "standard input"
        let name = EntryMembers.safeName(name)
        var batch = SealBatch(vault: self)
        defer { batch.finish() }
        // PDF and Office documents are read twice (clean copy, then the entry):
        // each pass starts from the beginning of the redirected file or the spool.
        if let size = input.remainingRegularFileSize {
            guard size > 0 else { throw VaultError.unreadableInput(path: label, reason: "it is empty; nothing was sealed") }
            let start = Int64(lseek(input.descriptor, 0, SEEK_CUR))
            let rewind = { () throws -> any ByteSource in
                try input.seek(to: start)
                return input
            }
            return try sealStream(RewindingSource(rewind), size: size, name: name, label: label, reopen: rewind,
                                  options: options, batch: &batch, progress: progress)
        }
        let spool = try StandardInputSpool(input: input, directory: layout.tmp, progress: progress.map { p in
            { p(ProgressReport(item: name, done: $0, total: nil)) }
        })
        guard spool.size > 0 else { throw VaultError.unreadableInput(path: label, reason: "it is empty; nothing was sealed") }
        let reopen = { () throws -> any ByteSource in try spool.reader() }
        return try sealStream(RewindingSource(reopen), size: spool.size, name: name, label: label, reopen: reopen,
                              options: options, batch: &batch, progress: progress)
    }

    private func sealOneDocument(at path: String, options: SealOptions, batch: inout SealBatch,
                                 progress: ProgressHandler?) throws -> SealReceipt {
        guard FileSystem.exists(path) else { throw VaultError.unreadableInput(path: path, reason: "no such file") }
        guard FileSystem.isRegularFile(path) else { throw VaultError.unreadableInput(path: path, reason: "not a regular file") }
        let input: FileStream
        do { input = try FileSystem.openRegular(path, followingLinks: true) } catch {
            throw VaultError.unreadableInput(path: path, reason: FileSystem.reason())
        }
        let reopen = { () throws -> any ByteSource in
            do { return try FileStream.openForReading(path: path) } catch {
                throw VaultError.unreadableInput(path: path, reason: FileSystem.reason())
            }
        }
        return try sealStream(input, size: input.size, name: EntryMembers.safeName(path), label: path, reopen: reopen,
                              options: options, batch: &batch, progress: progress)
    }

    /// Seals `size` bytes of `input` as document `name`; `label` names the input in errors.
    /// `reopen`: the input again from its start, for the clean copy (PDF, Office).
    private func sealStream(_ input: any ByteSource, size: Int64, name: String, label: String,
                            reopen: (() throws -> any ByteSource)? = nil,
                            options: SealOptions,
                            batch: inout SealBatch, progress: ProgressHandler?) throws -> SealReceipt {
        // A text document is read whole so that its stripped version can be made;
        // anything else streams through in fixed-size blocks.
        var textBytes: [UInt8]?
        var stripped: StripResult?
        if MediaType.isStrippableText(name: name), size <= Vault.strippableTextLimit {
            do { textBytes = try input.readToEnd(limit: Vault.strippableTextLimit) } catch {
                throw VaultError.unreadableInput(path: label, reason: "\(error)")
            }
            if let bytes = textBytes {
                let digest = SHA256Hasher.hash(bytes)
                if options.dedupe, let earlier = try batch.entries(with: digest), !earlier.isEmpty {
                    return Vault.duplicateReceipt(name: name, digest: digest, size: Int64(bytes.count), earlier: earlier)
                }
                if let text = String(validating: bytes, as: UTF8.self) { stripped = try strip(text, options: options) }
            }
        }
        if options.discardOriginal {
            guard let result = stripped, var original = textBytes else {
                throw VaultError.unreadableInput(path: label, reason: "--no-original needs a UTF-8 text document (.txt, .md, .html, .eml)")
            }
            wipe(&original)
            let (receipt, summary) = try sealStrippedOnly(result, name: name, options: options)
            batch.add(summary)
            return receipt
        }
        let labels = try strippedLabels(options)
        // PDF and Office: a clean copy, redacted with this seal's identities (Vault+Clean).
        let (clean, cleanError) = try reopen.map { try cleanAtSeal(open: $0, label: label, name: name, options: options) } ?? (nil, nil)
        let id = try newEntryID()
        var metadata = EntryMetadata(
            id: id.rawValue, kind: .document, sealedAt: Timestamp.format(options.now), name: name,
            title: labels.title, tags: labels.tags, mediaType: MediaType.of(name: name),
            size: Int64(textBytes?.count ?? Int(size)), content: name,
            redacted: stripped == nil ? nil : EntryMembers.redacted,
            pseudonyms: stripped.map { $0.pseudonyms.sorted() } ?? [],
            redactions: stripped.map(Vault.countsByName) ?? [:], witness: nil, origin: nil)
        SealCleanCopy.apply(clean, error: cleanError, to: &metadata)
        let writer = try EntryWriter(vault: self, id: id, modificationTime: Int64(options.now.timeIntervalSince1970))
        let written = try writer.addMetadata(metadata)
        let digest: SHA256Digest
        if let bytes = textBytes {
            try writer.addMember(name, contents: bytes)
            digest = SHA256Hasher.hash(bytes)
        } else {
            let report = progress.map { p in { (done: Int64) in p(ProgressReport(item: name, done: done, total: size)) } }
            do { digest = try writer.addMember(name, from: input, size: size, progress: report) } catch is HashingCopier.CopyError {
                throw VaultError.inputChanged(path: label)
            } catch let error as ByteStreamError {
                throw VaultError.unreadableInput(path: label, reason: "\(error)")
            } catch let error as AgeError {
                // Only the standard-input spool is read through age here.
                throw VaultError.unreadableInput(path: label, reason: "\(error)")
            }
        }
        let earlier = try batch.entries(with: digest) ?? []
        // Dropping the writer unpublished removes its temporary file: nothing is stored.
        if options.dedupe && !earlier.isEmpty {
            return Vault.duplicateReceipt(name: name, digest: digest, size: size, earlier: earlier)
        }
        var redactedDigest: SHA256Digest?
        if let stripped {
            let bytes = Array(stripped.text.utf8)
            try writer.addMember(EntryMembers.redacted, contents: bytes)
            redactedDigest = SHA256Hasher.hash(bytes)
        }
        if let clean { try writer.addMember(clean.member, contents: clean.bytes) }
        try writer.commit()
        try recordEntry(.seal, id: id, member: name, sha256: digest, salt: written.salt, at: options.now)
        metadata.size = textBytes.map { Int64($0.count) } ?? size
        var receipt = SealReceipt(id: id.rawValue, kind: .document, sha256: digest.hex, size: metadata.size,
                                  name: name, redacted: stripped != nil, pseudonyms: metadata.pseudonyms)
        receipt.sameAs = earlier
        batch.add(EntrySummary(metadata: metadata, sha256: digest.hex, redactedSHA256: redactedDigest?.hex))
        return receipt
    }

    private static func duplicateReceipt(name: String, digest: SHA256Digest, size: Int64, earlier: [String]) -> SealReceipt {
        var receipt = SealReceipt(id: earlier[0], kind: .document, sha256: digest.hex, size: size, name: name,
                                  redacted: false, pseudonyms: [])
        receipt.sameAs = earlier
        receipt.skippedAsDuplicate = true
        return receipt
    }

    /// A text document whose original must not be kept (a source asked for it to be
    /// destroyed): only the stripped text is written, under a stripped file name.
    private func sealStrippedOnly(_ stripped: StripResult, name: String, options: SealOptions) throws -> (SealReceipt, EntrySummary) {
        let labels = try strippedLabels(options)
        let strippedName = try strip(name, options: options).text
        let safeName = EntryMembers.safeName(strippedName)
        let bytes = Array(stripped.text.utf8)
        let id = try newEntryID()
        let metadata = EntryMetadata(
            id: id.rawValue, kind: .document, sealedAt: Timestamp.format(options.now), name: safeName,
            title: labels.title, tags: labels.tags, mediaType: MediaType.of(name: safeName),
            size: Int64(bytes.count), content: safeName, redacted: safeName,
            pseudonyms: stripped.pseudonyms.sorted(), redactions: Vault.countsByName(stripped), witness: nil, origin: nil)
        let writer = try EntryWriter(vault: self, id: id, modificationTime: Int64(options.now.timeIntervalSince1970))
        let written = try writer.addMetadata(metadata)
        try writer.addMember(safeName, contents: bytes)
        let digest = SHA256Hasher.hash(bytes)
        try writer.commit()
        try recordEntry(.seal, id: id, member: safeName, sha256: digest, salt: written.salt, at: options.now)
        let receipt = SealReceipt(id: id.rawValue, kind: .document, sha256: digest.hex, size: metadata.size,
                                  name: safeName, redacted: true, pseudonyms: metadata.pseudonyms)
        return (receipt, EntrySummary(metadata: metadata, sha256: digest.hex, redactedSHA256: digest.hex))
    }

    /// Seals a witness note. The text is stripped of identities before anything
    /// is encrypted or written: the vault never holds the original note.
    public func sealNote(_ text: String, options: SealOptions) throws -> SealReceipt {
        try custody.batch { try sealOneNote(text, options: options) }
    }

    private func sealOneNote(_ text: String, options: SealOptions) throws -> SealReceipt {
        let stripped = try strip(text, options: options)
        let labels = try strippedLabels(options, always: true)
        let witness = try options.witness.map { try witnessPseudonym($0) }
        let bytes = Array(stripped.text.utf8)
        let id = try newEntryID()
        let metadata = EntryMetadata(
            id: id.rawValue, kind: .note, sealedAt: Timestamp.format(options.now), name: nil,
            title: labels.title, tags: labels.tags, mediaType: "text/plain; charset=utf-8",
            size: Int64(bytes.count), content: EntryMembers.note, redacted: nil,
            pseudonyms: Array(stripped.pseudonyms.union(witness.map { [$0] } ?? [])).sorted(),
            redactions: Vault.countsByName(stripped), witness: witness, origin: nil)
        let writer = try EntryWriter(vault: self, id: id, modificationTime: Int64(options.now.timeIntervalSince1970))
        let written = try writer.addMetadata(metadata)
        try writer.addMember(EntryMembers.note, contents: bytes)
        try writer.commit()
        let digest = SHA256Hasher.hash(bytes)
        try recordEntry(.seal, id: id, member: EntryMembers.note, sha256: digest, salt: written.salt, at: options.now)
        try addToIndex([EntrySummary(metadata: metadata, sha256: digest.hex, redactedSHA256: nil)])
        return SealReceipt(id: id.rawValue, kind: .note, sha256: digest.hex, size: Int64(bytes.count),
                           name: nil, redacted: false, pseudonyms: metadata.pseudonyms)
    }

    /// Adds an entry that already has its metadata (imports). `content` is stored as given.
    func sealImported(metadata: EntryMetadata, content: [UInt8], redacted: [UInt8]?) throws -> SealReceipt {
        let id = try newEntryID()
        var metadata = metadata
        metadata.id = id.rawValue
        let writer = try EntryWriter(vault: self, id: id, modificationTime: Int64(Date().timeIntervalSince1970))
        let written = try writer.addMetadata(metadata)
        try writer.addMember(metadata.content, contents: content)
        if let redacted, let member = metadata.redacted { try writer.addMember(member, contents: redacted) }
        try writer.commit()
        let digest = SHA256Hasher.hash(content)
        try recordEntry(.import, id: id, member: metadata.content, sha256: digest, salt: written.salt, at: Date())
        try addToIndex([EntrySummary(metadata: metadata, sha256: digest.hex,
                                    redactedSHA256: redacted.map { SHA256Hasher.hash($0).hex })])
        return SealReceipt(id: id.rawValue, kind: metadata.kind, sha256: digest.hex, size: Int64(content.count),
                           name: metadata.name, redacted: redacted != nil, pseudonyms: metadata.pseudonyms)
    }

    /// A fresh id not used in this vault. 50 random bits make a clash unlikely;
    /// `EntryWriter.commit` publishes with link(2), which refuses to replace a
    /// file, in case one happens anyway between this check and the commit.
    func newEntryID() throws -> EntryID {
        while true {
            let id = EntryID.random()
            if !FileSystem.exists(layout.entry(id)) { return id }
        }
    }

    /// Title and tags are stripped too: a title such as "Interview with <name>"
    /// must not carry the name into the vault. A note's labels are always
    /// stripped; a document's when people are declared.
    private func strippedLabels(_ options: SealOptions, always: Bool = false) throws -> (title: String?, tags: [String]) {
        guard always || !options.identities.isEmpty || options.witness != nil else { return (options.title, options.tags) }
        let title = try options.title.map { try strip($0, options: options).text }
        let tags = try options.tags.map { try strip($0, options: options).text }
        return (title, tags)
    }

    static func countsByName(_ result: StripResult) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: result.counts.map { ($0.key.rawValue, $0.value) })
    }
}

/// A source opened on first read: the standard-input spool or a redirected file
/// is read once for the clean copy before the entry reads it from the start.
private final class RewindingSource: ByteSource {
    private let open: () throws -> any ByteSource
    private var source: (any ByteSource)?

    init(_ open: @escaping () throws -> any ByteSource) { self.open = open }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if source == nil { source = try open() }
        guard let source else { return 0 }
        return try source.read(into: buffer)
    }
}
