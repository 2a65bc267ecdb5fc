import EvaultCrypto
import Foundation

/// What a custody-log event records.
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case seal, `import`, export, deletion
    case keepAdd = "keep-add", keepRemove = "keep-remove"
    case partnerAdd = "partner-add", partnerRemove = "partner-remove", partnerPseudonyms = "partner-pseudonyms"
    case pseudonym
    case keyChange = "key-change"
    case migration
    case memberAdd = "member-add", memberRemove = "member-remove", keyRotation = "key-rotation"
    /// `evault disclose`: one commitment opened for one partner (Vault+Disclose).
    case disclosure
    /// A corrected title or tags (`evault edit`), stripped like the originals.
    case edit
}

/// The public part of an event: the Merkle leaf data, exactly these JSON bytes
/// (keys sorted). It names no person and no document: a document only through
/// its commitment, everything else through `details`, a salted SHA-256 of the
/// encrypted details. The random `salt` makes every leaf unguessable, so a
/// proof's neighbouring hashes reveal nothing.
public struct EventLeaf: Codable, Equatable, Sendable {
    public var format = "evault-event/1"
    public var kind: EventKind
    /// RFC 3339 UTC: when the writer says it happened (shown, never used for ordering).
    public var at: String
    public var writer: String
    /// For every other writer, how many of its events this writer had read.
    public var seen: [String: Int]
    public var salt: String
    public var entry: String?
    /// Seal and import: the commitment to the entry's content member.
    public var commitment: String?
    public var details: String?

    enum CodingKeys: String, CodingKey {
        case format, kind, at, writer, seen, salt, entry, commitment, details
    }
}

/// The private part of an event, stored only inside the encrypted segment.
/// Holds keep-list names (public figures) and partner labels, never a declared
/// person: pseudonyms appear only with keyed hashes.
public struct EventDetails: Codable, Equatable, Sendable {
    /// Keep list: the kept name.
    public var name: String?
    /// Partners.
    public var partner: Partner?
    public var partnerName: String?
    public var partnerSalt: String?
    public var partnerPseudonyms: [String: String]?
    /// Pseudonym registry: keyed hash (hex) and pseudonym.
    public var hash: String?
    public var pseudonym: String?
    /// Exports: what the export record records.
    public var export: ExportRecord?
    /// Seal and import: the entry salt that opens `commitment`.
    public var entrySalt: String?
    /// Key change: the key file written.
    public var keys: String?
    /// Members: the member added or removed; `by` and `signature`: the member
    /// who made the change (their id) and their Ed25519 signature (Members/).
    public var member: MemberRecord?
    public var by: String?
    public var signature: String?
    /// Key rotation: the new generation, and the old key's signed statement naming it.
    public var rotation: KeyRotation?
    /// Disclosure: what was opened for whom (never the salt: the vault can derive it again).
    public var disclosure: DisclosureRecord?
    /// Seal and import: true when the event logs an entry a crashed command had published (Vault+Adopt).
    public var adopted: Bool?
    /// Edit: the new title (stripped), the tags added and removed (stripped).
    public var title: String?
    public var tagsAdded: [String]?
    public var tagsRemoved: [String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case name, partner, hash, pseudonym, export, keys, member, by, signature, rotation, disclosure, adopted
        case partnerName = "partner_name", partnerSalt = "partner_salt", partnerPseudonyms = "partner_pseudonyms"
        case entrySalt = "entry_salt"
        case title, tagsAdded = "tags_added", tagsRemoved = "tags_removed"
    }

    /// SHA-256("evault-event-details/1" 0x00 || salt || details bytes): what the leaf holds.
    static func digest(salt: [UInt8], bytes: [UInt8]) -> String {
        var h = SHA256Hasher()
        h.update(Array("evault-event-details/1\u{0}".utf8))
        h.update(salt)
        h.update(bytes)
        return h.finalize().hex
    }
}

/// One event as read back from the log.
public struct LogEvent: Sendable {
    public var leaf: EventLeaf
    public var leafData: [UInt8]
    public var details: EventDetails
    /// Position in its writer's log (0-based) and the leaf hash.
    public var position: Int
    public var leafHash: Merkle.Hash

    /// Whether this event had read `other` when it was written (causal order).
    func hasSeen(_ other: LogEvent) -> Bool {
        if other.leaf.writer == leaf.writer { return other.position < position }
        return (leaf.seen[other.leaf.writer] ?? 0) > other.position
    }

    /// The merge order: the number of events it had seen in all, then writer, then position.
    var orderKey: (Int, String, Int) {
        (leaf.seen.values.reduce(position, +), leaf.writer, position)
    }
}

/// An event about to be written.
struct NewEvent {
    var kind: EventKind
    var at: Date = Date()
    var entry: String?
    var commitment: String?
    var details = EventDetails()
}
