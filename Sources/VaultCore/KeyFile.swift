#if canImport(Glibc)
import Glibc
#endif
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
/// Format 2 adds one more comment line binding the secrets together and to the
/// vault and member they belong to (docs/FORMAT.md section 2):
///
///     # EVAULT-BINDING-2 vault=<32 hex> member=<name> hmac-sha256=<64 hex>
///
/// `keys.example` documents each line.
public enum KeyFile {
    static let header = "# evault key file, format 2. Anyone holding this file can open the vault."
    static let bindingPrefix = "# EVAULT-BINDING-2 "
    /// The member a single-person vault's key file belongs to.
    public static let ownerMember = "owner"
    static let signingHRP = "evault-signing-key-"
    static let pseudonymHRP = "evault-pseudonym-key-"

    /// The secrets published in keys.example: any one of them makes a key file unusable.
    /// (The example age identity is recognised by its recipient, `Keyring.isExample`.)
    static let exampleSecrets = [
        "EVAULT-SIGNING-KEY-10R7YLZ9DCU5NTL4RM2HDF520HUU04A9TPTXZ9T2ZLSL5Y4F0ZKYSJP5ZRD",
        "EVAULT-PSEUDONYM-KEY-1YTW7MV9REAHP765DUX520MEGTFP4F3EA6AYDU4TSK8SAZSA9U6AS6W6LJR",
    ]

    /// Serialises `keyring`. The result is secret and lives in secret storage.
    public static func encode(_ keyring: Keyring, created: String, member: String = ownerMember) -> SecureBytes {
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
        let binding = KeyFileBinding(vaultID: VaultID(recipient: keyring.recipient.encoded), member: member)
        bytes.append(contentsOf: Array(binding.line(keyring: keyring).utf8))
        defer { wipe(&bytes) }
        return SecureBytes(copying: bytes)
    }

    /// Parses a key file's contents. `path` is only used in error messages.
    public static func decode(_ contents: SecureBytes, path: String) throws -> Keyring {
        try decodeChecked(contents, path: path).keyring
    }

    /// Parses a key file and checks its binding (format 2). A format-1 file,
    /// which has none, is accepted and reported as such (`binding == nil`).
    public static func decodeChecked(_ contents: SecureBytes, path: String) throws -> KeyFileContents {
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
        var bindingLine: Substring?
        let text = contents.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingSpaces()
            if exampleSecrets.contains(where: { line.hasSuffix($0) }) { throw VaultError.exampleKeys(path: path) }
            if line.hasPrefix(bindingPrefix) {
                guard bindingLine == nil else {
                    throw VaultError.malformedKeyFile(path: path, reason: "the # EVAULT-BINDING-2 line appears twice")
                }
                bindingLine = line
                continue
            }
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
            // A repeated line is refused, even an identical one: "last wins" would
            // let a line appended from another vault take over silently.
            switch decoded.hrp {
            case signingHRP:
                guard signing == nil else { throw VaultError.malformedKeyFile(path: path, reason: "the # EVAULT-SIGNING-KEY-1 line appears twice") }
                signing = SecureBytes(copying: data)
            case pseudonymHRP:
                guard pseudonym == nil else { throw VaultError.malformedKeyFile(path: path, reason: "the # EVAULT-PSEUDONYM-KEY-1 line appears twice") }
                pseudonym = SecureBytes(copying: data)
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
        guard let bindingLine else { return KeyFileContents(keyring: keyring, binding: nil) }
        guard let binding = KeyFileBinding(parsing: bindingLine) else {
            throw VaultError.malformedKeyFile(path: path, reason: "the # EVAULT-BINDING-2 line is malformed")
        }
        guard binding.matches(line: bindingLine, keyring: keyring),
              binding.vaultID == VaultID(recipient: keyring.recipient.encoded) else {
            throw VaultError.malformedKeyFile(path: path, reason: "its lines do not belong together (spliced from another vault's key file?)")
        }
        return KeyFileContents(keyring: keyring, binding: binding)
    }
}

extension KeyFile {
    /// Reads and checks the key file at `path`: a regular file (a FIFO or device
    /// is refused without blocking), not readable by group or others where the
    /// file system has permissions (on FAT and exFAT, which have none, a warning),
    /// and its lines bound together. Returns the keys and any warnings.
    static func read(path: String) throws -> (contents: KeyFileContents, warnings: [String]) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw VaultError.unreadableInput(path: path, reason: "no such key file") }
            throw VaultError.unreadableInput(path: path, reason: FileSystem.reason(code))
        }
        let stream = FileStream(descriptor: fd, closeOnDeinit: true)
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw VaultError.unreadableInput(path: path, reason: "not a regular file")
        }
        var bytes: [UInt8]
        do { bytes = try stream.readToEnd(limit: 64 * 1024) } catch {
            throw VaultError.malformedKeyFile(path: path, reason: "larger than a key file can be")
        }
        defer { wipe(&bytes) }
        // Decoded first: the published example keys deserve that message, whatever their mode.
        let contents = try decodeChecked(SecureBytes(copying: bytes), path: path)
        var warnings: [String] = []
        if st.st_mode & 0o077 != 0 {
            let mode = String(st.st_mode & 0o777, radix: 8)
            if FileSystem.hasNoPermissions(fd: fd) {
                warnings.append("the key file \(path) is on a file system without permissions (FAT or exFAT): anyone with access to that drive can read it")
            } else {
                throw VaultError.invalidArgument("the key file \(path) is open to group or others (mode \(mode)); run: chmod 600 \(path)")
            }
        }
        if contents.binding == nil { warnings.append(formatOneWarning(path)) }
        return (contents, warnings)
    }

    static func formatOneWarning(_ path: String) -> String {
        "the key file \(path) is format 1 (its lines are not bound together); `evault keys export --to NEWPATH` writes a format-2 copy"
    }

    /// Refuses a key file path inside the vault folder: the key would sit next to
    /// what it protects, and be synced or seized with it.
    static func checkOutside(vault: String, keyFile: String) throws {
        let vaultPath = FileSystem.canonical(vault)
        let keyPath = FileSystem.canonical(FilePathText.parent(keyFile))
        if keyPath == vaultPath || keyPath.hasPrefix(vaultPath.hasSuffix("/") ? vaultPath : vaultPath + "/") {
            throw VaultError.invalidArgument("the key file \(keyFile) would be inside the vault folder; put it elsewhere (ideally on another drive)")
        }
    }
}

/// A decoded key file.
public struct KeyFileContents {
    public let keyring: Keyring
    /// Nil for a format-1 key file, whose secrets are not bound together.
    public let binding: KeyFileBinding?
}

/// A vault's identifier: the first 16 bytes of SHA-256 over a label and the
/// age recipient the vault was created with (the one in `vault.age`), in hex.
public struct VaultID: Equatable, Sendable, CustomStringConvertible {
    public let hex: String

    public init(recipient: String) {
        let digest = SHA256Hasher.hash(Array("evault-vault-id/1\u{0}\(recipient)".utf8))
        hex = Hex.encode(Array(digest.bytes.prefix(16)))
    }

    init?(hex: String) {
        guard hex.count == 32, Hex.decode(hex) != nil, hex == hex.lowercased() else { return nil }
        self.hex = hex
    }

    public var description: String { hex }
}

/// The binding line of a format-2 key file: an HMAC-SHA-256, under a key derived
/// from all three secrets, over the vault id and member. A line taken from
/// another key file (or a changed vault or member) no longer verifies.
public struct KeyFileBinding: Equatable, Sendable {
    public let vaultID: VaultID
    public let member: String

    init(vaultID: VaultID, member: String) {
        self.vaultID = vaultID
        self.member = member
    }

    init?(parsing line: Substring) {
        let fields = line.dropFirst(KeyFile.bindingPrefix.count).split(separator: " ")
        guard fields.count == 3, fields[0].hasPrefix("vault="), fields[1].hasPrefix("member="), fields[2].hasPrefix("hmac-sha256="),
              let id = VaultID(hex: String(fields[0].dropFirst(6))) else { return nil }
        let member = String(fields[1].dropFirst(7))
        guard KeyFileBinding.isValidMember(member) else { return nil }
        self.init(vaultID: id, member: member)
    }

    /// Member names are short and plain: letters, digits, '-', '_', '.'.
    static func isValidMember(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { $0 < 0x80 && (UInt8(ascii: "a")...UInt8(ascii: "z") ~= ($0 | 0x20) || UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")) }
    }

    func tag(keyring: Keyring) -> [UInt8] {
        var material = keyring.identity.privateKey.secret.unsafeArray()
        material += keyring.signingKey.seed.unsafeArray()
        material += keyring.pseudonymKey.unsafeArray()
        let ikm = SecureBytes(copying: material)
        wipe(&material)
        let key = HKDF.deriveKey(inputKeyMaterial: ikm, salt: [], info: Array("evault/2 key file binding".utf8), length: 32)
        return HMACSHA256.authenticate(key: key, message: Array("evault-keyfile/2\u{0}\(vaultID.hex)\u{0}\(member)".utf8))
    }

    func line(keyring: Keyring) -> String {
        "\(KeyFile.bindingPrefix)vault=\(vaultID.hex) member=\(member) hmac-sha256=\(Hex.encode(tag(keyring: keyring)))\n"
    }

    func matches(line: Substring, keyring: Keyring) -> Bool {
        constantTimeEquals(Array(self.line(keyring: keyring).dropLast().utf8), Array(line.utf8))
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
