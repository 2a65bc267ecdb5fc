/// What the custody log can refuse: each names the device (writer) and what went wrong.
public enum LogError: Error, Equatable, CustomStringConvertible {
    /// A segment file that cannot be decrypted, authenticated or parsed.
    case damagedSegment(file: String, reason: String)
    /// A gap in a writer's numbered segments.
    case missingSegment(writer: String, seq: Int)
    /// A writer's log is shorter than this machine has seen before.
    case rolledBack(writer: String, seen: Int, found: Int)
    /// A writer's log no longer extends what this machine (or a checkpoint) saw.
    case forked(writer: String, size: Int, what: String)
    /// Two different files claim the same place in a writer's log.
    case conflictingSegment(file: String)
    case badCheckpoint(String)
    case unknownEvent(String)

    public var description: String {
        switch self {
        case let .damagedSegment(file, reason):
            return "custody log file \(file) is damaged: \(reason)"
        case let .missingSegment(writer, seq):
            return "the custody log of device \(writer) is missing segment \(seq) (deleted or truncated log)"
        case let .rolledBack(writer, seen, found):
            return "the custody log of device \(writer) went back from \(seen) to \(found) events (an older copy of the vault or a truncated log); refusing to continue"
        case let .forked(writer, size, what):
            return "the custody log of device \(writer) was rewritten: its first \(size) events differ from \(what) (forked log)"
        case .conflictingSegment(let file):
            return "\(file) is not a segment evault wrote: a sync tool's conflict copy (another version of a segment: a forked log) or a file put there by hand"
        case .badCheckpoint(let reason):
            return "checkpoint refused: \(reason)"
        case .unknownEvent(let reason):
            return "custody log event refused: \(reason)"
        }
    }
}
