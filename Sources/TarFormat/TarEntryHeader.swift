/// What the archive says about one member. Owner, group and user names are
/// never written (always 0 and empty): they would identify the person who sealed it.
public struct TarEntryHeader: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case regular
        /// Written with a trailing "/" in the archive; `name` never has one.
        case directory
    }

    /// A relative path with "/" separators: never absolute, no ".." components.
    public var name: String
    /// Data length in bytes; 0 for directories.
    public var size: Int64
    /// Permission bits only (at most 0o7777).
    public var mode: UInt32
    /// Seconds since the Unix epoch.
    public var modificationTime: Int64
    public var kind: Kind

    public init(name: String, size: Int64, mode: UInt32 = 0o600, modificationTime: Int64 = 0, kind: Kind = .regular) {
        self.name = name
        self.size = size
        self.mode = mode
        self.modificationTime = modificationTime
        self.kind = kind
    }
}
