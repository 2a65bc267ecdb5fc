import CSodium

/// X25519 Diffie-Hellman (RFC 7748) over libsodium's `crypto_scalarmult`.
public enum X25519 {
    public static let keyLength = 32

    /// A public key: 32 bytes, safe to print and store.
    public struct PublicKey: Hashable, Sendable {
        public let rawRepresentation: [UInt8]

        public init(rawRepresentation: [UInt8]) throws {
            guard rawRepresentation.count == X25519.keyLength else {
                throw CryptoError.invalidLength(what: "X25519 public key", expected: X25519.keyLength, got: rawRepresentation.count)
            }
            self.rawRepresentation = rawRepresentation
        }
    }

    /// A private scalar, held in secret storage.
    public struct PrivateKey: Sendable {
        public let secret: SecureBytes

        /// A new random private key.
        public init() {
            secret = SecureBytes.random(count: X25519.keyLength)
        }

        public init(secret: SecureBytes) throws {
            guard secret.count == X25519.keyLength else {
                throw CryptoError.invalidLength(what: "X25519 private key", expected: X25519.keyLength, got: secret.count)
            }
            self.secret = secret
        }

        public var publicKey: PublicKey {
            Sodium.ready()
            var pk = [UInt8](repeating: 0, count: X25519.keyLength)
            secret.withUnsafeBytes { sk in
                _ = crypto_scalarmult_base(&pk, sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            // Length is fixed above, so this cannot throw.
            return PublicKey(unchecked: pk)
        }

        /// X25519(self, peer). Throws `lowOrderPoint` when the result is all zeroes,
        /// as the age spec requires.
        public func sharedSecret(with peer: PublicKey) throws -> SecureBytes {
            Sodium.ready()
            let out = SecureBytes(count: X25519.keyLength)
            let rc = out.withUnsafeMutableBytes { o in
                secret.withUnsafeBytes { sk in
                    crypto_scalarmult(
                        o.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        sk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        peer.rawRepresentation)
                }
            }
            // libsodium returns -1 for an all-zero output.
            guard rc == 0 else { throw CryptoError.lowOrderPoint }
            return out
        }
    }
}

extension X25519.PublicKey {
    fileprivate init(unchecked raw: [UInt8]) { rawRepresentation = raw }
}
