import AgeFormat
import EvaultCrypto

/// Reading and writing personal key files: plain (mode 0600), or under a
/// passphrase as an age file with one scrypt stanza whose plaintext is the
/// plain key file (age's own "encrypted identity file": `age -d -i PATH`
/// asks for the passphrase). An scrypt stanza must stand alone in an age
/// header, so a passphrase protects the member's own identity, never a slot.
extension PersonalKey {
    static let ageMagic = Array("age-encryption.org/v1\n".utf8)

    /// Writes a new personal key file (never overwriting), encrypted when a passphrase is given.
    public func write(to path: String, passphrase: SecureBytes?, workFactor: Int = Vault.defaultWorkFactor, created: String) throws {
        let text = encode(created: created)
        guard let passphrase else { return try Vault.writeKeyFile(text, to: path) }
        let sink = MemorySink()
        let writer = try AgeWriter(recipients: [AgeScryptRecipient(passphrase: passphrase, workFactor: workFactor)], output: sink)
        try text.withUnsafeBytes { try writer.write($0) }
        try writer.close()
        try Vault.writeKeyFile(SecureBytes(copying: sink.bytes), to: path)
    }

    /// Whether the file at `path` is age-encrypted (a passphrase-protected personal key).
    public static func isPassphraseProtected(path: String) -> Bool {
        guard let head = try? FileStream.openForReading(path: path).readToEnd(limit: 64 * 1024) else { return false }
        return head.starts(with: ageMagic)
    }

    /// The personal key at `path`, or nil when it is a vault key file.
    public static func read(ifPersonal path: String, passphrase: SecureBytes? = nil) throws -> PersonalKey? {
        guard FileSystem.isRegularFile(path) else { return nil }
        var bytes: [UInt8]
        do { bytes = try FileStream.openForReading(path: path).readToEnd(limit: 64 * 1024) } catch { return nil }
        defer { wipe(&bytes) }
        if bytes.starts(with: ageMagic) {
            guard let passphrase else {
                throw VaultError.invalidArgument("the key file \(path) is passphrase-protected: give --passphrase-file PATH or run on a terminal")
            }
            let plain = try decrypt(bytes, passphrase: passphrase, path: path)
            return try decode(plain, path: path)
        }
        let contents = SecureBytes(copying: bytes)
        guard isPersonal(contents) else { return nil }
        // Like a vault key file: a secret others on the machine can read is refused.
        if let mode = FileSystem.mode(path), mode & 0o077 != 0 {
            throw VaultError.invalidArgument("the key file \(path) is open to group or others (mode \(String(mode & 0o777, radix: 8))); run: chmod 600 \(path)")
        }
        return try decode(contents, path: path)
    }

    private static func decrypt(_ sealed: [UInt8], passphrase: SecureBytes, path: String) throws -> SecureBytes {
        do {
            let identity = AgeScryptIdentity(passphrase: passphrase, maxWorkFactor: Vault.maxWorkFactor)
            let reader = try AgeReader(input: MemorySource(sealed), identities: [identity])
            var plain = try reader.readToEnd(limit: 64 * 1024)
            defer { wipe(&plain) }
            return SecureBytes(copying: plain)
        } catch AgeError.noIdentityMatched {
            throw VaultError.wrongPassphrase
        } catch AgeError.headerMACMismatch {
            throw VaultError.wrongPassphrase
        } catch {
            throw VaultError.malformedKeyFile(path: path, reason: "cannot be decrypted (\(error))")
        }
    }

    /// Reads a personal key file (plain or passphrase-protected); a vault key file is refused.
    public static func read(path: String, passphrase: SecureBytes?) throws -> PersonalKey {
        guard FileSystem.isRegularFile(path) else { throw VaultError.unreadableInput(path: path, reason: "no such key file") }
        guard let key = try read(ifPersonal: path, passphrase: passphrase) else {
            throw VaultError.malformedKeyFile(path: path, reason: "it is a vault key file, not a personal key (create one with `evault keys new --keyfile PATH`)")
        }
        return key
    }
}
