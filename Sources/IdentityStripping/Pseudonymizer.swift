import EvaultCrypto

/// Turns an identity into a readable pseudonym: a keyed BLAKE2b hash of the
/// normalised identity (so it is stable in a vault, unlinkable across vaults and
/// irreversible without the key) picks words or a short code.
public struct Pseudonymizer: Sendable {
    private let key: PseudonymKey
    private let adjectives: [String]
    private let nouns: [String]
    /// Base32 characters after a person's two words: 5 (25 bits; 41 with the words).
    private let personCode: Int
    /// Base32 characters of another kind's code: 8 (40 bits).
    private let identifierCode: Int

    /// New pseudonyms come from at least 2^40 (FORMAT.md section 8, "Pseudonym
    /// space"), so that two laptops adding people unseen by each other
    /// practically never draw one pseudonym for two people. Pseudonyms a vault
    /// already gave keep their old, shorter form: the registry is consulted first.
    public static let personCodeCharacters = 5
    public static let identifierCodeCharacters = 8

    static let domain = Array("evault pseudonym v1".utf8)
    /// Crockford-style base32 without I, L, O, U: unambiguous when read aloud.
    private static let codeAlphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    public init(key: PseudonymKey) {
        self.init(key: key, wordsPerList: 256, personCode: Self.personCodeCharacters, identifierCode: Self.identifierCodeCharacters)
    }

    /// Test hook: a tiny word space (e.g. 1 x 1) and no code after the words
    /// force collisions so the registry's disambiguation can be exercised.
    /// Production uses 256 x 256 words and 5 code characters.
    public init(key: PseudonymKey, wordsPerList: Int) {
        self.init(key: key, wordsPerList: wordsPerList, personCode: 0, identifierCode: Self.identifierCodeCharacters)
    }

    private init(key: PseudonymKey, wordsPerList: Int, personCode: Int, identifierCode: Int) {
        self.key = key
        let n = max(1, min(wordsPerList, 256))
        adjectives = Array(PseudonymWords.adjectives.prefix(n))
        nouns = Array(PseudonymWords.nouns.prefix(n))
        self.personCode = personCode
        self.identifierCode = identifierCode
    }

    /// The normalised form of an identity of `kind`: equal for every spelling
    /// that names the same thing (name case/script, phone formatting, …).
    public static func normalize(_ identity: String, kind: IdentifierKind) -> String {
        switch kind {
        case .person:
            // Frozen: existing vaults keep their pseudonyms whatever matching does.
            return LegacyNameKey.normalizedPhrase(identity)
        case .phone:
            var digits = identity.unicodeScalars.filter { NameNormalizer.isDigit($0.value) }.map { Character($0) }
            // Russian trunk prefix: 8 9xx … and +7 9xx … are the same number.
            if digits.count == 11 && digits.first == "8" && !identity.contains("+") { digits[0] = "7" }
            return String(digits)
        case .iban, .card:
            return String(identity.unicodeScalars.filter { NameNormalizer.isDigit($0.value) || NameNormalizer.isLetter($0.value) }.map { Character($0) }).uppercased()
        case .handle:
            var s = identity.lowercased()
            for prefix in ["https://", "http://", "www.", "m."] where s.hasPrefix(prefix) { s.removeFirst(prefix.count) }
            if s.hasPrefix("@") { s.removeFirst() }
            while s.hasSuffix("/") { s.removeLast() }
            return s
        default:
            return identity.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
    }

    /// Keyed BLAKE2b-256 of the domain, the kind and the normalised identity.
    public func identityHash(_ normalized: String, kind: IdentifierKind) -> [UInt8] {
        var message = Self.domain
        message.append(0)
        message.append(contentsOf: Array(kind.rawValue.utf8))
        message.append(0)
        message.append(contentsOf: Array(normalized.utf8))
        let h = BLAKE2b.hash(message, outputLength: 32, key: key.secret)
        wipe(&message)
        return h
    }

    /// The hash of an identity as written (normalised here first).
    public func hash(of identity: String, kind: IdentifierKind) -> [UInt8] {
        identityHash(Self.normalize(identity, kind: kind), kind: kind)
    }

    /// The pseudonym a hash maps to before any collision handling.
    func basePseudonym(hash: [UInt8], kind: IdentifierKind) -> String {
        if kind == .person {
            let a = adjectives[Int(hash[0]) % adjectives.count]
            let n = nouns[Int(hash[1]) % nouns.count]
            guard personCode > 0 else { return "Person \(a)-\(n)" }
            return "Person \(a)-\(n)-\(Self.code(hash, fromBit: 16, characters: personCode))"
        }
        return "[\(kind.label) \(Self.code(hash, fromBit: 0, characters: identifierCode))]"
    }

    /// `characters` base32 characters from the hash's bits, most significant first.
    static func code(_ hash: [UInt8], fromBit start: Int, characters: Int) -> String {
        var code = ""
        for c in 0..<characters {
            var value = 0
            for b in 0..<5 {
                let bit = start + c * 5 + b
                value = (value << 1) | Int((hash[bit / 8] >> (7 - UInt8(bit % 8))) & 1)
            }
            code.append(Character(Unicode.Scalar(codeAlphabet[value])))
        }
        return code
    }

    /// The stable pseudonym of `identity`, registered (and disambiguated on a
    /// collision) in `registry`. People read `Person amber-falcon-7QK2M`.
    public func pseudonym(for identity: String, kind: IdentifierKind, registry: inout PseudonymRegistry) -> String {
        pseudonym(hash: hash(of: identity, kind: kind), kind: kind, registry: &registry)
    }

    func pseudonym(hash: [UInt8], kind: IdentifierKind, registry: inout PseudonymRegistry) -> String {
        registry.assign(hash: hash, base: basePseudonym(hash: hash, kind: kind))
    }

    /// The pseudonym without consulting a registry (for `who`): equal to what
    /// `pseudonym(for:kind:registry:)` returns unless a collision was resolved;
    /// look up `registry.pseudonym(forHash: hash(of:kind:))` when a registry is at hand.
    public func pseudonymWithoutRegistry(for identity: String, kind: IdentifierKind) -> String {
        basePseudonym(hash: hash(of: identity, kind: kind), kind: kind)
    }

    /// How the witness of a note is shown: `Witness amber-falcon` for the
    /// person pseudonym `Person amber-falcon`.
    public static func witnessForm(of personPseudonym: String) -> String {
        personPseudonym.hasPrefix("Person ") ? "Witness " + personPseudonym.dropFirst("Person ".count) : personPseudonym
    }

    /// The witness's pseudonym: `Witness <words>`, the same words as its `Person` form.
    public func witnessPseudonym(for identity: String, registry: inout PseudonymRegistry) -> String {
        Self.witnessForm(of: pseudonym(for: identity, kind: .person, registry: &registry))
    }
}
