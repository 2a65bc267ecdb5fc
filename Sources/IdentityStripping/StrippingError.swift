/// Errors of the stripping engine. Messages never repeat the name or text
/// that caused them: an error message may end up in a log or a terminal.
public enum StrippingError: Error, Equatable, CustomStringConvertible {
    /// An identity line with no name before `=`.
    case emptyIdentity
    /// An alias list with an empty entry (`Name=A,,B`).
    case emptyAlias
    /// An identity with no letters at all (only digits or punctuation).
    case identityWithoutLetters
    /// A pseudonym key that is not 32 bytes.
    case invalidKeyLength(Int)
    /// The evaluation corpus is missing or a note's sidecar is malformed.
    case corpusUnreadable(String)

    public var description: String {
        switch self {
        case .emptyIdentity: return "identity has an empty name"
        case .emptyAlias: return "identity has an empty alias"
        case .identityWithoutLetters: return "identity contains no letters"
        case .invalidKeyLength(let n): return "pseudonym key must be 32 bytes, got \(n)"
        // The detail is a file name or field name of the corpus, never note text.
        case .corpusUnreadable(let detail): return "evaluation corpus unreadable: \(detail)"
        }
    }
}
