import EvaultCrypto

/// A byte source with a small look-ahead buffer: the header and the armor are
/// line-based, but the payload that follows must reach the STREAM reader intact.
/// Once the buffer is drained, reads go straight to the underlying source.
final class BufferedInput: ByteSource {
    let source: any ByteSource
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes handed out so far (the header length, once the header is parsed).
    private(set) var consumed: Int64 = 0

    init(_ source: any ByteSource) { self.source = source }

    private var buffered: Int { buffer.count - start }

    /// Ensures up to `count` bytes are buffered (fewer only at end of input) and returns them.
    func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        try fill(atLeast: count)
        return buffer[start..<(start + min(count, buffered))]
    }

    /// One line including its "\n"; without it only when input ends first (possibly empty).
    /// Throws `tooLong` when no newline appears within `limit` bytes.
    func readLine(limit: Int) throws -> [UInt8] {
        var scanned = 0
        while true {
            if let i = buffer[(start + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                guard i - start < limit else { throw LineError.tooLong }
                return take(i - start + 1)
            }
            scanned = buffered
            guard scanned < limit else { throw LineError.tooLong }
            if try !fill(atLeast: buffered + 1) { return take(buffered) }
        }
    }

    enum LineError: Error { case tooLong }

    /// Drops buffered bytes (before the underlying source is repositioned).
    func discardBuffer() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
    }

    func resetConsumed(to value: Int64) { consumed = value }

    func read(into out: UnsafeMutableRawBufferPointer) throws -> Int {
        guard out.count > 0 else { return 0 }
        if buffered > 0 {
            let n = min(out.count, buffered)
            buffer.withUnsafeBytes { b in
                out.copyMemory(from: UnsafeRawBufferPointer(rebasing: b[start..<(start + n)]))
            }
            start += n
            consumed += Int64(n)
            if start == buffer.count { discardBuffer() }
            return n
        }
        let n = try source.read(into: out)
        consumed += Int64(n)
        return n
    }

    private func take(_ n: Int) -> [UInt8] {
        let line = Array(buffer[start..<(start + n)])
        start += n
        consumed += Int64(n)
        if start == buffer.count { discardBuffer() }
        return line
    }

    /// Reads until at least `count` bytes are buffered; false when input ended first.
    @discardableResult
    private func fill(atLeast count: Int) throws -> Bool {
        if start > 0 && start == buffer.count { discardBuffer() }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while buffered < count {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return false }
            buffer.append(contentsOf: chunk[0..<n])
        }
        return true
    }
}
