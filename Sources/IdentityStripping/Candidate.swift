/// A span some detector wants replaced, before overlaps are resolved.
struct Candidate {
    var start: Int
    var end: Int
    var kind: IdentifierKind
    /// Lower tiers win overlaps: structured identifiers, then declared and
    /// kept names, then detected person names.
    var tier: Int
    /// The text the pseudonym is derived from (normalised later by kind);
    /// empty means "the span's own text", built only if the span is kept.
    var identity: String
    /// Index into the declared identities, or -1.
    var declared: Int = -1
    /// A keep-list span: blocks person replacements and is never emitted.
    var keep: Bool = false
    /// Token range for name candidates (to trim them around higher-tier spans), or -1.
    var firstToken: Int = -1
    var lastToken: Int = -1

    enum Tier {
        static let cued = 0        // document numbers, dates of birth (the cue says what they are)
        static let strong = 1      // e-mail, links, IBAN, card, IP, GPS
        static let phone = 2
        static let address = 3
        static let declared = 4    // declared names and keep spans
        static let cuedPerson = 5
        static let listedPerson = 6
        static let quasi = 7       // strict level only: dates, names of places and organisations, numbers
    }
}
