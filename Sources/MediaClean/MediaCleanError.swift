/// Why a file could not be cleaned. Each case reads as one line after the file's name.
public enum MediaCleanError: Error, Equatable, CustomStringConvertible {
    case unsupported(String)
    case malformed(String)
    case encryptedPDF
    case tooLarge(String)
    case toolFailed(String)
    case io(String)

    public var description: String {
        switch self {
        case .unsupported(let what): return "not a format evault can clean: \(what)"
        case .malformed(let reason): return "damaged or malformed: \(reason)"
        case .encryptedPDF: return "encrypted PDF: cannot be cleaned without its password"
        case .tooLarge(let what): return "too large to clean safely: \(what)"
        case .toolFailed(let what): return "cleaning tool failed: \(what)"
        case .io(let what): return "read or write failed: \(what)"
        }
    }
}
