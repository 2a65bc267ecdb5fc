import Dispatch
import EvaultCrypto

/// Copies a stream while computing its SHA-256 on another core.
///
/// Reading, hashing, encrypting and writing overlap: while block N is hashed on
/// a serial queue, the sink (the age writer, which seals its chunks on the other
/// cores) takes block N and the next block is read into a free buffer. A ring of
/// four 512 KiB buffers: memory does not grow with the file.
struct HashingCopier {
    static let blockSize = 512 * 1024
    static let ringSize = 4

    /// Copies exactly `expectedSize` bytes from `source` to `sink`, or every byte
    /// when `expectedSize` is nil (standard input). `progress`, when given, is told the
    /// byte count after each block. Returns the digest and the byte count, or throws
    /// `sizeMismatch` if the source had more or fewer bytes than expected.
    static func copy(from source: any ByteSource, expectedSize: Int64?,
                     progress: ((Int64) -> Void)? = nil,
                     to sink: (UnsafeRawBufferPointer) throws -> Void) throws -> (digest: SHA256Digest, size: Int64) {
        let state = HashState()
        let buffers = (0..<ringSize).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64) }
        let groups = (0..<ringSize).map { _ in DispatchGroup() }
        // Wait for the hasher before the buffers go (also when the sink throws).
        defer {
            groups.forEach { $0.wait() }
            buffers.forEach { $0.deallocate() }
        }
        let queue = DispatchQueue(label: "evault.sha256", qos: .userInitiated)
        var total: Int64 = 0
        var index = 0

        while true {
            groups[index].wait()  // the hasher is done with this buffer
            let n = try source.readFully(into: buffers[index])
            if n == 0 { break }
            total += Int64(n)
            if let expectedSize, total > expectedSize { throw CopyError.sizeMismatch }
            let block = UnsafeRawBufferPointer(rebasing: buffers[index][0..<n])
            let sendable = SendableBuffer(block)
            let group = groups[index]
            group.enter()
            queue.async {
                state.hasher.update(sendable.buffer)
                group.leave()
            }
            try sink(block)
            progress?(total)
            index = (index + 1) % ringSize
        }
        groups.forEach { $0.wait() }
        if let expectedSize, total != expectedSize { throw CopyError.sizeMismatch }
        return (state.hasher.finalize(), total)
    }

    enum CopyError: Error { case sizeMismatch }

    /// The hasher, touched only by the serial queue until every group is waited for.
    private final class HashState: @unchecked Sendable {
        var hasher = SHA256Hasher()
    }

    private struct SendableBuffer: @unchecked Sendable {
        let buffer: UnsafeRawBufferPointer
        init(_ b: UnsafeRawBufferPointer) { buffer = b }
    }
}
