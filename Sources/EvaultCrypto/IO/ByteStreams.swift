/// The two I/O shapes every streaming format in evault speaks: age, tar and
/// the vault pipelines read from a `ByteSource` and write to a `ByteSink`,
/// so a 10 GB file moves through fixed-size buffers and never sits in memory.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 only at end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

public protocol ByteSink: AnyObject {
    /// Writes all of `bytes` or throws.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// A source whose total size is known and that can be repositioned, which lets
/// age readers decrypt a single chunk (for example the last one) without the rest.
public protocol SeekableByteSource: ByteSource {
    var size: Int64 { get }
    func seek(to offset: Int64) throws
}

extension ByteSource {
    /// Fills `buffer` completely unless input ends first; returns the count read.
    public func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Reads everything that is left. For small inputs only (headers, metadata).
    public func readToEnd(limit: Int = 64 << 20) throws -> [UInt8] {
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return out }
            guard out.count + n <= limit else { throw ByteStreamError.inputTooLarge(limit: limit) }
            out.append(contentsOf: chunk[0..<n])
        }
    }
}

extension ByteSink {
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

public enum ByteStreamError: Error, Equatable, CustomStringConvertible {
    case inputTooLarge(limit: Int)
    case io(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .inputTooLarge(let limit): return "input is larger than \(limit) bytes"
        case let .io(operation, code): return "\(operation) failed: \(String(cString: strerrorPortable(code)))"
        }
    }
}

/// In-memory source, for small payloads and tests.
public final class MemorySource: SeekableByteSource {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var size: Int64 { Int64(bytes.count) }

    public func seek(to offset: Int64) throws {
        position = Int(max(0, min(offset, Int64(bytes.count))))
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[position..<(position + n)]))
        }
        position += n
        return n
    }
}

/// In-memory sink, for small payloads and tests.
public final class MemorySink: ByteSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public func write(_ chunk: UnsafeRawBufferPointer) throws {
        bytes.append(contentsOf: chunk)
    }
}
