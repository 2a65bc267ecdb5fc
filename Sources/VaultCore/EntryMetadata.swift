import MediaClean

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
    /// The entry's id in the sender's vault; with `senderKey` and the content's
    /// SHA-256 it is what makes an import idempotent (absent before format 2).
    public var sourceID: String?

    public init(senderKey: String, signature: String, exportedAt: String, bundleSHA256: String, sourceID: String? = nil) {
        self.senderKey = senderKey
        self.signature = signature
        self.exportedAt = exportedAt
        self.bundleSHA256 = bundleSHA256
        self.sourceID = sourceID
    }

    enum CodingKeys: String, CodingKey {
        case senderKey = "sender_key", signature, exportedAt = "exported_at", bundleSHA256 = "bundle_sha256"
        case sourceID = "source_id"
    }
}

/// The entry's `metadata.json`, the first member of its tar payload.
/// Everything here is known before the content streams; the content's SHA-256
/// follows the content, in the `SHA256SUMS` member (docs/FORMAT.md).
public struct EntryMetadata: Codable, Equatable, Sendable {
    public static let currentFormat = "evault-entry/2"
    /// Entries sealed before commitments: readable, never given a salt afterwards.
    public static let readableFormats: Set<String> = ["evault-entry/1", currentFormat]

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
    /// 64 hex: the entry's secret commitment salt (format 2), drawn by `EntryWriter`.
    /// Never leaves the vault; `disclose` hands out one member's derived salt.
    public var commitmentSalt: String?
    /// Tar member holding the clean copy of a binary document (format 2), if any.
    public var clean: String?
    /// Size of the clean copy (it is known before the member is written).
    public var cleanSize: Int64?
    /// Why a PDF or Office document has no clean copy (it could not be cleaned at sealing).
    public var cleanError: String?
    /// What the clean copy dropped, by category; never the removed values.
    public var cleanReport: CleanSummary?

    /// A text document sealed with `--no-original`: its `redacted` member is its
    /// `content` (the stripped text); the original was never written.
    public var strippedOnly: Bool { kind == .document && redacted != nil && redacted == content }

    enum CodingKeys: String, CodingKey {
        case format, id, kind, name, title, tags, size, content, redacted, pseudonyms, redactions, witness, origin, clean
        case sealedAt = "sealed_at", mediaType = "media_type", commitmentSalt = "commitment_salt", cleanReport = "clean_report"
        case cleanSize = "clean_size", cleanError = "clean_error"
    }

    /// The entry's salt, nil for a format-1 entry (sealed before commitments).
    public var salt: CommitmentSalt? { commitmentSalt.flatMap(CommitmentSalt.init(hex:)) }

    /// The member a role names: `original` (the content), `redacted`, `clean`.
    public func member(_ role: SealedMember) -> String? {
        switch role {
        case .original: return content
        case .redacted: return redacted
        case .clean: return clean
        }
    }
}

/// The sealed members an export or a disclosure can name.
public enum SealedMember: String, Codable, CaseIterable, Sendable {
    /// The content as sealed: a document's original bytes, a note's stored text.
    case original
    /// A text document's stripped version.
    case redacted
    /// A binary document's clean copy.
    case clean
}

/// What a clean copy dropped, in categories ("GPS position", "camera serial"),
/// never the values; stored as `clean_report`.
public struct CleanSummary: Codable, Equatable, Sendable {
    public var removed: [String]
    /// Identities replaced in the text (PDF, Office).
    public var namesInText: Int
    /// Pages whose text layer was replaced by an image (PDF), 1-based.
    public var rasterizedPages: [Int]
    /// Left in place knowingly (video SEI user data); nil when nothing was.
    public var kept: [String]?

    public init(removed: [String], namesInText: Int = 0, rasterizedPages: [Int] = [], kept: [String]? = nil) {
        self.removed = removed
        self.namesInText = namesInText
        self.rasterizedPages = rasterizedPages
        self.kept = kept
    }

    init(_ report: CleanReport) {
        self.init(removed: report.removed, namesInText: report.namesInText, rasterizedPages: report.rasterisedPages,
                  kept: report.kept.isEmpty ? nil : report.kept)
    }

    /// One line for people: "GPS position, camera serial; 3 names in text".
    public var line: String {
        CleanReport(removed: removed, namesInText: namesInText, rasterisedPages: rasterizedPages, kept: kept ?? []).summary
    }

    enum CodingKeys: String, CodingKey {
        case removed, kept, namesInText = "names_in_text", rasterizedPages = "rasterized_pages"
    }
}

extension EntryMetadata {
    /// The fields the index keeps.
    var indexed: EntryMetadata {
        var m = self
        m.format = EntryMetadata.currentFormat
        m.commitmentSalt = nil
        m.clean = nil
        m.cleanSize = nil
        m.cleanError = nil
        m.cleanReport = nil
        return m
    }

    /// The file name `open --out-dir` gives this entry: the original name for a
    /// document, `ID-note.txt` for a note, `ID-redacted-NAME` for a stripped version,
    /// made safe on disk by `OutputName.safe` (control, invisible and path characters).
    public func outputFileName(redacted: Bool) -> String {
        OutputName.safe(storedOutputFileName(redacted: redacted))
    }

    /// True when the name on disk differs from the entry's own name (see `OutputName`).
    public func outputFileNameWasMadeSafe(redacted: Bool) -> Bool {
        outputFileName(redacted: redacted) != storedOutputFileName(redacted: redacted)
    }

    /// The name as the entry gives it, before it is made safe on disk.
    private func storedOutputFileName(redacted: Bool) -> String {
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

    /// Equal when everything the index keeps agrees (docs/FORMAT.md §4). The
    /// format, the commitment salt and the clean copy's details are read from the
    /// entry when needed, never from the index, so they do not take part.
    public static func == (a: EntrySummary, b: EntrySummary) -> Bool {
        a.sha256 == b.sha256 && a.redactedSHA256 == b.redactedSHA256 && a.metadata.indexed == b.metadata.indexed
    }

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
    static let cleanPrefix = "clean."

    static func path(_ id: String, _ member: String) -> String { id + "/" + member }

    /// A file name safe to use as a tar member and an output file: base name only,
    /// no control characters, no leading dots, bounded length.
    static func safeName(_ original: String) -> String {
        var name = FilePathText.base(original)
        name = String(name.unicodeScalars.filter { $0.value >= 0x20 && $0 != "/" && $0 != "\\" && $0.value != 0x7f }.map(Character.init))
        while name.hasPrefix(".") { name.removeFirst() }
        if name.utf8.count > 200 { name = String(name.prefix(120)) }
        let reserved: Set<String> = ["", metadata, checksums, redacted, mac]
        if reserved.contains(name) { return defaultDocument }
        // `clean.<ext>` is the clean copy's member (format 2).
        return name.hasPrefix(cleanPrefix) ? "original-" + name : name
    }
}
