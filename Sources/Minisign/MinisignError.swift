/// Why a minisign key or signature was refused. Messages name the failing part
/// and never include message contents.
public enum MinisignError: Error, Equatable, CustomStringConvertible {
    /// The public key text is not a minisign public key; the string says why.
    case malformedPublicKey(String)
    /// The signature file is not a minisign signature; the string says why.
    case malformedSignature(String)
    /// The signature was made by a key with another key id.
    case keyIDMismatch
    /// The signature over the message does not verify: the data was altered or the key is wrong.
    case invalidSignature
    /// The signature over the trusted comment does not verify: the comment was altered.
    case invalidGlobalSignature
    /// The signature or key uses an algorithm this implementation does not handle.
    case unsupportedAlgorithm(String)

    public var description: String {
        switch self {
        case .malformedPublicKey(let why): return "malformed minisign public key: \(why)"
        case .malformedSignature(let why): return "malformed minisign signature: \(why)"
        case .keyIDMismatch: return "signature was made by a different key (key id mismatch)"
        case .invalidSignature: return "signature verification failed: the data was altered or the key is wrong"
        case .invalidGlobalSignature: return "trusted comment signature verification failed: the comment was altered"
        case .unsupportedAlgorithm(let what): return "unsupported minisign algorithm: \(what)"
        }
    }
}
