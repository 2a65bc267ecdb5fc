/// The vault's record of which keyed hash owns which pseudonym. Pseudonyms are
/// short, so two different people can draw the same one; the registry notices
/// (same pseudonym, other hash) and gives the newcomer a suffixed variant.
/// It holds keyed hashes and pseudonyms only, never a name; the vault stores
/// it encrypted.
public struct PseudonymRegistry: Codable, Sendable, Equatable {
    /// Hex of the keyed identity hash -> the full pseudonym assigned to it.
    private var byHash: [String: String]
    /// Full pseudonym -> hex hash that owns it.
    private var byPseudonym: [String: String]

    public init() {
        byHash = [:]
        byPseudonym = [:]
    }

    /// How many identities have a pseudonym.
    public var count: Int { byHash.count }

    /// The pseudonym assigned to a keyed hash, if any (for `who` and `list --who`).
    public func pseudonym(forHash hash: [UInt8]) -> String? { byHash[Self.hex(hash)] }

    /// True when `pseudonym` is assigned to some identity in this vault.
    public func contains(pseudonym: String) -> Bool { byPseudonym[pseudonym] != nil }

    /// Returns the pseudonym for `hash`, registering `base` (or the first free
    /// suffixed variant of it) when the hash is new.
    mutating func assign(hash: [UInt8], base: String) -> String {
        let key = Self.hex(hash)
        if let existing = byHash[key] { return existing }
        var candidate = base
        var n = 2
        while byPseudonym[candidate] != nil {
            candidate = Self.suffixed(base, n)
            n += 1
        }
        byHash[key] = candidate
        byPseudonym[candidate] = key
        return candidate
    }

    /// `[phone 7QK2]` -> `[phone 7QK2-2]`; `Person amber-falcon` -> `Person amber-falcon-2`.
    static func suffixed(_ base: String, _ n: Int) -> String {
        if base.hasSuffix("]") { return String(base.dropLast()) + "-\(n)]" }
        return base + "-\(n)"
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
