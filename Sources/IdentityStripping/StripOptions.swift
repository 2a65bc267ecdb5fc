/// What to strip: the declared people, the names to keep, the detectors to
/// switch off, and the note's witness (a declared identity shown as `Witness …`).
public struct StripOptions: Sendable {
    public var declared: [DeclaredIdentity]
    public var keep: [String]
    public var disabled: Set<IdentifierKind>
    public var witness: DeclaredIdentity?
    /// `strict` also replaces quasi-identifiers (dates, places, organisations, ages, relatives, numbers).
    public var level: StripLevel

    public init(declared: [DeclaredIdentity] = [], keep: [String] = [], disabled: Set<IdentifierKind> = [], witness: DeclaredIdentity? = nil,
                level: StripLevel = .normal) {
        self.level = level
        self.declared = declared
        self.keep = keep
        self.disabled = disabled
        self.witness = witness
    }
}

/// How much to strip. `normal`: direct identifiers (people, contact details,
/// document and account numbers, exact addresses, dates of birth…). `strict`:
/// also quasi-identifiers that single a person out in combination.
public enum StripLevel: String, CaseIterable, Sendable, Codable {
    case normal, strict
}
