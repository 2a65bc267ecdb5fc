#if canImport(Glibc)
import Glibc
#endif
import AgeFormat
import EvaultCrypto
import Foundation

/// How the vault's keys are protected at rest.
public enum KeyProtection {
    /// Inside the vault, as an age scrypt file under this passphrase.
    case passphrase(SecureBytes, workFactor: Int)
    /// In a separate new key file at this path (mode 0600), nothing in the vault.
    case keyFile(path: String)
}

/// How a user proves they may open the vault.
public enum UnlockMethod {
    case keyFile(path: String)
    case passphrase(SecureBytes)
    /// A member's passphrase-protected personal key file (Members/PersonalKeyFile.swift).
    case protectedKeyFile(path: String, passphrase: SecureBytes)
}

/// A vault found on disk but not yet unlocked: enough to decide how to ask for keys.
public struct LockedVault: Sendable {
    public let layout: VaultLayout
    /// True when the keys are stored in the vault under a passphrase.
    public let keysInVault: Bool

    /// Finds the vault at `path`, checking its marker.
    public init(path: String) throws {
        layout = VaultLayout(root: path)
        guard FileSystem.isRegularFile(layout.marker),
              let marker = try? FileStream.openForReading(path: layout.marker).readToEnd(limit: 4096),
              String(decoding: marker, as: UTF8.self).hasPrefix(Vault.markerFirstLine) else {
            throw VaultError.notAVault(path: path)
        }
        keysInVault = !LockedVault.keyFiles(layout).isEmpty
    }

    /// keys.age and keys/*.age (sync conflict copies included: each holds the same keys).
    static func keyFiles(_ layout: VaultLayout) -> [String] {
        var files = FileSystem.isRegularFile(layout.keys) ? [layout.keys] : []
        let names = ((try? FileSystem.list(layout.keysDirectory)) ?? []).filter { $0.hasSuffix(".age") && !$0.hasPrefix(".") }.sorted()
        files += names.map { FilePathText.join(layout.keysDirectory, $0) }.filter(FileSystem.isRegularFile)
        return files
    }

    private func keyFiles() -> [String] { LockedVault.keyFiles(layout) }

    public func unlock(_ method: UnlockMethod) throws -> Vault {
        let keyring: Keyring
        switch method {
        case let .protectedKeyFile(path, passphrase):
            return try unlock(member: PersonalKey.read(path: path, passphrase: passphrase), path: path)
        case .keyFile(let path):
            if let personal = try PersonalKey.read(ifPersonal: path) { return try unlock(member: personal, path: path) }
            let read = try KeyFile.read(path: path)
            keyring = read.contents.keyring
            let vault = Vault(layout: layout, keyring: keyring)
            vault.unlockWarnings = read.warnings
            // A key file that cannot open vault.age belongs to another vault.
            let sealed = try Vault.readSmallFile(layout.vaultInfo, name: "vault.age")
            do { _ = try vault.decryptState(sealed, name: "vault.age") } catch AgeError.noIdentityMatched {
                throw VaultError.wrongKeyFile(path: path)
            } catch let error as VaultError {
                throw error
            } catch {
                throw VaultError.damagedVaultFile(name: "vault.age", reason: "\(error)")
            }
            try vault.upgradeIfNeeded()
            return vault
        case .passphrase(let passphrase):
            guard keysInVault else { throw VaultError.keysNotInVault }
            // keys.age, then one key file per device that changed the passphrase
            // (keys/WRITER.age): after a sync, every device's passphrase opens the vault.
            var contents: SecureBytes?
            for path in keyFiles() {
                let sealed = try Vault.readSmallFile(path, name: FilePathText.base(path))
                do {
                    let identity = AgeScryptIdentity(passphrase: passphrase, maxWorkFactor: Vault.maxWorkFactor)
                    let reader = try AgeReader(input: MemorySource(sealed), identities: [identity])
                    var plain = try reader.readToEnd(limit: 64 * 1024)
                    defer { wipe(&plain) }
                    contents = SecureBytes(copying: plain)
                    break
                } catch AgeError.noIdentityMatched {
                    continue
                } catch AgeError.headerMACMismatch {
                    continue
                } catch {
                    throw VaultError.damagedVaultFile(name: FilePathText.base(path), reason: "\(error)")
                }
            }
            guard let contents else { throw VaultError.wrongPassphrase }
            let decoded = try KeyFile.decodeChecked(contents, path: "keys.age")
            keyring = decoded.keyring
            let vault = Vault(layout: layout, keyring: keyring)
            if decoded.binding == nil {
                vault.unlockWarnings = ["the keys in this vault are format 1 (not bound together); `evault keys passwd` rewrites them as format 2"]
            }
            _ = try vault.readState(at: layout.vaultInfo)
            try vault.upgradeIfNeeded()
            return vault
        }
    }
}

/// An unlocked vault: the layout on disk and the keys in memory.
/// Operations live in extensions, one file each (seal, open, list, verify, …).
public final class Vault: @unchecked Sendable {
    static let markerFirstLine = "evault vault"
    /// scrypt work factor for the passphrase-wrapped keys: about one second here
    /// (measured by `make bench`); age's own default is 18.
    public static let defaultWorkFactor = 18
    /// The highest work factor evault accepts in keys.age: 2^20 needs 1 GiB for
    /// scrypt, and a hostile keys.age must not make unlocking take 4 GiB (age's limit, 22).
    public static let maxWorkFactor = 20

    public let layout: VaultLayout
    /// The current generation of keys; `retired` holds older ones, oldest first,
    /// which open what was written before a member's removal (Members/).
    public internal(set) var keyring: Keyring
    var retired: [Keyring] = []
    /// What the CLI should tell the user after unlocking (format-1 keys, a key file on FAT).
    public internal(set) var unlockWarnings: [String] = []
    /// The custody log and the state derived from it (section 8).
    lazy var custody = CustodyLog(vault: self)
    /// The member who unlocked with a personal key (nil: the vault's own key file or passphrase).
    public internal(set) var acting: ActingMember?
    private var lockDepth = 0
    private var heldLock: VaultLock?

    init(layout: VaultLayout, keyring: Keyring) {
        self.layout = layout
        self.keyring = keyring
        AtomicFile.removeStale(in: layout.tmp)
        AtomicFile.removeStale(in: layout.root)
        AtomicFile.removeStale(in: layout.state)
        // An empty tmp/ does not survive every copy (git, some sync tools): recreate it.
        if FileSystem.isDirectory(layout.root) { try? FileSystem.makeDirectory(layout.tmp) }
    }

    // MARK: Creating

    /// Creates a new vault at `path` (which must not exist, or be an empty directory).
    @discardableResult
    public static func create(at path: String, protection: KeyProtection, now: Date = Date()) throws -> Vault {
        let layout = VaultLayout(root: path)
        if FileSystem.exists(path) {
            guard FileSystem.isDirectory(path), (try? FileSystem.list(path))?.isEmpty == true else {
                throw VaultError.vaultExists(path: path)
            }
        }
        if case .keyFile(let keyPath) = protection {
            try KeyFile.checkOutside(vault: path, keyFile: keyPath)
            if FileSystem.exists(keyPath) { throw VaultError.outputExists(path: keyPath) }
        }
        if case .passphrase(let passphrase, _) = protection { try PassphrasePolicy.check(passphrase) }
        try FileSystem.makeDirectory(path)
        chmod(path, 0o700)
        for dir in [layout.entries, layout.log, layout.tmp] { try FileSystem.makeDirectory(dir) }

        let keyring = Keyring.generate()
        let vault = Vault(layout: layout, keyring: keyring)
        let created = Timestamp.format(now)
        let keyText = KeyFile.encode(keyring, created: created)
        let mode: String
        switch protection {
        case let .passphrase(passphrase, workFactor):
            try vault.writePassphraseKeys(keyText, passphrase: passphrase, workFactor: workFactor)
            mode = "passphrase"
        case .keyFile(let keyPath):
            try writeKeyFile(keyText, to: keyPath)
            mode = "keyfile"
        }
        let info = VaultInfo(format: Vault.currentFormat, created: created, recipient: keyring.recipient.encoded,
                             minisignPublicKey: keyring.minisignPublicKey.base64)
        try vault.writeState(try JSONEncoder().encode(info), at: layout.vaultInfo)
        // The marker goes last: a half-created directory is never taken for a vault.
        try AtomicFile.write(Array(Vault.marker(keys: mode).utf8), to: layout.marker)
        return vault
    }

    /// Writes a key file (new file only, mode 0600).
    public static func writeKeyFile(_ contents: SecureBytes, to path: String) throws {
        let stream: FileStream
        do { stream = try FileStream.createExclusive(path: path, mode: 0o600) } catch {
            if FileSystem.exists(path) { throw VaultError.outputExists(path: path) }
            throw VaultError.cannotWrite(path: path, reason: FileSystem.reason())
        }
        do {
            try contents.withUnsafeBytes { try stream.write($0) }
            try stream.sync()
        } catch {
            FileSystem.remove(path)
            throw VaultError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    static func readKeyFile(_ path: String) throws -> Keyring {
        try KeyFile.read(path: path).contents.keyring
    }

    // MARK: Keys

    /// Replaces the passphrase that protects the keys (entries are untouched:
    /// they are encrypted to the X25519 identity, not to the passphrase).
    /// The new key file is this device's own (`keys/WRITER.age`), so two devices
    /// changing the passphrase never overwrite each other; `keys.age` and this
    /// device's older file go, so the old passphrase stops working here.
    public func changePassphrase(to passphrase: SecureBytes, workFactor: Int = Vault.defaultWorkFactor) throws {
        try PassphrasePolicy.check(passphrase)
        let text = KeyFile.encode(keyring, created: Timestamp.format(Date()))
        let writer = try custody.writer
        try FileSystem.makeDirectory(layout.keysDirectory)
        try writePassphraseKeys(text, passphrase: passphrase, workFactor: workFactor, to: layout.writerKeys(writer))
        if FileSystem.exists(layout.keys) { FileSystem.remove(layout.keys) }
        var details = EventDetails()
        details.keys = "keys/\(writer).age"
        try custody.record(NewEvent(kind: .keyChange, details: details))
    }

    /// Writes the keys as a separate key file (0600, never overwriting).
    public func exportKeyFile(to path: String) throws {
        try Vault.writeKeyFile(KeyFile.encode(keyring, created: Timestamp.format(Date())), to: path)
    }

    private func writePassphraseKeys(_ text: SecureBytes, passphrase: SecureBytes, workFactor: Int, to path: String? = nil) throws {
        let sink = MemorySink()
        let writer = try AgeWriter(recipients: [AgeScryptRecipient(passphrase: passphrase, workFactor: workFactor)], output: sink)
        try text.withUnsafeBytes { try writer.write($0) }
        try writer.close()
        try AtomicFile.write(sink.bytes, to: path ?? layout.keys)
    }

    // MARK: Small encrypted state files

    /// Encrypts `plaintext` to the vault, followed by its 32-byte tag
    /// (`Authenticator.stateTag`), and writes it atomically at `path`.
    func writeState(_ plaintext: Data, at path: String) throws {
        let content = Array(plaintext)
        let tag = Authenticator(keyring: keyring).stateTag(name: FilePathText.base(path), content: content)
        let sink = MemorySink()
        let writer = try AgeWriter(recipients: [keyring.recipient], output: sink)
        try writer.write(content)
        try writer.write(tag)
        try writer.close()
        try AtomicFile.write(sink.bytes, to: path)
    }

    /// Reads and decrypts a state file; nil when it does not exist.
    func readState(at path: String) throws -> Data? {
        guard FileSystem.exists(path) else { return nil }
        let name = FilePathText.base(path)
        let sealed = try Vault.readSmallFile(path, name: name)
        do { return try decryptState(sealed, name: name) } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.damagedVaultFile(name: name, reason: "\(error)")
        }
    }

    /// Decrypts a state file and checks its tag, passing age's errors through.
    func decryptState(_ sealed: [UInt8], name: String) throws -> Data {
        let reader = try AgeReader(input: MemorySource(sealed), identities: [keyring.identity])
        let plain = try reader.readToEnd(limit: 256 << 20)
        guard plain.count >= Authenticator.tagLength else {
            throw VaultError.damagedVaultFile(name: name, reason: "not written with this vault's keys (authentication tag missing)")
        }
        let content = Array(plain.dropLast(Authenticator.tagLength))
        let tag = Array(plain.suffix(Authenticator.tagLength))
        guard constantTimeEquals(Authenticator(keyring: keyring).stateTag(name: name, content: content), tag) else {
            throw VaultError.damagedVaultFile(name: name, reason: "not written with this vault's keys (authentication tag mismatch)")
        }
        return Data(content)
    }

    static func readSmallFile(_ path: String, name: String) throws -> [UInt8] {
        do {
            return try FileSystem.openRegular(path).readToEnd(limit: 256 << 20)
        } catch {
            throw VaultError.damagedVaultFile(name: name, reason: "cannot be read: \(error)")
        }
    }

    /// Holds the vault lock for the duration of `body` (re-entrant within one
    /// vault object: flock(2) would block on a second descriptor).
    func locked<T>(_ body: () throws -> T) throws -> T {
        if lockDepth == 0 { heldLock = try VaultLock(path: layout.lock) }
        lockDepth += 1
        defer {
            lockDepth -= 1
            if lockDepth == 0 { heldLock = nil }
        }
        return try body()
    }

    /// Format 2: state lives in the custody log (section 8).
    static let currentFormat = 2

    static func marker(keys mode: String) -> String {
        "\(markerFirstLine)\nformat: \(currentFormat)\nkeys: \(mode)\nsee docs/FORMAT.md\n"
    }
}

/// The public facts about a vault, stored encrypted in vault.age.
struct VaultInfo: Codable {
    var format: Int
    var created: String
    var recipient: String
    var minisignPublicKey: String

    enum CodingKeys: String, CodingKey {
        case format, created, recipient
        case minisignPublicKey = "minisign_public_key"
    }
}

/// RFC 3339 timestamps in UTC, second precision.
///
/// Formatted and parsed by hand: Foundation's ISO8601DateFormatter loads ICU,
/// which costs several MiB of resident memory in every `seal`.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Parses RFC 3339 (`2017-04-01T12:00:00Z`, fractional seconds and `±hh:mm`
    /// offsets allowed) or a bare date (`2017-04-01`, midnight UTC).
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count else { return nil }
            var n = 0
            for i in range {
                guard (48...57).contains(b[i]) else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        if b.count > 10 {
            guard b.count >= 20, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
                  b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
                  let h = number(11..<13), let m = number(14..<16), let s = number(17..<19),
                  h < 24, m < 60, s < 61 else { return nil }
            (hour, minute, second) = (h, m, s)
            var i = 19
            if b[i] == UInt8(ascii: ".") {
                i += 1
                while i < b.count, (48...57).contains(b[i]) { i += 1 }
            }
            guard i < b.count else { return nil }
            switch b[i] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                guard i + 1 == b.count else { return nil }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                      let oh = number((i + 1)..<(i + 3)), let om = number((i + 4)..<(i + 6)) else { return nil }
                offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            default:
                return nil
            }
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: TimeInterval(Int(seconds) - offset))
    }
}
