import AgeFormat
import EvaultCrypto

/// The key file: a valid age identity file that also carries evault's other
/// two secrets on comment lines, which age skips. So `age -d -i KEYFILE ENTRY`
/// opens any entry directly, and one file backs up the whole vault.
///
///     # evault key file, format 1. Anyone holding this file can open the vault.
///     # age recipient: age1…
///     # minisign public key: RW…
///     AGE-SECRET-KEY-1…
///     # EVAULT-SIGNING-KEY-1…     (Bech32 of the 32-byte Ed25519 seed)
///     # EVAULT-PSEUDONYM-KEY-1…   (Bech32 of the 32-byte pseudonym key)
///
/// `keys.example` documents each line.
public enum KeyFile {
    static let header = "# evault key file, format 1. Anyone holding this file can open the vault."
    static let signingHRP = "evault-signing-key-"
    static let pseudonymHRP = "evault-pseudonym-key-"

    /// The secrets published in keys.example: any one of them makes a key file unusable.
    /// (The example age identity is recognised by its recipient, `Keyring.isExample`.)
    static let exampleSecrets = [
        "EVAULT-SIGNING-KEY-10R7YLZ9DCU5NTL4RM2HDF520HUU04A9TPTXZ9T2ZLSL5Y4F0ZKYSJP5ZRD",
        "EVAULT-PSEUDONYM-KEY-1YTW7MV9REAHP765DUX520MEGTFP4F3EA6AYDU4TSK8SAZSA9U6AS6W6LJR",
    ]

    /// Serialises `keyring`. The result is secret and lives in secret storage.
    public static func encode(_ keyring: Keyring, created: String) -> SecureBytes {
        let ageKey = keyring.identity.encoded()
        var text = ""
        text += header + "\n"
        text += "# created: \(created)\n"
        text += "# age recipient: \(keyring.recipient.encoded)\n"
        text += "# minisign public key: \(keyring.minisignPublicKey.base64)\n"
        var signing = keyring.signingKey.seed.unsafeArray()
        var pseudonym = keyring.pseudonymKey.unsafeArray()
        defer { wipe(&signing); wipe(&pseudonym) }
        let signingLine = Bech32.encode(hrp: signingHRP, data: signing).uppercased()
        let pseudonymLine = Bech32.encode(hrp: pseudonymHRP, data: pseudonym).uppercased()
        var bytes = Array(text.utf8)
        ageKey.withUnsafeBytes { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: Array("\n# \(signingLine)\n# \(pseudonymLine)\n".utf8))
        defer { wipe(&bytes) }
        return SecureBytes(copying: bytes)
    }

    /// Parses a key file's contents. `path` is only used in error messages.
    public static func decode(_ contents: SecureBytes, path: String) throws -> Keyring {
        let identities: [AgeX25519Identity]
        do {
            identities = try AgeIdentityFile.parse(contents)
        } catch {
            throw VaultError.malformedKeyFile(path: path, reason: "its age identity line is invalid")
        }
        guard identities.count == 1, let identity = identities.first else {
            throw VaultError.malformedKeyFile(path: path, reason: "expected exactly one AGE-SECRET-KEY-1 line, found \(identities.count)")
        }
        var signing: SecureBytes?
        var pseudonym: SecureBytes?
        let text = contents.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingSpaces()
            if exampleSecrets.contains(where: { line.hasSuffix($0) }) { throw VaultError.exampleKeys(path: path) }
            guard line.hasPrefix("# EVAULT-") else { continue }
            let key = String(line.dropFirst(2)).lowercased()
            guard let decoded = try? Bech32.decode(key) else {
                throw VaultError.malformedKeyFile(path: path, reason: "a # EVAULT- line is not valid Bech32")
            }
            var data = decoded.data
            defer { wipe(&data) }
            guard data.count == 32 else {
                throw VaultError.malformedKeyFile(path: path, reason: "a # EVAULT- key is not 32 bytes")
            }
            switch decoded.hrp {
            case signingHRP: signing = SecureBytes(copying: data)
            case pseudonymHRP: pseudonym = SecureBytes(copying: data)
            default:
                throw VaultError.malformedKeyFile(path: path, reason: "unknown # EVAULT- key line")
            }
        }
        guard let signing else {
            throw VaultError.malformedKeyFile(path: path, reason: "no # EVAULT-SIGNING-KEY-1 line (is this a plain age key? evault needs its own key file)")
        }
        guard let pseudonym else {
            throw VaultError.malformedKeyFile(path: path, reason: "no # EVAULT-PSEUDONYM-KEY-1 line")
        }
        let keyring = try Keyring(identity: identity, signingKey: Ed25519.PrivateKey(seed: signing), pseudonymKey: pseudonym)
        if keyring.isExample { throw VaultError.exampleKeys(path: path) }
        return keyring
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return s
    }
}
