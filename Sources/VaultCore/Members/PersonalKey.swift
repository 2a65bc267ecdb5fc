import AgeFormat
import EvaultCrypto
import Minisign

/// A team member's own key: an age X25519 identity (the vault's keys are wrapped
/// to its recipient in a key slot) and an Ed25519 signing key (signs the
/// member's custody-log events). It carries no vault secret and belongs to no
/// single vault, so one person can be a member of several vaults.
///
///     # evault personal key, format 1. Anyone holding this file can act as NAME.
///     # member: NAME
///     # age recipient: age1…
///     # minisign public key: RW…
///     AGE-SECRET-KEY-1…
///     # EVAULT-SIGNING-KEY-1…
///     # EVAULT-PERSONAL-1 member=NAME hmac-sha256=<64 hex>
///
/// The file is a valid age identity file (`age -d -i PATH` works). The last line
/// binds the two secrets and the name together, like the vault key file's
/// binding line (FORMAT.md section 2), so a spliced file is refused.
public struct PersonalKey: Sendable {
    public let name: String
    public let identity: AgeX25519Identity
    public let signingKey: Ed25519.PrivateKey

    static let headerPrefix = "# evault personal key, format 1."
    static let bindingPrefix = "# EVAULT-PERSONAL-1 "

    public init(name: String, identity: AgeX25519Identity, signingKey: Ed25519.PrivateKey) throws {
        guard MemberRecord.isValidName(name) else { throw MemberError.badName(name) }
        self.name = name
        self.identity = identity
        self.signingKey = signingKey
    }

    public static func generate(name: String) throws -> PersonalKey {
        try PersonalKey(name: name, identity: .generate(), signingKey: Ed25519.PrivateKey())
    }

    public var recipient: AgeX25519Recipient { identity.recipient }

    public var minisignPublicKey: MinisignPublicKey {
        MinisignPublicKey(keyID: MinisignSigner.keyID(for: signingKey.publicKey), key: signingKey.publicKey)
    }

    /// The file's text; secret.
    public func encode(created: String) -> SecureBytes {
        var text = "\(PersonalKey.headerPrefix) Anyone holding this file can act as \(name).\n"
        text += "# member: \(name)\n# created: \(created)\n"
        text += "# age recipient: \(recipient.encoded)\n# minisign public key: \(minisignPublicKey.base64)\n"
        var seed = signingKey.seed.unsafeArray()
        defer { wipe(&seed) }
        let signingLine = Bech32.encode(hrp: KeyFile.signingHRP, data: seed).uppercased()
        var bytes = Array(text.utf8)
        identity.encoded().withUnsafeBytes { bytes.append(contentsOf: $0) }
        bytes += Array("\n# \(signingLine)\n\(bindingLine())\n".utf8)
        defer { wipe(&bytes) }
        return SecureBytes(copying: bytes)
    }

    func bindingLine() -> String {
        var material = identity.privateKey.secret.unsafeArray() + signingKey.seed.unsafeArray()
        let ikm = SecureBytes(copying: material)
        wipe(&material)
        let key = HKDF.deriveKey(inputKeyMaterial: ikm, salt: [], info: Array("evault/2 personal key binding".utf8), length: 32)
        let tag = HMACSHA256.authenticate(key: key, message: Array("evault-personal/1\u{0}\(name)".utf8))
        return "\(PersonalKey.bindingPrefix)member=\(name) hmac-sha256=\(Hex.encode(tag))"
    }

    /// Whether `contents` is a personal key file (rather than a vault key file).
    static func isPersonal(_ contents: SecureBytes) -> Bool {
        contents.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }.contains("\n" + bindingPrefix)
    }

    /// Parses and checks a personal key file. `path` is only used in error messages.
    public static func decode(_ contents: SecureBytes, path: String) throws -> PersonalKey {
        let identities: [AgeX25519Identity]
        do { identities = try AgeIdentityFile.parse(contents) } catch {
            throw VaultError.malformedKeyFile(path: path, reason: "its age identity line is invalid")
        }
        guard identities.count == 1, let identity = identities.first else {
            throw VaultError.malformedKeyFile(path: path, reason: "expected exactly one AGE-SECRET-KEY-1 line, found \(identities.count)")
        }
        let text = contents.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        var seed: SecureBytes?
        var binding: Substring?
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingSpaces()
            if line.hasPrefix(bindingPrefix) {
                guard binding == nil else { throw VaultError.malformedKeyFile(path: path, reason: "two # EVAULT-PERSONAL-1 lines") }
                binding = line
                continue
            }
            guard line.hasPrefix("# EVAULT-") else { continue }
            guard seed == nil, let decoded = try? Bech32.decode(String(line.dropFirst(2)).lowercased()),
                  decoded.hrp == KeyFile.signingHRP, decoded.data.count == 32 else {
                throw VaultError.malformedKeyFile(path: path, reason: "a personal key holds exactly one # EVAULT-SIGNING-KEY-1 line and no other key")
            }
            var data = decoded.data
            seed = SecureBytes(copying: data)
            wipe(&data)
        }
        guard let seed else { throw VaultError.malformedKeyFile(path: path, reason: "no # EVAULT-SIGNING-KEY-1 line") }
        guard let binding, let nameField = binding.dropFirst(bindingPrefix.count).split(separator: " ").first,
              nameField.hasPrefix("member=") else {
            throw VaultError.malformedKeyFile(path: path, reason: "no valid # EVAULT-PERSONAL-1 line")
        }
        let key = try PersonalKey(name: String(nameField.dropFirst(7)), identity: identity, signingKey: Ed25519.PrivateKey(seed: seed))
        guard constantTimeEquals(Array(key.bindingLine().utf8), Array(binding.utf8)) else {
            throw VaultError.malformedKeyFile(path: path, reason: "its lines do not belong together (spliced from another key file?)")
        }
        return key
    }
}
