import EvaultCrypto

/// Coalesces the many small writes of container editing into large ones.
final class BufferedWriter: ByteSink {
    private let sink: ByteSink
    private var buffer: [UInt8] = []
    private let capacity: Int
    private(set) var written: Int64 = 0

    init(_ sink: ByteSink, capacity: Int = 256 * 1024) {
        self.sink = sink
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        written += Int64(bytes.count)
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= capacity {
            try sink.write(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try sink.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Big- and little-endian encoders for the headers the cleaners rewrite.
enum Bytes {
    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: Int) -> [UInt8] {
        [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }
    static func le32(_ v: Int) -> [UInt8] {
        [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)]
    }
    static func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func readBE(_ b: [UInt8], _ at: Int, _ n: Int) -> Int? {
        guard at >= 0, n > 0, at + n <= b.count else { return nil }
        var v = 0
        for i in 0..<n { v = v << 8 | Int(b[at + i]) }
        return v
    }

    static func readLE(_ b: [UInt8], _ at: Int, _ n: Int) -> Int? {
        guard at >= 0, n > 0, at + n <= b.count else { return nil }
        var v = 0
        for i in (0..<n).reversed() { v = v << 8 | Int(b[at + i]) }
        return v
    }
}
