import EvaultCrypto
import IdentityStripping

/// Each partner's own pseudonyms, so that two partners comparing their exports
/// cannot join them on a name.
///
/// A partner pseudonym is derived from the *vault pseudonym* (never from a name)
/// with a per-partner key: keyed BLAKE2b, key = BLAKE2b(vault pseudonym key,
/// domain || partner salt). It keeps the vault pseudonym's shape (`Person …`,
/// `Witness …` with the same words for one person, `[phone …]`), so an exported
/// text reads like a stripped text. The assignments are remembered in the
/// partner record, which keeps them stable across exports and lets a collision
/// (two vault pseudonyms drawing the same partner pseudonym) be resolved once,
/// with a suffix, as the vault's own registry does.
struct PartnerPseudonyms {
    static let keyDomain = Array("evault partner pseudonym key v1".utf8)
    static let codeDomain = Array("evault partner pseudonym code v1".utf8)
    /// Crockford-style base32 without I, L, O, U, as in vault pseudonym codes.
    static let codeAlphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    private let key: SecureBytes
    private let pseudonymizer: Pseudonymizer

    init(vaultKey: SecureBytes, salt: [UInt8]) throws {
        var message = PartnerPseudonyms.keyDomain + salt
        var derived = BLAKE2b.hash(message, outputLength: 32, key: vaultKey)
        defer { wipe(&derived); wipe(&message) }
        key = SecureBytes(copying: derived)
        pseudonymizer = Pseudonymizer(key: try PseudonymKey(key))
    }

    /// What a vault pseudonym is made of.
    enum Shape: Equatable {
        /// `Person amber-falcon` or `Witness amber-falcon`: one person, two forms.
        case person(prefix: String, body: String)
        /// `[phone 7QK2]`, `[email 3M0A-2]`.
        case code(label: String, body: String)
        /// Anything else is replaced whole by a code.
        case other(String)

        init(_ pseudonym: String) {
            for prefix in ["Person ", "Witness "] where pseudonym.hasPrefix(prefix) && pseudonym.count > prefix.count {
                self = .person(prefix: String(prefix.dropLast()), body: String(pseudonym.dropFirst(prefix.count)))
                return
            }
            if pseudonym.hasPrefix("["), pseudonym.hasSuffix("]"), let space = pseudonym.lastIndex(of: " ") {
                let label = pseudonym[pseudonym.index(after: pseudonym.startIndex)..<space]
                let body = pseudonym[pseudonym.index(after: space)..<pseudonym.index(before: pseudonym.endIndex)]
                if !label.isEmpty && !body.isEmpty {
                    self = .code(label: String(label), body: String(body))
                    return
                }
            }
            self = .other(pseudonym)
        }

        /// The key under which the partner's assignment is remembered: both forms
        /// of a person share one.
        var registryKey: String {
            switch self {
            case .person(_, let body): return "person:" + body
            case .code(let label, let body): return "code:" + label + ":" + body
            case .other(let text): return "other:" + text
            }
        }

        /// Assignments that must not collide with this one.
        var registryClass: String {
            switch self {
            case .person: return "person:"
            case .code(let label, _): return "code:" + label + ":"
            case .other: return "other:"
            }
        }

        func rendered(body: String) -> String {
            switch self {
            case .person(let prefix, _): return prefix + " " + body
            case .code(let label, _): return "[" + label + " " + body + "]"
            case .other: return "[pseudonym " + body + "]"
            }
        }
    }

    /// The partner's body for a vault pseudonym, before collision handling.
    func baseBody(_ shape: Shape) -> String {
        switch shape {
        case .person(_, let body):
            let p = pseudonymizer.pseudonymWithoutRegistry(for: body.replacingOccurrences(of: "-", with: " "), kind: .person)
            return p.hasPrefix("Person ") ? String(p.dropFirst("Person ".count)) : code(for: shape.registryKey)
        case .code, .other:
            return code(for: shape.registryKey)
        }
    }

    /// Eight base32 characters (40 bits) of keyed BLAKE2b, as wide as a vault's
    /// new identifier codes (FORMAT.md section 8, "Pseudonym space"); codes a
    /// partner already has stay as they are (remembered in the partner record).
    private func code(for text: String) -> String {
        let h = BLAKE2b.hash(PartnerPseudonyms.codeDomain + [0] + Array(text.utf8), outputLength: 32, key: key)
        var bits: UInt64 = 0
        for byte in h.prefix(5) { bits = (bits << 8) | UInt64(byte) }
        var out = ""
        for shift in stride(from: 35, through: 0, by: -5) {
            out.append(Character(Unicode.Scalar(PartnerPseudonyms.codeAlphabet[Int((bits >> UInt64(shift)) & 31)])))
        }
        return out
    }

    /// The partner pseudonym of each vault pseudonym (both forms of every person),
    /// assigning and recording new ones in `assigned`.
    func mapping(for vaultPseudonyms: [String], assigned: inout [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for pseudonym in vaultPseudonyms {
            let shape = Shape(pseudonym)
            let body: String
            if let known = assigned[shape.registryKey] {
                body = known
            } else {
                let used = Set(assigned.filter { $0.key.hasPrefix(shape.registryClass) }.values)
                let base = baseBody(shape)
                var candidate = base
                var n = 2
                while used.contains(candidate) {
                    candidate = base + "-\(n)"
                    n += 1
                }
                assigned[shape.registryKey] = candidate
                body = candidate
            }
            result[pseudonym] = shape.rendered(body: body)
            if case let .person(prefix, vaultBody) = shape {
                let other = prefix == "Person" ? "Witness" : "Person"
                result[other + " " + vaultBody] = Shape.person(prefix: other, body: vaultBody).rendered(body: body)
            }
        }
        return result
    }

    /// Replaces every whole occurrence of a vault pseudonym in `text`, longest
    /// first, so `Person amber-falcon-2` is never read as `Person amber-falcon`.
    static func apply(_ mapping: [String: String], to text: String) -> String {
        guard !mapping.isEmpty else { return text }
        let candidates = mapping.keys.sorted { $0.utf8.count > $1.utf8.count }.map { (Array($0.utf8), Array((mapping[$0] ?? $0).utf8)) }
        let firsts = Set(candidates.compactMap(\.0.first))
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        // A letter or digit (any script) touching a match means it is part of a longer word.
        func isWordScalar(startingAt j: Int) -> Bool {
            guard j >= 0, j < bytes.count else { return false }
            let scalar = String(decoding: bytes[j..<min(j + 4, bytes.count)], as: UTF8.self).unicodeScalars.first
            return scalar.map { $0.properties.isAlphabetic || $0.properties.numericType != nil } ?? false
        }
        func isWordBefore(_ j: Int) -> Bool {
            var k = j - 1
            while k > 0 && bytes[k] & 0xC0 == 0x80 { k -= 1 }
            return isWordScalar(startingAt: k)
        }
        scan: while i < bytes.count {
            if firsts.contains(bytes[i]), !isWordBefore(i) {
                for (from, to) in candidates where i + from.count <= bytes.count && bytes[i..<(i + from.count)].elementsEqual(from) {
                    let end = i + from.count
                    if isWordScalar(startingAt: end) { continue }
                    if end < bytes.count, bytes[end] == UInt8(ascii: "-"), isWordScalar(startingAt: end + 1) { continue }
                    out.append(contentsOf: to)
                    i = end
                    continue scan
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
