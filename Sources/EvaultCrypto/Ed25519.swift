import CSodium

/// Ed25519 signatures over libsodium's `crypto_sign`.
public enum Ed25519 {
    public static let seedLength = 32
    public static let publicKeyLength = 32
    public static let signatureLength = 64

    public struct PublicKey: Hashable, Sendable {
        public let rawRepresentation: [UInt8]

        public init(rawRepresentation: [UInt8]) throws {
            guard rawRepresentation.count == Ed25519.publicKeyLength else {
                throw CryptoError.invalidLength(what: "Ed25519 public key", expected: Ed25519.publicKeyLength, got: rawRepresentation.count)
            }
            self.rawRepresentation = rawRepresentation
        }

        /// Verifies a detached signature over `message`.
        public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
            Sodium.ready()
            guard signature.count == Ed25519.signatureLength else { return false }
            return crypto_sign_verify_detached(signature, message, UInt64(message.count), rawRepresentation) == 0
        }
    }

    /// A signing key, kept as its 32-byte seed in secret storage.
    public struct PrivateKey: Sendable {
        public let seed: SecureBytes
        public let publicKey: PublicKey

        /// A new random signing key.
        public init() {
            self.init(validSeed: SecureBytes.random(count: Ed25519.seedLength))
        }

        public init(seed: SecureBytes) throws {
            guard seed.count == Ed25519.seedLength else {
                throw CryptoError.invalidLength(what: "Ed25519 seed", expected: Ed25519.seedLength, got: seed.count)
            }
            self.init(validSeed: seed)
        }

        private init(validSeed seed: SecureBytes) {
            Sodium.ready()
            self.seed = seed
            var pk = [UInt8](repeating: 0, count: Ed25519.publicKeyLength)
            let sk = SecureBytes(count: Int(crypto_sign_SECRETKEYBYTES))
            _ = sk.withUnsafeMutableBytes { s in
                seed.withUnsafeBytes { sd in
                    crypto_sign_seed_keypair(&pk, s.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                             sd.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
            publicKey = PublicKey(unchecked: pk)
        }

        /// A detached signature over `message`.
        public func signature(for message: [UInt8]) -> [UInt8] {
            Sodium.ready()
            let sk = SecureBytes(count: Int(crypto_sign_SECRETKEYBYTES))
            var pk = [UInt8](repeating: 0, count: Ed25519.publicKeyLength)
            var sig = [UInt8](repeating: 0, count: Ed25519.signatureLength)
            sk.withUnsafeMutableBytes { s in
                seed.withUnsafeBytes { sd in
                    _ = crypto_sign_seed_keypair(&pk, s.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                                 sd.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
                _ = crypto_sign_detached(&sig, nil, message, UInt64(message.count),
                                         s.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            return sig
        }
    }
}

extension Ed25519.PublicKey {
    fileprivate init(unchecked raw: [UInt8]) { rawRepresentation = raw }
}
