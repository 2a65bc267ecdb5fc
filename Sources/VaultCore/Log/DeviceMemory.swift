import AgeFormat
import EvaultCrypto
import Foundation

/// What this machine keeps about a vault, outside the vault folder, in
/// `$XDG_STATE_HOME/evault/<vault-id>/device.age` (default
/// `~/.local/state/evault`): its own writer id, and the newest log size and
/// root it has seen of every writer, so that an older copy of the vault folder,
/// a truncated log or a rewritten log is noticed. Encrypted to the vault like a
/// state file; directories 0700, file 0600.
struct DeviceMemory: Codable, Equatable {
    var format = "evault-device/1"
    var writer: String
    var seen: [String: Seen] = [:]

    struct Seen: Codable, Equatable {
        var size: Int
        var root: String
    }

    /// 16 random hex digits.
    static func newWriterID() -> String { Hex.encode(randomBytes(8)) }

    static func isWriterID(_ s: String) -> Bool {
        s.count == 16 && s.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    static func directory(vaultID: String) -> String {
        let env = ProcessInfo.processInfo.environment
        let base: String
        if let x = env["XDG_STATE_HOME"], x.hasPrefix("/") {
            base = x
        } else {
            base = FilePathText.join(env["HOME"] ?? NSHomeDirectory(), ".local/state")
        }
        return FilePathText.join(FilePathText.join(base, "evault"), vaultID)
    }

    static func load(vaultID: String, keyring: Keyring) throws -> DeviceMemory? {
        let path = FilePathText.join(directory(vaultID: vaultID), "device.age")
        guard FileSystem.exists(path) else { return nil }
        let sealed = try Vault.readSmallFile(path, name: path)
        do {
            let reader = try AgeReader(input: MemorySource(sealed), identities: [keyring.identity])
            let plain = try reader.readToEnd(limit: 16 << 20)
            let content = Array(plain.dropLast(Authenticator.tagLength))
            guard plain.count >= Authenticator.tagLength,
                  constantTimeEquals(Authenticator(keyring: keyring).stateTag(name: "device.age", content: content),
                                     Array(plain.suffix(Authenticator.tagLength))) else {
                throw VaultError.damagedVaultFile(name: path, reason: "authentication tag mismatch")
            }
            let memory = try JSONCoding.decode(DeviceMemory.self, from: content)
            guard isWriterID(memory.writer) else { throw VaultError.damagedVaultFile(name: path, reason: "bad writer id") }
            return memory
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.damagedVaultFile(name: path, reason: "\(error)")
        }
    }

    func save(vaultID: String, keyring: Keyring) throws {
        let dir = DeviceMemory.directory(vaultID: vaultID)
        try Self.makePrivateDirectories(dir)
        let content = try JSONCoding.encode(self, pretty: false)
        let tag = Authenticator(keyring: keyring).stateTag(name: "device.age", content: content)
        let sink = MemorySink()
        let writer = try AgeWriter(recipients: [keyring.recipient], output: sink)
        try writer.write(content)
        try writer.write(tag)
        try writer.close()
        try AtomicFile.write(sink.bytes, to: FilePathText.join(dir, "device.age"))
    }

    static func makePrivateDirectories(_ path: String) throws {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            if !FileSystem.isDirectory(current) {
                guard mkdir(current, 0o700) == 0 || errno == EEXIST else {
                    throw VaultError.cannotWrite(path: current, reason: FileSystem.reason())
                }
            }
        }
        chmod(path, 0o700)
    }
}
