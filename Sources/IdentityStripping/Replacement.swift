/// One replaced span. `start` and `end` count Unicode scalars of the input
/// (as Python indexes strings), so JSON consumers can slice the original.
public struct Replacement: Equatable, Sendable, Codable {
    public let start: Int
    public let end: Int
    public let kind: IdentifierKind
    public let pseudonym: String
    /// True when the span belonged to a declared identity (or the witness).
    public let declared: Bool

    public init(start: Int, end: Int, kind: IdentifierKind, pseudonym: String, declared: Bool) {
        self.start = start
        self.end = end
        self.kind = kind
        self.pseudonym = pseudonym
        self.declared = declared
    }
}

/// The stripped text and what was replaced, sorted by `start`, never overlapping.
public struct StripResult: Sendable {
    public let text: String
    public let replacements: [Replacement]

    public init(text: String, replacements: [Replacement]) {
        self.text = text
        self.replacements = replacements
    }

    /// The distinct pseudonyms the stripped text carries (what an index records).
    public var pseudonyms: Set<String> { Set(replacements.map(\.pseudonym)) }

    /// How many spans of each kind were replaced.
    public var counts: [IdentifierKind: Int] {
        var c: [IdentifierKind: Int] = [:]
        for r in replacements { c[r.kind, default: 0] += 1 }
        return c
    }
}
