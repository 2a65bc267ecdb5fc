/// Why an age operation failed. Messages name the failing part, as age does,
/// and never contain keys, passphrases or plaintext.
public enum AgeError: Error, Equatable, CustomStringConvertible {
    /// None of the identities could unwrap any recipient stanza.
    case noIdentityMatched
    /// The file key was found but the header was altered (or the key is wrong).
    case headerMACMismatch
    /// The header breaks the format; the string says what is malformed.
    case malformedHeader(String)
    /// The first line names a version other than v1.
    case unsupportedVersion
    /// A payload chunk failed to authenticate.
    case payloadAuthenticationFailed
    /// The payload ends without a final chunk, or in the middle of a chunk.
    case truncated
    /// Bytes follow the final chunk.
    case trailingData
    /// The ASCII armor is malformed; the string says how.
    case armor(String)
    /// A recipient or identity string is not valid (never includes the key).
    case invalidKey(String)
    /// An scrypt stanza asks for more work than the identity allows.
    case workFactorTooHigh(Int)
    /// The recipient list cannot be used to encrypt (empty, or scrypt mixed with others).
    case invalidRecipients(String)
    /// The writer or reader was used after it finished or failed.
    case streamClosed
    /// Seeking needs an unarmored `SeekableByteSource` input.
    case notSeekable
    /// A plaintext offset beyond the end of the payload.
    case seekOutOfRange
    /// An identity file holds no identity at all.
    case noIdentitiesInFile
    /// An identity file line is neither a key, a comment nor blank (line number, from 1).
    case invalidIdentityFile(line: Int)

    public var description: String {
        switch self {
        case .noIdentityMatched: return "no identity matched any of the recipients"
        case .headerMACMismatch: return "header MAC mismatch"
        case .malformedHeader(let what): return "malformed age header: \(what)"
        case .unsupportedVersion: return "unsupported age format version"
        case .payloadAuthenticationFailed: return "payload chunk failed to authenticate: the file was altered or is corrupt"
        case .truncated: return "encrypted payload is truncated"
        case .trailingData: return "trailing data after the end of the encrypted payload"
        case .armor(let what): return "malformed ASCII armor: \(what)"
        case .invalidKey(let what): return "invalid key: \(what)"
        case .workFactorTooHigh(let n): return "scrypt work factor \(n) is above the allowed maximum"
        case .invalidRecipients(let what): return "invalid recipients: \(what)"
        case .streamClosed: return "age stream used after it was closed or failed"
        case .notSeekable: return "the encrypted input is not seekable (armored, or not a seekable source)"
        case .seekOutOfRange: return "seek offset is outside the plaintext"
        case .noIdentitiesInFile: return "no age identities found in the identity file"
        case .invalidIdentityFile(let line): return "identity file line \(line) is not an age identity, a comment or blank"
        }
    }
}
