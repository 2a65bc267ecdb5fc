/// How far a long operation has got, for a progress display. The core only
/// counts; it knows nothing of terminals. Callers pass nil when nobody watches,
/// and then nothing is counted or called.
public struct ProgressReport: Sendable {
    /// What is being processed (a file name, an entry id).
    public var item: String
    /// Bytes done so far for `item`.
    public var done: Int64
    /// Bytes in all for `item`, when known (nil for standard input).
    public var total: Int64?

    public init(item: String, done: Int64, total: Int64?) {
        self.item = item
        self.done = done
        self.total = total
    }
}

public typealias ProgressHandler = (ProgressReport) -> Void
