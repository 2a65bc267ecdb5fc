/// A person the journalist names to protect: a full name and optional aliases,
/// parsed from `Full Name` or `Full Name=Alias,Other Alias`.
public struct DeclaredIdentity: Hashable, Sendable {
    public let name: String
    public let aliases: [String]

    public init(parsing line: String) throws {
        let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = Self.clean(parts.first.map(String.init) ?? "")
        guard !name.isEmpty else { throw StrippingError.emptyIdentity }
        var aliases: [String] = []
        if parts.count == 2 {
            for piece in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
                let a = Self.clean(String(piece))
                guard !a.isEmpty else { throw StrippingError.emptyAlias }
                aliases.append(a)
            }
        }
        for s in [name] + aliases where NameNormalizer.words(of: s).isEmpty {
            throw StrippingError.identityWithoutLetters
        }
        self.name = name
        self.aliases = aliases
    }

    public init(name: String, aliases: [String] = []) throws {
        try self.init(parsing: ([name] + (aliases.isEmpty ? [] : [aliases.joined(separator: ",")])).joined(separator: "="))
    }

    /// The normalised full name the pseudonym is derived from: every spelling of
    /// the same name (case, diacritics, Cyrillic or Latin) gives the same string.
    public var normalizedName: String { LegacyNameKey.normalizedPhrase(name) }

    private static func clean(_ s: String) -> String {
        // Collapse runs of white space so "Aslan  Umarov" and "Aslan Umarov" are one identity.
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
