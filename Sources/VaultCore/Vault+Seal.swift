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
    public func sealDocuments(at paths: [String], options: SealOptions,
                              sealed: (SealReceipt) -> Void = { _ in }) throws -> [SealReceipt] {
        try custody.batch { try sealEach(paths, options: options, sealed: sealed) }
    }

    private func sealEach(_ paths: [String], options: SealOptions, sealed: (SealReceipt) -> Void) throws -> [SealReceipt] {
        var receipts: [SealReceipt] = []
        var summaries: [EntrySummary] = []
        // The index is a cache refreshed from entries/ on every load, so a failure
        // to update it here loses nothing; the entries themselves are durable.
        defer { if !summaries.isEmpty { try? addToIndex(summaries) } }
        for path in paths {
            let (receipt, summary) = try sealOneDocument(at: path, options: options)
            receipts.append(receipt)
            summaries.append(summary)
            sealed(receipt)
        }
        return receipts
    }

    private func sealOneDocument(at path: String, options: SealOptions) throws -> (SealReceipt, EntrySummary) {
        guard FileSystem.exists(path) else { throw VaultError.unreadableInput(path: path, reason: "no such file") }
        guard FileSystem.isRegularFile(path) else { throw VaultError.unreadableInput(path: path, reason: "not a regular file") }
        let input: FileStream
        do { input = try FileStream.openForReading(path: path) } catch {
            throw VaultError.unreadableInput(path: path, reason: FileSystem.reason())
        }
        let size = input.size
        let name = EntryMembers.safeName(path)

        // A text document is read whole so that its stripped version can be made;
        // anything else streams through in fixed-size blocks.
        var textBytes: [UInt8]?
        var stripped: StripResult?
        if MediaType.isStrippableText(name: name), size <= Vault.strippableTextLimit {
            do { textBytes = try input.readToEnd(limit: Vault.strippableTextLimit) } catch {
                throw VaultError.unreadableInput(path: path, reason: "\(error)")
            }
            if let bytes = textBytes, let text = String(validating: bytes, as: UTF8.self) {
                stripped = try strip(text, options: options)
            }
        }
        let labels = try strippedLabels(options)
        let id = try newEntryID()
        var metadata = EntryMetadata(
            id: id.rawValue, kind: .document, sealedAt: Timestamp.format(options.now), name: name,
            title: labels.title, tags: labels.tags, mediaType: MediaType.of(name: name),
            size: Int64(textBytes?.count ?? Int(size)), content: name,
            redacted: stripped == nil ? nil : EntryMembers.redacted,
            pseudonyms: stripped.map { $0.pseudonyms.sorted() } ?? [],
            redactions: stripped.map(Vault.countsByName) ?? [:], witness: nil, origin: nil)
        let writer = try EntryWriter(vault: self, id: id, modificationTime: Int64(options.now.timeIntervalSince1970))
        try writer.addMetadata(metadata)
        let digest: SHA256Digest
        if let bytes = textBytes {
            try writer.addMember(name, contents: bytes)
            digest = SHA256Hasher.hash(bytes)
        } else {
            do { digest = try writer.addMember(name, from: input, size: size) } catch is HashingCopier.CopyError {
                throw VaultError.inputChanged(path: path)
            } catch let error as ByteStreamError {
                throw VaultError.unreadableInput(path: path, reason: "\(error)")
            }
        }
        var redactedDigest: SHA256Digest?
        if let stripped {
            let bytes = Array(stripped.text.utf8)
            try writer.addMember(EntryMembers.redacted, contents: bytes)
            redactedDigest = SHA256Hasher.hash(bytes)
        }
        try writer.commit()
        try recordEntry(.seal, id: id, member: name, sha256: digest, at: options.now)
        metadata.size = textBytes.map { Int64($0.count) } ?? size
        let receipt = SealReceipt(id: id.rawValue, kind: .document, sha256: digest.hex, size: metadata.size,
                                  name: name, redacted: stripped != nil, pseudonyms: metadata.pseudonyms)
        return (receipt, EntrySummary(metadata: metadata, sha256: digest.hex, redactedSHA256: redactedDigest?.hex))
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
        try writer.addMetadata(metadata)
        try writer.addMember(EntryMembers.note, contents: bytes)
        try writer.commit()
        let digest = SHA256Hasher.hash(bytes)
        try recordEntry(.seal, id: id, member: EntryMembers.note, sha256: digest, at: options.now)
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
        try writer.addMetadata(metadata)
        try writer.addMember(metadata.content, contents: content)
        if let redacted, let member = metadata.redacted { try writer.addMember(member, contents: redacted) }
        try writer.commit()
        let digest = SHA256Hasher.hash(content)
        try recordEntry(.import, id: id, member: metadata.content, sha256: digest, at: Date())
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
