import EvaultCrypto

/// A passphrase recipient. The spec makes an scrypt stanza the only stanza of
/// its file, so a passphrase can't be mixed with keys (which would let a key
/// holder swap the payload under a passphrase the reader trusts).
public struct AgeScryptRecipient: AgeRecipient {
    static let label = Array("age-encryption.org/v1/scrypt".utf8)
    static let saltLength = 16

    private let passphrase: SecureBytes
    private let workFactor: Int

    /// `workFactor` is log2 of scrypt's N (18 takes about a second, 256 MiB).
    public init(passphrase: SecureBytes, workFactor: Int = 18) {
        self.passphrase = passphrase
        self.workFactor = workFactor
    }

    /// The key that wraps the file key: scrypt(label || salt, 2^logN, r = 8, p = 1).
    /// Nil when scrypt cannot run (not enough memory for the work factor).
    static func wrappingKey(passphrase: SecureBytes, salt: [UInt8], logN: Int) -> SecureBytes? {
        try? Scrypt.deriveKey(passphrase: passphrase, salt: label + salt, logN: logN, length: ChaCha20Poly1305.keyLength)
    }

    public func wrap(fileKey: SecureBytes) throws -> [AgeStanza] {
        guard (1...30).contains(workFactor) else {
            throw AgeError.invalidRecipients("scrypt work factor must be between 1 and 30")
        }
        let salt = randomBytes(Self.saltLength)
        guard let key = Self.wrappingKey(passphrase: passphrase, salt: salt, logN: workFactor) else {
            throw AgeError.invalidRecipients("scrypt failed for work factor \(workFactor)")
        }
        return [AgeStanza(type: "scrypt", arguments: [Base64.encode(salt), String(workFactor)],
                          body: AgeFileKey.wrap(fileKey: fileKey, key: key))]
    }
}

/// A passphrase identity; refuses work factors above `maxWorkFactor`, so a
/// hostile file cannot make decryption take hours or gigabytes.
public struct AgeScryptIdentity: AgeIdentity {
    private let passphrase: SecureBytes
    private let maxWorkFactor: Int

    public init(passphrase: SecureBytes, maxWorkFactor: Int = 22) {
        self.passphrase = passphrase
        self.maxWorkFactor = maxWorkFactor
    }

    public func unwrap(stanzas: [AgeStanza]) throws -> SecureBytes? {
        if stanzas.contains(where: { $0.type == "scrypt" }) && stanzas.count != 1 {
            throw AgeError.malformedHeader("an scrypt stanza must be the only stanza")
        }
        for stanza in stanzas where stanza.type == "scrypt" {
            guard stanza.arguments.count == 2 else {
                throw AgeError.malformedHeader("an scrypt stanza must have exactly two arguments")
            }
            let salt = try AgeStanza.decodeArgument(stanza.arguments[0], length: AgeScryptRecipient.saltLength, what: "scrypt salt")
            let logN = try Self.parseWorkFactor(stanza.arguments[1])
            guard logN <= maxWorkFactor else { throw AgeError.workFactorTooHigh(logN) }
            // Checked before scrypt runs: no reason to spend a second on a broken stanza.
            guard stanza.body.count == AgeFileKey.length + ChaCha20Poly1305.tagLength else {
                throw AgeError.malformedHeader("scrypt stanza body is not a 16-byte file key")
            }
            guard let key = AgeScryptRecipient.wrappingKey(passphrase: passphrase, salt: salt, logN: logN) else {
                throw AgeError.malformedHeader("scrypt failed for work factor \(logN)")
            }
            if let fileKey = try AgeFileKey.unwrap(body: stanza.body, key: key, what: "scrypt") {
                return fileKey
            }
        }
        return nil
    }

    /// Decimal without sign or leading zeros, as the spec writes it.
    static func parseWorkFactor(_ s: String) throws -> Int {
        let digits = Array(s.utf8)
        guard let first = digits.first, first != UInt8(ascii: "0"),
              digits.allSatisfy({ (48...57).contains($0) }),
              digits.count <= 9, let value = Int(s), value > 0
        else { throw AgeError.malformedHeader("the scrypt work factor is not a positive decimal number") }
        return value
    }
}
