import EvaultCrypto
import Foundation

/// A team member as the custody log records them (only inside encrypted log
/// segments: member names never appear in clear at rest).
public struct MemberRecord: Codable, Equatable, Sendable {
    /// 16 random hex digits: names the member's key slot `members/<id>.age`
    /// without revealing anything about them.
    public var id: String
    public var name: String
    public var ageRecipient: String
    public var minisignPublicKey: String
    public var addedAt: String

    enum CodingKeys: String, CodingKey {
        case id, name
        case ageRecipient = "age_recipient", minisignPublicKey = "minisign_public_key", addedAt = "added_at"
    }

    static func newID() -> String { Hex.encode(randomBytes(8)) }

    static func isID(_ s: String) -> Bool { DeviceMemory.isWriterID(s) }

    /// Member names are short and plain (the same rule as a key file's binding line).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
                || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
        }
    }
}

/// The members the custody log says, in the merge order of their additions.
/// Concurrent changes follow the keep list's rule: a removal wins over an
/// addition it had not seen.
struct MemberRoster {
    var members: [MemberRecord]

    init(events: [LogEvent]) {
        let ordered = events.sorted { $0.orderKey < $1.orderKey }
        members = VaultState.survivors(ordered, add: .memberAdd, remove: .memberRemove, key: { $0.details.member?.id })
            .compactMap(\.details.member)
    }

    func member(id: String) -> MemberRecord? { members.first { $0.id == id } }
    func member(named name: String) -> MemberRecord? { members.first { $0.name == name } }
}

extension MemberRoster {
    /// Every member ever added, removed ones included, by id: whose signature an old event carries.
    static func everyone(_ events: [LogEvent]) -> [String: MemberRecord] {
        var all: [String: MemberRecord] = [:]
        for e in events where e.leaf.kind == .memberAdd {
            if let m = e.details.member, all[m.id] == nil { all[m.id] = m }
        }
        return all
    }
}
