/// Failures of the primitives. Messages name what failed and never include secrets.
public enum CryptoError: Error, Equatable, CustomStringConvertible {
    /// An authenticated decryption failed: wrong key, or the data was altered.
    case authenticationFailed
    /// A Diffie-Hellman share was of low order (an all-zero shared secret).
    case lowOrderPoint
    /// A key or nonce had the wrong length.
    case invalidLength(what: String, expected: Int, got: Int)
    /// scrypt could not run with the requested parameters (usually out of memory).
    case scryptFailed
    /// libsodium refused to allocate locked memory.
    case allocationFailed
    /// A signature did not verify.
    case invalidSignature

    public var description: String {
        switch self {
        case .authenticationFailed: return "authentication failed: wrong key or altered data"
        case .lowOrderPoint: return "X25519 share is a low-order point"
        case let .invalidLength(what, expected, got): return "\(what) must be \(expected) bytes, got \(got)"
        case .scryptFailed: return "scrypt failed (not enough memory for the work factor?)"
        case .allocationFailed: return "could not allocate protected memory"
        case .invalidSignature: return "signature verification failed"
        }
    }
}
