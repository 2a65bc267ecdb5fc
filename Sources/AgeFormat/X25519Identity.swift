import EvaultCrypto

/// The native age identity: an X25519 private key, written "AGE-SECRET-KEY-1…".
public struct AgeX25519Identity: AgeIdentity, Sendable {
    static let hrp = "AGE-SECRET-KEY-"

    public let privateKey: X25519.PrivateKey
    // Cached: deriving it costs a scalar multiplication, and unwrap needs it per stanza.
    private let cachedRecipient: AgeX25519Recipient

    public init(privateKey: X25519.PrivateKey) {
        self.privateKey = privateKey
        cachedRecipient = AgeX25519Recipient(publicKey: privateKey.publicKey)
    }

    public static func generate() -> AgeX25519Identity {
        AgeX25519Identity(privateKey: X25519.PrivateKey())
    }

    /// Parses "AGE-SECRET-KEY-1…" (uppercase only, as age).
    public init(parsing s: String) throws {
        var ascii = Array(s.utf8)
        defer { wipe(&ascii) }
        self = try ascii.withUnsafeBytes { try AgeX25519Identity(parsingASCII: $0) }
    }

    /// Parses from bytes so identity files never turn keys into Strings.
    init(parsingASCII ascii: UnsafeRawBufferPointer) throws {
        let (hrp, data) = try Bech32.decodeASCII(ascii)
        guard hrp == Self.hrp else {
            throw AgeError.invalidKey("not an age X25519 identity (expected \"AGE-SECRET-KEY-1…\" in upper case)")
        }
        guard let key = try? X25519.PrivateKey(secret: data) else {
            throw AgeError.invalidKey("an age X25519 identity must hold 32 bytes")
        }
        self.init(privateKey: key)
    }

    public var recipient: AgeX25519Recipient { cachedRecipient }

    /// The "AGE-SECRET-KEY-1…" string as UTF-8, kept in secret storage.
    public func encoded() -> SecureBytes {
        var ascii = privateKey.secret.withUnsafeBytes { Bech32.encodeASCII(hrp: Self.hrp, data: $0) }
        defer { wipe(&ascii) }
        return SecureBytes(copying: ascii)
    }

    public func unwrap(stanzas: [AgeStanza]) throws -> SecureBytes? {
        for stanza in stanzas where stanza.type == "X25519" {
            guard stanza.arguments.count == 1 else {
                throw AgeError.malformedHeader("an X25519 stanza must have exactly one argument")
            }
            let share = try AgeStanza.decodeArgument(stanza.arguments[0], length: X25519.keyLength, what: "X25519 share")
            guard stanza.body.count == AgeFileKey.length + ChaCha20Poly1305.tagLength else {
                throw AgeError.malformedHeader("X25519 stanza body is not a 16-byte file key")
            }
            let peer = try X25519.PublicKey(rawRepresentation: share)
            let shared: SecureBytes
            do { shared = try privateKey.sharedSecret(with: peer) } catch {
                throw AgeError.malformedHeader("the X25519 share is a low-order point")
            }
            let key = HKDF.deriveKey(inputKeyMaterial: shared, salt: share + recipient.publicKey.rawRepresentation,
                                     info: AgeX25519Recipient.label, length: ChaCha20Poly1305.keyLength)
            if let fileKey = try AgeFileKey.unwrap(body: stanza.body, key: key, what: "X25519") {
                return fileKey
            }
        }
        return nil
    }
}
