import EvaultCrypto

/// Buffered reads over a `ByteSource` with exact-length helpers: every container
/// parser here asks for n bytes and fails cleanly if the input ends first.
final class BufferedReader {
    private let source: ByteSource
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var sawEnd = false
    /// Bytes consumed so far, for error messages and offset checks.
    private(set) var position: Int64 = 0

    init(_ source: ByteSource, capacity: Int = 256 * 1024, startingAt offset: Int64 = 0) {
        self.source = source
        self.position = offset
        self.buffer = [UInt8](repeating: 0, count: capacity)
    }

    var available: Int { end - start }

    /// Tries to have at least `count` bytes buffered; returns false at end of input.
    @discardableResult
    func fill(_ count: Int) throws -> Bool {
        precondition(count <= buffer.count)
        if available >= count { return true }
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in
                if available > 0 {
                    raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: available)
                }
            }
            end = available
            start = 0
        }
        while available < count && !sawEnd {
            let n = try buffer.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
            }
            if n == 0 { sawEnd = true } else { end += n }
        }
        return available >= count
    }

    /// True when no byte is left.
    func atEnd() throws -> Bool { try !fill(1) }

    func peek(_ count: Int) throws -> [UInt8]? {
        guard try fill(count) else { return nil }
        return Array(buffer[start..<(start + count)])
    }

    func readBytes(_ count: Int, what: @autoclosure () -> String) throws -> [UInt8] {
        if count <= buffer.count {
            guard try fill(count) else { throw MediaCleanError.malformed("truncated \(what())") }
            let out = Array(buffer[start..<(start + count)])
            consume(count)
            return out
        }
        let sink = CollectingSink()
        try copy(count, to: sink, what: what())
        return sink.bytes
    }

    func readByte(what: @autoclosure () -> String) throws -> UInt8 {
        guard try fill(1) else { throw MediaCleanError.malformed("truncated \(what())") }
        let b = buffer[start]
        consume(1)
        return b
    }

    func readUInt16BE(what: @autoclosure () -> String) throws -> Int {
        let b = try readBytes(2, what: what())
        return Int(b[0]) << 8 | Int(b[1])
    }

    func readUInt32BE(what: @autoclosure () -> String) throws -> Int {
        let b = try readBytes(4, what: what())
        return Int(b[0]) << 24 | Int(b[1]) << 16 | Int(b[2]) << 8 | Int(b[3])
    }

    func readUInt32LE(what: @autoclosure () -> String) throws -> Int {
        let b = try readBytes(4, what: what())
        return Int(b[3]) << 24 | Int(b[2]) << 16 | Int(b[1]) << 8 | Int(b[0])
    }

    /// Moves `count` bytes to `sink` (or drops them when sink is nil) without holding them.
    func copy(_ count: Int64, to sink: ByteSink?, what: @autoclosure () -> String) throws {
        var left = count
        while left > 0 {
            guard try fill(1) else { throw MediaCleanError.malformed("truncated \(what())") }
            let n = Int(min(Int64(available), left))
            if let sink {
                try buffer.withUnsafeBytes { raw in
                    try sink.write(UnsafeRawBufferPointer(rebasing: raw[start..<(start + n)]))
                }
            }
            consume(n)
            left -= Int64(n)
        }
    }

    func copy(_ count: Int, to sink: ByteSink?, what: @autoclosure () -> String) throws {
        try copy(Int64(count), to: sink, what: what())
    }

    /// Skips bytes; on a seekable source, large skips seek instead of reading.
    func skip(_ count: Int64, what: @autoclosure () -> String) throws {
        if let seekable = source as? SeekableByteSource, count > Int64(available) + Int64(buffer.count) {
            let target = position + count
            guard target <= seekable.size else { throw MediaCleanError.malformed("truncated \(what())") }
            try seekable.seek(to: target)
            start = 0
            end = 0
            sawEnd = false
            position = target
            return
        }
        try copy(count, to: nil, what: what())
    }

    /// Copies everything left to `sink`; returns the number of bytes.
    @discardableResult
    func copyToEnd(_ sink: ByteSink?) throws -> Int64 {
        var total: Int64 = 0
        while try fill(1) {
            let n = available
            if let sink {
                try buffer.withUnsafeBytes { raw in
                    try sink.write(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                }
            }
            consume(n)
            total += Int64(n)
        }
        return total
    }

    /// Direct access to the buffered bytes, for scanners (JPEG entropy data).
    func withBuffered<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try buffer.withUnsafeBytes { raw in try body(UnsafeRawBufferPointer(rebasing: raw[start..<end])) }
    }

    func consume(_ count: Int) {
        start += count
        position += Int64(count)
    }
}

/// Bytes collected in memory; callers bound how many they ask for.
final class CollectingSink: ByteSink {
    var bytes: [UInt8] = []
    func write(_ chunk: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: chunk) }
}
