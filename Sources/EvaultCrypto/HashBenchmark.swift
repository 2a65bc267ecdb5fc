import CSodium

/// Measures the two SHA-256 implementations available, for `make bench`: the
/// reason SHA256Hasher uses swift-crypto instead of libsodium is a number, and
/// this prints it on the machine at hand.
public enum HashBenchmark {
    public struct Result: CustomStringConvertible {
        public var swiftCryptoMBps: Double
        public var libsodiumMBps: Double
        public var description: String {
            "SHA-256: swift-crypto \(Int(swiftCryptoMBps)) MB/s, libsodium \(Int(libsodiumMBps)) MB/s "
                + "(\((swiftCryptoMBps / libsodiumMBps * 100).rounded() / 100)x)"
        }
    }

    public static func run(megabytes: Int) -> Result {
        Sodium.ready()
        let bytes = randomBytes(megabytes << 20)
        let swiftCrypto = throughput(bytes.count) { _ = SHA256Hasher.hash(bytes) }
        var out = [UInt8](repeating: 0, count: 32)
        let libsodium = throughput(bytes.count) { _ = crypto_hash_sha256(&out, bytes, UInt64(bytes.count)) }
        return Result(swiftCryptoMBps: swiftCrypto, libsodiumMBps: libsodium)
    }

    /// Best of three runs, in MB per CPU second of this thread (as `AEADBenchmark`).
    private static func throughput(_ count: Int, _ body: () -> Void) -> Double {
        AEADBenchmark.throughput(count, body)
    }
}
