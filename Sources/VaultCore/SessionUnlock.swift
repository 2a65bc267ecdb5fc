#if canImport(Glibc)
import Glibc
#endif
import AgeFormat
import EvaultCrypto
import Foundation

/// Why the keys kept by `evault unlock --for` cannot be used.
public enum SessionUnlockError: Error, Equatable, CustomStringConvertible {
    /// The kernel keyring cannot be used here (some containers block it).
    case unavailable(String)
    /// The unlock's time is up.
    case expired
    /// The entry under this vault's name holds keys of another vault, or garbage.
    case foreign

    public var description: String {
        switch self {
        case .unavailable(let reason):
            return "the kernel keyring is unavailable here (\(reason)); nothing was kept, the passphrase is asked at each command"
        case .expired:
            return "the unlock of this vault has expired; run `evault unlock` again or give --passphrase-file"
        case .foreign:
            return "the kernel keyring entry for this vault does not hold its keys (another vault's?); refused. `evault lock` removes it"
        }
    }
}

/// `evault unlock --for`: the vault's key file kept in the Linux kernel's session
/// keyring for a while, so that a passphrase vault asks once. Nothing touches the
/// disk. The entry is named after the vault's real path and its payload repeats
/// that path; keys that do not open this vault's `vault.age` are refused, so an
/// entry left by another vault (or planted) is never used for this one.
public enum SessionUnlock {
    static let payloadHeader = "evault-session-unlock v1"
    /// At most a day: an unlock is for a working session, not a standing state.
    public static let maxSeconds: UInt32 = 24 * 3600

    static func realPath(_ layout: VaultLayout) -> String {
        guard let p = realpath(layout.root, nil) else { return layout.root }
        defer { free(p) }
        return String(cString: p)
    }

    /// "evault:" and 32 hex digits of SHA-256 of the vault's real path: the path
    /// itself is not shown to other processes listing the keyring.
    static func keyDescription(_ path: String) -> String {
        "evault:" + String(SHA256Hasher.hash(Array(path.utf8)).hex.prefix(32))
    }

    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch KernelKeyring.Failure.expired {
            throw SessionUnlockError.expired
        } catch KernelKeyring.Failure.unavailable(let reason) {
            throw SessionUnlockError.unavailable(reason)
        }
    }
}

extension Vault {
    /// Keeps this vault's keys in the session keyring for `seconds`.
    public func keepUnlocked(seconds: UInt32) throws {
        let path = SessionUnlock.realPath(layout)
        let keys = KeyFile.encode(keyring, created: Timestamp.format(Date()))
        var payload = Array("\(SessionUnlock.payloadHeader)\nvault \(path)\n".utf8)
        keys.withUnsafeBytes { payload.append(contentsOf: $0) }
        defer { wipe(&payload) }
        let secret = SecureBytes(copying: payload)
        try SessionUnlock.mapped {
            try KernelKeyring.store(secret, description: SessionUnlock.keyDescription(path),
                                    seconds: min(seconds, SessionUnlock.maxSeconds))
        }
    }
}

extension LockedVault {
    /// The vault unlocked with the keys kept by `evault unlock`, or nil when there are none.
    public func unlockFromSession() throws -> Vault? {
        let path = SessionUnlock.realPath(layout)
        guard let payload = try SessionUnlock.mapped({ try KernelKeyring.load(description: SessionUnlock.keyDescription(path)) }) else {
            return nil
        }
        // The payload names the vault on its second line; the key file follows.
        let expected = Array("\(SessionUnlock.payloadHeader)\nvault \(path)\n".utf8)
        let matches = payload.withUnsafeBytes { $0.count > expected.count && Array($0.prefix(expected.count)) == expected }
        guard matches else { throw SessionUnlockError.foreign }
        let keys = payload.slice(expected.count..<payload.count)
        guard let keyring = try? KeyFile.decode(keys, path: "the kernel keyring") else { throw SessionUnlockError.foreign }
        let vault = Vault(layout: layout, keyring: keyring)
        // Keys that cannot open vault.age belong to another vault.
        let sealed = try Vault.readSmallFile(layout.vaultInfo, name: "vault.age")
        do { _ = try vault.decryptState(sealed, name: "vault.age") } catch AgeError.noIdentityMatched {
            throw SessionUnlockError.foreign
        }
        return vault
    }

    /// Drops the keys kept for this vault. Returns false when none were kept.
    @discardableResult
    public func lockSession() throws -> Bool {
        try SessionUnlock.mapped { try KernelKeyring.remove(description: SessionUnlock.keyDescription(SessionUnlock.realPath(layout))) }
    }
}
