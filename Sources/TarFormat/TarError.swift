/// Why an archive could not be written or read. Every case names the entry
/// (as far as it is known) and what was wrong with it.
public enum TarError: Error, Equatable, CustomStringConvertible {
    // Reading
    /// The header's checksum does not match its bytes: the archive is damaged or not tar.
    case badChecksum(entry: String)
    /// The header is neither POSIX ustar nor GNU tar (missing "ustar" magic).
    case notUstar(entry: String)
    /// A numeric header field holds something other than an octal (or base-256) number.
    case invalidNumericField(entry: String, field: String)
    /// The entry is a link, device, FIFO, sparse file or other type this reader refuses.
    case unsupportedEntryType(entry: String, type: String)
    /// The entry's name is empty, absolute, has ".." components or is otherwise unusable.
    case unsafeName(entry: String, reason: String)
    /// A pax extended header or GNU long name is malformed.
    case malformedExtendedHeader(entry: String, reason: String)
    /// A pax extended header or GNU long name is larger than `limit` bytes.
    case extendedHeaderTooLarge(entry: String, limit: Int)
    /// The input ended inside `entry`'s header or data (nil: before the end-of-archive marker).
    case truncated(entry: String?)
    /// A single zero block was followed by more data: neither an end-of-archive marker nor a header.
    case loneZeroBlock
    /// `readAll(limit:)` was asked for an entry larger than `limit`.
    case entryTooLarge(entry: String, size: Int64, limit: Int)

    // Writing
    /// The header cannot be written (negative size, mode out of range, directory with data).
    case invalidHeader(entry: String, reason: String)
    /// More data was written than the header's size announced.
    case dataExceedsSize(entry: String, size: Int64)
    /// The entry was ended before `size` bytes were written.
    case dataShorterThanSize(entry: String, size: Int64, written: Int64)
    /// `beginEntry` was called while another entry was still open.
    case entryStillOpen(entry: String)
    /// Data was written or an entry ended with no entry open.
    case noOpenEntry
    /// The archive was already finished.
    case archiveFinished

    public var description: String {
        switch self {
        case .badChecksum(let e): return "tar header of \(quote(e)): checksum mismatch"
        case .notUstar(let e): return "tar header of \(quote(e)): not a ustar or GNU tar header"
        case let .invalidNumericField(e, field): return "tar header of \(quote(e)): \(field) field is not a valid number"
        case let .unsupportedEntryType(e, type): return "tar entry \(quote(e)): unsupported type (\(type))"
        case let .unsafeName(e, reason): return "tar entry \(quote(e)): unsafe name: \(reason)"
        case let .malformedExtendedHeader(e, reason): return "extended header of tar entry \(quote(e)): \(reason)"
        case let .extendedHeaderTooLarge(e, limit): return "extended header of tar entry \(quote(e)) is larger than \(limit) bytes"
        case .truncated(let e?): return "tar archive is truncated inside entry \(quote(e))"
        case .truncated(nil): return "tar archive is truncated: no end-of-archive marker"
        case .loneZeroBlock: return "tar archive has a lone zero block followed by more data"
        case let .entryTooLarge(e, size, limit): return "tar entry \(quote(e)) has \(size) bytes, more than the limit of \(limit)"
        case let .invalidHeader(e, reason): return "cannot write tar entry \(quote(e)): \(reason)"
        case let .dataExceedsSize(e, size): return "tar entry \(quote(e)): more data written than its size of \(size) bytes"
        case let .dataShorterThanSize(e, size, written): return "tar entry \(quote(e)): ended after \(written) of its \(size) bytes"
        case .entryStillOpen(let e): return "tar entry \(quote(e)) is still open"
        case .noOpenEntry: return "no tar entry is open"
        case .archiveFinished: return "the tar archive is already finished"
        }
    }

    private func quote(_ name: String) -> String { "\"" + name + "\"" }
}
