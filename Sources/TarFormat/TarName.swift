/// The one rule for entry names, shared by writer and reader so the writer
/// never produces an archive the reader (or a careful extractor) would refuse.
enum TarName {
    /// Nil if `name` is safe to extract below a directory, else the reason.
    static func problem(with name: String) -> String? {
        if name.isEmpty { return "empty name" }
        if name.utf8.contains(0) { return "contains a NUL byte" }
        if name.hasPrefix("/") { return "absolute path" }
        if name.split(separator: "/", omittingEmptySubsequences: true).contains("..") {
            return "contains a '..' component"
        }
        return nil
    }
}

/// The pax extended header records evault understands (POSIX.1-2001 `x` type):
/// "<length> <key>=<value>\n", where length counts the whole record in decimal.
struct PaxRecords {
    var path: String?
    var size: Int64?
    var modificationTime: Int64?

    /// Records for the non-nil fields, in a fixed order.
    func encoded() -> [UInt8] {
        var out = [UInt8]()
        if let path { out += Self.record("path", Array(path.utf8)) }
        if let size { out += Self.record("size", Array(String(size).utf8)) }
        if let modificationTime { out += Self.record("mtime", Array(String(modificationTime).utf8)) }
        return out
    }

    static func record(_ key: String, _ value: [UInt8]) -> [UInt8] {
        // The length includes its own digits: grow it until it is self-consistent.
        let body = key.utf8.count + value.count + 3  // space, '=', newline
        var length = body + String(body).utf8.count
        if String(length).utf8.count + body != length { length = body + String(length).utf8.count }
        return Array("\(length) \(key)=".utf8) + value + [UInt8(ascii: "\n")]
    }

    /// Parses a pax `x` header's data, applying the keys evault uses and
    /// ignoring the rest (uid, uname, atime, comments, …). `entry` names the
    /// member for error messages.
    init(parsing data: [UInt8], entry: String) throws {
        func bad(_ reason: String) -> TarError { .malformedExtendedHeader(entry: entry, reason: reason) }
        var i = 0
        while i < data.count {
            var length = 0
            var j = i
            while j < data.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(data[j]) {
                length = length * 10 + Int(data[j] - UInt8(ascii: "0"))
                guard length <= data.count else { throw bad("record length exceeds the header") }
                j += 1
            }
            guard j > i, j < data.count, data[j] == UInt8(ascii: " ") else { throw bad("record does not start with a length") }
            let end = i + length
            guard end <= data.count, end > j + 1, data[end - 1] == UInt8(ascii: "\n") else {
                throw bad("record length does not match its contents")
            }
            let record = data[(j + 1)..<(end - 1)]
            guard let eq = record.firstIndex(of: UInt8(ascii: "=")), eq > record.startIndex else {
                throw bad("record has no key")
            }
            guard let key = String(validating: record[record.startIndex..<eq], as: UTF8.self),
                  let value = String(validating: record[(eq + 1)...], as: UTF8.self) else {
                throw bad("record is not valid UTF-8")
            }
            try apply(key: key, value: value, entry: entry)
            i = end
        }
    }

    private mutating func apply(key: String, value: String, entry: String) throws {
        // An empty value cancels the field (POSIX), so the ustar value applies.
        switch key {
        case "path":
            path = value.isEmpty ? nil : value
        case "size":
            guard !value.isEmpty else { size = nil; return }
            guard let n = Int64(value), n >= 0, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw TarError.malformedExtendedHeader(entry: entry, reason: "size is not a non-negative decimal number")
            }
            size = n
        case "mtime":
            guard !value.isEmpty else { modificationTime = nil; return }
            // Seconds with an optional fraction; evault keeps whole seconds.
            let whole = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard let n = Int64(whole) else {
                throw TarError.malformedExtendedHeader(entry: entry, reason: "mtime is not a decimal number")
            }
            modificationTime = n
        case _ where key.hasPrefix("GNU.sparse."):
            throw TarError.unsupportedEntryType(entry: entry, type: "GNU sparse file")
        default:
            break
        }
    }

    init() {}
}
