/// `manifest.json`, the signed heart of an export bundle (docs/FORMAT.md §7).
/// The signature covers it, and it names the SHA-256 of every exported file,
/// so one minisign check plus `sha256sum -c` proves the whole bundle.
///
/// It names a sealed file only by a commitment that only the sending vault can
/// open (`disclose`): no hash or size of anything the partner does not hold.
public struct ExportManifest: Codable, Equatable, Sendable {
    public static let currentFormat = "evault-export/2"

    public var format: String = ExportManifest.currentFormat
    public var exportedAt: String
    public var sender: Sender
    /// The sending vault's names for the recipients (only recipients can read this).
    public var to: [String]
    /// `"partner"`: the pseudonyms are the recipient's own; `"vault"`: the sending
    /// vault's, shared by every recipient (`--linkable`).
    public var pseudonyms: String
    public var entries: [Entry]

    public struct Sender: Codable, Equatable, Sendable {
        /// The one-line minisign public key ("RW…") that signed `manifest.json`.
        public var minisignPublicKey: String
        /// minisign's key id, as `minisign -V` prints it.
        public var keyID: String
        /// Where the recipient can send a reply.
        public var ageRecipient: String

        enum CodingKeys: String, CodingKey {
            case minisignPublicKey = "minisign_public_key", keyID = "key_id", ageRecipient = "age_recipient"
        }
    }

    public struct Entry: Codable, Equatable, Sendable {
        public var id: String
        public var kind: EntryKind
        public var sealedAt: String
        public var mediaType: String
        /// The commitment to the sealed original (a note: its stored text);
        /// absent for an entry sealed before commitments (format 1).
        public var commitment: String?
        /// Commitments to every sealed member by role (`original`, `redacted`,
        /// `clean`): a disclosure of any of them can be checked here.
        public var commitments: [String: String]?
        /// What was exported: `note` (the stored stripped note), `redacted` (a text
        /// document's stripped version), `clean` (a binary document's clean copy)
        /// or `original` (the unredacted bytes, only with --include-originals).
        public var exported: String
        /// The exported file, relative to the bundle root (`files/…`), its SHA-256 and size.
        public var file: String
        public var fileSHA256: String
        public var fileSize: Int64
        /// The pseudonyms the exported text carries, as the recipient sees them.
        public var pseudonyms: [String]
        public var witness: String?
        /// What stripping replaced, counted by kind; never the removed text.
        public var redactions: [String: Int]

        enum CodingKeys: String, CodingKey {
            case id, kind, exported, file, pseudonyms, witness, redactions, commitment, commitments
            case sealedAt = "sealed_at", mediaType = "media_type"
            case fileSHA256 = "file_sha256", fileSize = "file_size"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, sender, to, pseudonyms, entries
        case exportedAt = "exported_at"
    }
}

/// Member names of a bundle's tar stream.
enum BundleMembers {
    static let manifest = "manifest.json"
    static let signature = "manifest.json.minisig"
    static let checksums = "SHA256SUMS"
    /// The tlog-proof of the bundle's own export event (FORMAT.md §7); absent in older bundles.
    static let custodyProof = "custody-proof.txt"
    static let filesDirectory = "files"
}
