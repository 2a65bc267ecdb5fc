import Dispatch
import EvaultCrypto

/// Copies a stream while computing its SHA-256 on the other core.
///
/// SHA-256 is the slowest step of sealing (it is sequential, and slower than
/// ChaCha20-Poly1305), so it runs on a second thread: while block N is being
/// hashed there, block N is encrypted and written here, then block N+1 is read
/// into the other buffer. Two fixed 512 KiB buffers: memory does not grow
/// with the file.
struct HashingCopier {
    static let blockSize = 512 * 1024

    /// Copies exactly `expectedSize` bytes from `source` to `sink`.
    /// Returns the digest, or throws `sizeMismatch` if the source had more or fewer bytes.
    static func copy(from source: any ByteSource, expectedSize: Int64,
                     to sink: (UnsafeRawBufferPointer) throws -> Void) throws -> SHA256Digest {
        let state = HashState()
        let buffers = [UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64),
                       UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)]
        defer { buffers.forEach { $0.deallocate() } }
        let groups = [DispatchGroup(), DispatchGroup()]
        let queue = DispatchQueue(label: "evault.sha256")
        var total: Int64 = 0
        var index = 0
        defer { groups.forEach { $0.wait() } }

        while true {
            groups[index].wait()  // the hasher is done with this buffer
            let n = try source.readFully(into: buffers[index])
            if n == 0 { break }
            total += Int64(n)
            guard total <= expectedSize else { throw CopyError.sizeMismatch }
            let block = UnsafeRawBufferPointer(rebasing: buffers[index][0..<n])
            let sendable = SendableBuffer(block)
            let group = groups[index]
            group.enter()
            queue.async {
                state.hasher.update(sendable.buffer)
                group.leave()
            }
            try sink(block)
            index = 1 - index
        }
        groups.forEach { $0.wait() }
        guard total == expectedSize else { throw CopyError.sizeMismatch }
        return state.hasher.finalize()
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
