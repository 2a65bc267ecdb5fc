import EvaultCrypto

/// A random entry identifier: 10 characters of a lowercase base32 alphabet
/// without look-alike letters (i, l, o, u), 50 bits of randomness.
///
/// Ids are random on purpose: an id derived from content or a file name would
/// let anyone holding a copy of a document confirm that it is in the vault.
public struct EntryID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
    public static let length = 10

    public let rawValue: String

    /// Accepts a complete, well-formed id.
    public init?(_ text: String) {
        guard text.utf8.count == EntryID.length, text.utf8.allSatisfy({ EntryID.isAlphabetByte($0) }) else { return nil }
        rawValue = text
    }

    /// Byte test for the alphabet: `list` checks 10,000 file names per run.
    static func isAlphabetByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
            return b != UInt8(ascii: "i") && b != UInt8(ascii: "l") && b != UInt8(ascii: "o") && b != UInt8(ascii: "u")
        default: return false
        }
    }

    public static func random() -> EntryID {
        var s = ""
        for _ in 0..<length {
            s.append(alphabet[Int(randomUniform(UInt32(alphabet.count)))])
        }
        return EntryID(unchecked: s)
    }

    private init(unchecked: String) { rawValue = unchecked }

    public var description: String { rawValue }

    public static func < (a: EntryID, b: EntryID) -> Bool { a.rawValue < b.rawValue }

    /// Whether `text` could be the start of an id (used to reject typos early).
    public static func isPlausiblePrefix(_ text: String) -> Bool {
        !text.isEmpty && text.count <= length && text.lowercased().allSatisfy { alphabet.contains($0) }
    }

    /// Resolves a typed id or unique prefix among `ids`.
    public static func resolve(_ typed: String, among ids: [EntryID]) throws -> EntryID {
        let prefix = typed.lowercased()
        guard isPlausiblePrefix(prefix) else { throw VaultError.unknownEntry(typed) }
        let matches = ids.filter { $0.rawValue.hasPrefix(prefix) }
        switch matches.count {
        case 0: throw VaultError.unknownEntry(typed)
        case 1: return matches[0]
        default: throw VaultError.ambiguousEntry(typed, matches: matches.count)
        }
    }
}
