#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures ChaCha20-Poly1305 in 64 KiB chunks (age's STREAM) with libsodium and
/// with BoringSSL (`ChunkAEAD`, which the STREAM uses), for `make bench`: how much
/// of sealing and opening is encryption on the machine at hand. Times are this
/// thread's CPU time, so neighbours on a shared machine do not inflate them.
public enum AEADBenchmark {
    public static func run(megabytes: Int) -> String {
        Sodium.ready()
        let chunk = 64 * 1024, count = max(1, (megabytes << 20) / chunk)
        let key = SecureBytes.random(count: 32)
        let plain = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk + 16, alignment: 64)
        defer { plain.deallocate(); out.deallocate() }
        plain.initializeMemory(as: UInt8.self, repeating: 7)
        let nonce = [UInt8](repeating: 0, count: 12)
        let sodium = throughput(count * chunk) {
            nonce.withUnsafeBytes { n in
                for _ in 0..<count { ChaCha20Poly1305.sealInPlace(key: key, nonce: n, input: UnsafeRawBufferPointer(plain), output: out) }
            }
        }
        let aead = ChunkAEAD(key: key)
        let boring = throughput(count * chunk) {
            nonce.withUnsafeBytes { n in
                for _ in 0..<count { aead.seal(nonce: n, input: UnsafeRawBufferPointer(plain), output: out) }
            }
        }
        return "ChaCha20-Poly1305 (64 KiB chunks, one core, CPU time): libsodium \(Int(sodium)) MB/s, "
            + "BoringSSL (used) \(Int(boring)) MB/s"
    }

    /// Best of three runs, in MB per CPU second of this thread.
    static func throughput(_ bytes: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = threadCPUSeconds()
            body()
            best = min(best, threadCPUSeconds() - start)
        }
        return Double(bytes) / max(best, 1e-9) / 1e6
    }

    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
