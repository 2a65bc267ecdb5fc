import EvaultCrypto

/// The native age recipient: an X25519 public key, written "age1…".
/// Each file gets a fresh ephemeral share, so stanzas reveal nothing about the recipient.
public struct AgeX25519Recipient: AgeRecipient, Hashable, Sendable {
    static let hrp = "age"
    static let label = Array("age-encryption.org/v1/X25519".utf8)

    public let publicKey: X25519.PublicKey

    public init(publicKey: X25519.PublicKey) {
        self.publicKey = publicKey
    }

    /// Parses "age1…" (lowercase, as age writes it).
    public init(parsing s: String) throws {
        let (hrp, data) = try Bech32.decode(s)
        guard hrp == Self.hrp else { throw AgeError.invalidKey("not an age X25519 recipient (expected \"age1…\")") }
        guard let key = try? X25519.PublicKey(rawRepresentation: data) else {
            throw AgeError.invalidKey("an age X25519 recipient must hold 32 bytes")
        }
        publicKey = key
    }

    public var encoded: String { Bech32.encode(hrp: Self.hrp, data: publicKey.rawRepresentation) }

    public func wrap(fileKey: SecureBytes) throws -> [AgeStanza] {
        let ephemeral = X25519.PrivateKey()
        let share = ephemeral.publicKey.rawRepresentation
        let shared: SecureBytes
        do { shared = try ephemeral.sharedSecret(with: publicKey) } catch {
            throw AgeError.invalidKey("the X25519 recipient is a low-order point")
        }
        let key = HKDF.deriveKey(inputKeyMaterial: shared, salt: share + publicKey.rawRepresentation,
                                 info: Self.label, length: ChaCha20Poly1305.keyLength)
        return [AgeStanza(type: "X25519", arguments: [Base64.encode(share)],
                          body: AgeFileKey.wrap(fileKey: fileKey, key: key))]
    }
}
