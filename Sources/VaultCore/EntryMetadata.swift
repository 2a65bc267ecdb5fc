/// What kind of evidence an entry holds.
public enum EntryKind: String, Codable, Sendable, CaseIterable {
    /// A source document, stored byte for byte as it was sealed.
    case document
    /// A witness note, stored only after identity stripping.
    case note
}

/// Where an imported entry came from: the export it arrived in.
public struct EntryOrigin: Codable, Equatable, Sendable {
    public var senderKey: String
    public var signature: String
    public var exportedAt: String
    public var bundleSHA256: String

    public init(senderKey: String, signature: String, exportedAt: String, bundleSHA256: String) {
        self.senderKey = senderKey
        self.signature = signature
        self.exportedAt = exportedAt
        self.bundleSHA256 = bundleSHA256
    }

    enum CodingKeys: String, CodingKey {
        case senderKey = "sender_key", signature, exportedAt = "exported_at", bundleSHA256 = "bundle_sha256"
    }
}

/// The entry's `metadata.json`, the first member of its tar payload.
/// Everything here is known before the content streams; the content's SHA-256
/// follows the content, in the `SHA256SUMS` member (docs/FORMAT.md).
public struct EntryMetadata: Codable, Equatable, Sendable {
    public static let currentFormat = "evault-entry/1"

    public var format: String = EntryMetadata.currentFormat
    public var id: String
    public var kind: EntryKind
    public var sealedAt: String
    /// Original file name (documents), base name only.
    public var name: String?
    public var title: String?
    public var tags: [String]
    public var mediaType: String
    /// Size of the sealed original (documents) or of the stored note text.
    public var size: Int64
    /// Tar member (under `ID/`) holding the content.
    public var content: String
    /// Tar member holding the stripped version of a text document, if any.
    public var redacted: String?
    /// Pseudonyms that the stored text (note or redacted version) carries.
    public var pseudonyms: [String]
    /// What stripping replaced, counted by kind; never the removed text.
    public var redactions: [String: Int]
    /// The witness of a note, as a pseudonym.
    public var witness: String?
    public var origin: EntryOrigin?

    /// A text document sealed with `--no-original`: its `redacted` member is its
    /// `content` (the stripped text); the original was never written.
    public var strippedOnly: Bool { kind == .document && redacted != nil && redacted == content }

    enum CodingKeys: String, CodingKey {
        case format, id, kind, name, title, tags, size, content, redacted, pseudonyms, redactions, witness, origin
        case sealedAt = "sealed_at", mediaType = "media_type"
    }
}

extension EntryMetadata {
    /// The file name `open --out-dir` gives this entry: the original name for a
    /// document, `ID-note.txt` for a note, `ID-redacted-NAME` for a stripped version.
    public func outputFileName(redacted: Bool) -> String {
        if kind == .note { return "\(id)-note.txt" }
        let original = name ?? "\(id)-document"
        return redacted ? "\(id)-redacted-\(original)" : original
    }
}

/// One line of `evault list`: the metadata plus the digests from the trailer.
public struct EntrySummary: Codable, Equatable, Sendable {
    public var metadata: EntryMetadata
    public var sha256: String
    public var redactedSHA256: String?

    public var id: String { metadata.id }

    enum CodingKeys: String, CodingKey {
        case metadata, sha256, redactedSHA256 = "redacted_sha256"
    }
}

/// Member names inside an entry's tar stream, all under the `ID/` directory so
/// that `tar -x` of several entries never collide.
enum EntryMembers {
    static let metadata = "metadata.json"
    static let checksums = "SHA256SUMS"
    static let mac = "evault.mac"
    static let note = "note.txt"
    static let redacted = "redacted.txt"
    static let defaultDocument = "document"

    static func path(_ id: String, _ member: String) -> String { id + "/" + member }

    /// A file name safe to use as a tar member and an output file: base name only,
    /// no control characters, no leading dots, bounded length.
    static func safeName(_ original: String) -> String {
        var name = FilePathText.base(original)
        name = String(name.unicodeScalars.filter { $0.value >= 0x20 && $0 != "/" && $0 != "\\" && $0.value != 0x7f }.map(Character.init))
        while name.hasPrefix(".") { name.removeFirst() }
        if name.utf8.count > 200 { name = String(name.prefix(120)) }
        let reserved: Set<String> = ["", metadata, checksums, redacted, mac]
        return reserved.contains(name) ? defaultDocument : name
    }
}
