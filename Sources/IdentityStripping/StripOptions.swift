/// What to strip: the declared people, the names to keep, the detectors to
/// switch off, and the note's witness (a declared identity shown as `Witness …`).
public struct StripOptions: Sendable {
    public var declared: [DeclaredIdentity]
    public var keep: [String]
    public var disabled: Set<IdentifierKind>
    public var witness: DeclaredIdentity?

    public init(declared: [DeclaredIdentity] = [], keep: [String] = [], disabled: Set<IdentifierKind> = [], witness: DeclaredIdentity? = nil) {
        self.declared = declared
        self.keep = keep
        self.disabled = disabled
        self.witness = witness
    }
}
