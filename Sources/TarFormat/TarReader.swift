/// Reads a tar archive (POSIX ustar and pax, plus GNU long names and base-256
/// sizes) as a stream, strictly: anything damaged, ambiguous or unsafe to
/// extract is an error rather than a guess. Memory use is a few blocks plus
/// extended headers (at most `maxExtendedHeaderSize`), whatever the entry sizes.
public final class TarReader {
    /// The largest pax extended header or GNU long name accepted.
    public static let maxExtendedHeaderSize = 1 << 20

    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    private var current: TarEntryHeader?
    /// Unread data bytes of the current entry, then the padding after them.
    private var remaining: Int64 = 0
    private var padding = 0
    private var ended = false
    /// Set by the first error: after it the position in the stream is unknown,
    /// so every later call repeats it instead of reading garbage as headers.
    private var failure: Error?
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)

    /// `read` fills up to the buffer's size and returns the count, 0 only at end of input.
    public init(read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        source = read
    }

    /// The next entry's header, skipping whatever was left unread of the previous
    /// one; nil at the end-of-archive marker.
    public func nextEntry() throws -> TarEntryHeader? {
        try guarded { try readNextEntry() }
    }

    /// Reads the current entry's data; returns 0 at its end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try guarded { try readData(into: buffer) }
    }

    private func guarded<T>(_ body: () throws -> T) throws -> T {
        if let failure { throw failure }
        do {
            return try body()
        } catch {
            failure = error
            throw error
        }
    }

    private func readNextEntry() throws -> TarEntryHeader? {
        if ended { return nil }
        try skip(remaining + Int64(padding), inside: current?.name)
        remaining = 0
        padding = 0
        current = nil

        var extended = PaxRecords()
        var gnuLongName: String?
        var pendingExtension: String?  // name of the header that announced an extension, for errors
        while true {
            guard let block = try readBlock(inside: pendingExtension) else {
                throw TarError.truncated(entry: pendingExtension)
            }
            if block.allSatisfy({ $0 == 0 }) {
                if let pendingExtension {
                    throw TarError.malformedExtendedHeader(entry: pendingExtension, reason: "not followed by an entry")
                }
                // The marker is two zero blocks; a lone one at the very end is accepted,
                // as GNU tar does, but anything else after it is not an archive we wrote.
                if let second = try readBlock(inside: nil), !second.allSatisfy({ $0 == 0 }) {
                    throw TarError.loneZeroBlock
                }
                ended = true
                return nil
            }
            let fieldName = String(decoding: UstarBlock.text(block, UstarBlock.name), as: UTF8.self)
            let sums = UstarBlock.checksums(of: block)
            guard let stored = UstarBlock.number(block, UstarBlock.checksum), stored == sums.unsigned || stored == sums.signed else {
                throw TarError.badChecksum(entry: fieldName)
            }
            let magic = Array(block[UstarBlock.magic.0..<(UstarBlock.magic.0 + UstarBlock.magic.1)])
            let isPOSIX = magic == UstarBlock.posixMagic
            guard isPOSIX || magic == UstarBlock.gnuMagic else { throw TarError.notUstar(entry: fieldName) }

            func number(_ field: (Int, Int), _ label: String) throws -> Int64 {
                guard let n = UstarBlock.number(block, field) else {
                    throw TarError.invalidNumericField(entry: fieldName, field: label)
                }
                return n
            }
            let mode = try number(UstarBlock.mode, "mode")
            _ = try number(UstarBlock.uid, "uid")
            _ = try number(UstarBlock.gid, "gid")
            let headerSize = try number(UstarBlock.fileSize, "size")
            let headerMtime = try number(UstarBlock.mtime, "mtime")

            let type = block[UstarBlock.typeflag]
            switch type {
            case UInt8(ascii: "x"):
                let data = try readExtension(size: headerSize, entry: fieldName)
                let records = try PaxRecords(parsing: data, entry: fieldName)
                if let path = records.path { extended.path = path }
                if let size = records.size { extended.size = size }
                if let mtime = records.modificationTime { extended.modificationTime = mtime }
                pendingExtension = fieldName
                continue
            case UInt8(ascii: "g"):
                // Global pax records set defaults for the whole archive; none matters to evault.
                try skip(headerSize + Int64(TarWriter.padding(headerSize)), inside: fieldName)
                continue
            case UInt8(ascii: "L"):
                let data = try readExtension(size: headerSize, entry: fieldName)
                let bytes = data.prefix(while: { $0 != 0 })
                guard let name = String(validating: bytes, as: UTF8.self) else {
                    throw TarError.malformedExtendedHeader(entry: fieldName, reason: "long name is not valid UTF-8")
                }
                gnuLongName = name
                pendingExtension = fieldName
                continue
            case UInt8(ascii: "0"), 0, UInt8(ascii: "5"):
                break
            default:
                throw TarError.unsupportedEntryType(entry: extended.path ?? gnuLongName ?? fieldName, type: Self.describe(type))
            }

            let name: String
            if let path = extended.path {
                name = path
            } else if let gnuLongName {
                name = gnuLongName
            } else {
                var bytes = Array(UstarBlock.text(block, UstarBlock.name))
                // Only POSIX ustar has a prefix field; GNU uses those bytes for other things.
                let prefix = isPOSIX ? UstarBlock.text(block, UstarBlock.prefix) : []
                if !prefix.isEmpty { bytes = Array(prefix) + [UInt8(ascii: "/")] + bytes }
                guard let decoded = String(validating: bytes, as: UTF8.self) else {
                    throw TarError.unsafeName(entry: fieldName, reason: "name is not valid UTF-8")
                }
                name = decoded
            }
            let isDirectory = type == UInt8(ascii: "5")
            var cleanName = Substring(name)
            if isDirectory { while cleanName.count > 1, cleanName.hasSuffix("/") { cleanName = cleanName.dropLast() } }
            if let problem = TarName.problem(with: String(cleanName)) {
                throw TarError.unsafeName(entry: name, reason: problem)
            }
            if !isDirectory && cleanName.hasSuffix("/") {
                throw TarError.unsafeName(entry: name, reason: "regular file name ends with '/'")
            }

            let size = extended.size ?? headerSize
            let header = TarEntryHeader(name: String(cleanName), size: size, mode: UInt32(mode & 0o7777),
                                        modificationTime: extended.modificationTime ?? headerMtime,
                                        kind: isDirectory ? .directory : .regular)
            current = header
            remaining = size
            padding = TarWriter.padding(size)
            return header
        }
    }

    private func readData(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let current, remaining > 0, !buffer.isEmpty else { return 0 }
        let want = Int(min(Int64(buffer.count), remaining))
        let n = try source(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
        guard n > 0 else { throw TarError.truncated(entry: current.name) }
        remaining -= Int64(n)
        return n
    }

    /// All the remaining data of the current entry, for small members; throws if
    /// the entry is larger than `limit` bytes.
    public func readAll(limit: Int) throws -> [UInt8] {
        if let failure { throw failure }
        guard let current else { return [] }
        guard remaining <= Int64(limit) else {
            throw TarError.entryTooLarge(entry: current.name, size: current.size, limit: limit)
        }
        var out = [UInt8](repeating: 0, count: Int(remaining))
        var filled = 0
        try out.withUnsafeMutableBytes { buf in
            while filled < buf.count {
                let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buf[filled...]))
                filled += n
            }
        }
        return out
    }

    // MARK: - Input

    /// One header block, or nil if the input ends exactly here. A partial block
    /// is a truncated archive.
    private func readBlock(inside entry: String?) throws -> [UInt8]? {
        var block = [UInt8](repeating: 0, count: UstarBlock.size)
        let n = try fill(&block)
        if n == 0 { return nil }
        guard n == UstarBlock.size else { throw TarError.truncated(entry: entry) }
        return block
    }

    /// The data of an `x` or `L` header, and its padding.
    private func readExtension(size: Int64, entry: String) throws -> [UInt8] {
        guard size <= Int64(Self.maxExtendedHeaderSize) else {
            throw TarError.extendedHeaderTooLarge(entry: entry, limit: Self.maxExtendedHeaderSize)
        }
        var data = [UInt8](repeating: 0, count: Int(size))
        guard try fill(&data) == data.count else { throw TarError.truncated(entry: entry) }
        try skip(Int64(TarWriter.padding(size)), inside: entry)
        return data
    }

    private func fill(_ bytes: inout [UInt8]) throws -> Int {
        var filled = 0
        try bytes.withUnsafeMutableBytes { buf in
            while filled < buf.count {
                let n = try source(UnsafeMutableRawBufferPointer(rebasing: buf[filled...]))
                if n == 0 { break }
                filled += n
            }
        }
        return filled
    }

    private func skip(_ count: Int64, inside entry: String?) throws {
        var left = count
        while left > 0 {
            let want = Int(min(Int64(scratch.count), left))
            let n = try scratch.withUnsafeMutableBytes { try source(UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }
            guard n > 0 else { throw TarError.truncated(entry: entry) }
            left -= Int64(n)
        }
    }

    private static func describe(_ type: UInt8) -> String {
        switch type {
        case UInt8(ascii: "1"): return "hard link"
        case UInt8(ascii: "2"): return "symbolic link"
        case UInt8(ascii: "3"): return "character device"
        case UInt8(ascii: "4"): return "block device"
        case UInt8(ascii: "6"): return "FIFO"
        case UInt8(ascii: "7"): return "contiguous file"
        case UInt8(ascii: "K"): return "GNU long link name"
        case UInt8(ascii: "S"): return "GNU sparse file"
        case UInt8(ascii: "D"): return "GNU directory dump"
        case UInt8(ascii: "V"): return "GNU volume label"
        case UInt8(ascii: "M"): return "GNU multi-volume continuation"
        case 0x21...0x7E: return "type '\(Character(Unicode.Scalar(type)))'"
        default: return "type byte \(type)"
        }
    }
}
