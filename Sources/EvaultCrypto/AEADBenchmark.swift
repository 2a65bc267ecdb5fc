import Crypto
import Dispatch
import Foundation

/// Measures ChaCha20-Poly1305 in 64 KiB chunks (age's STREAM) with libsodium,
/// which evault uses, and with swift-crypto (BoringSSL), for `make bench`: how
/// much of sealing is encryption on the machine at hand.
public enum AEADBenchmark {
    public static func run(megabytes: Int) -> String {
        Sodium.ready()
        let chunk = 64 * 1024, count = (megabytes << 20) / chunk
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
        let symmetric = key.withUnsafeBytes { SymmetricKey(data: $0) }
        let data = Data(UnsafeRawBufferPointer(plain))
        let boring = throughput(count * chunk) {
            for _ in 0..<count {
                if let n = try? ChaChaPoly.Nonce(data: nonce) { _ = try? ChaChaPoly.seal(data, using: symmetric, nonce: n) }
            }
        }
        return "ChaCha20-Poly1305 (64 KiB chunks, one core): libsodium \(Int(sodium)) MB/s, swift-crypto \(Int(boring)) MB/s"
    }

    private static func throughput(_ bytes: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return Double(bytes) / best / 1e6
    }
}
