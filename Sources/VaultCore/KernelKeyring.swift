#if canImport(CKeyutils)
import CKeyutils
import Glibc
#endif
import EvaultCrypto

/// The Linux kernel's key retention service, session keyring: secrets held by
/// the kernel, never on disk, readable only by processes of this login session
/// (possessor permissions only), and gone at the timeout, at logout, or on `lock`.
enum KernelKeyring {
    enum Failure: Error, Equatable {
        /// The service cannot be used here (not Linux, or a container's seccomp policy blocks it).
        case unavailable(String)
        /// The key exists but its timeout has passed.
        case expired
    }

    #if canImport(CKeyutils)
    /// The session keyring, or the user's session keyring when this process has
    /// none of its own (a service, a container): asking the kernel to create one
    /// would make a keyring that dies with this process.
    private static func sessionKeyring() throws -> key_serial_t {
        let id = keyctl_get_keyring_ID(KEY_SPEC_SESSION_KEYRING, 0)
        guard id >= 0 else { throw Failure.unavailable(FileSystem.reason()) }
        return id
    }

    /// Stores `payload` under `description`, replacing an older key of that name,
    /// removed by the kernel after `seconds`.
    static func store(_ payload: SecureBytes, description: String, seconds: UInt32) throws {
        let ring = try sessionKeyring()
        let key = payload.withUnsafeBytes { p in add_key("user", description, p.baseAddress, p.count, ring) }
        guard key >= 0 else { throw Failure.unavailable(FileSystem.reason()) }
        // Possessor (this session) may read; other processes of the user only see that it exists.
        let perm = key_perm_t(KEY_POS_VIEW | KEY_POS_READ | KEY_POS_WRITE | KEY_POS_SEARCH | KEY_POS_SETATTR | KEY_USR_VIEW)
        guard keyctl_setperm(key, perm) == 0, keyctl_set_timeout(key, seconds) == 0 else {
            let reason = FileSystem.reason()
            _ = keyctl_invalidate(key)
            throw Failure.unavailable(reason)
        }
    }

    /// The payload stored under `description`, or nil when there is none.
    static func load(description: String) throws -> SecureBytes? {
        let ring = try sessionKeyring()
        let key = keyctl_search(ring, "user", description, 0)
        if key < 0 {
            switch errno {
            case ENOKEY: return nil
            case EKEYEXPIRED: throw Failure.expired
            default: throw Failure.unavailable(FileSystem.reason())
            }
        }
        var buffer: UnsafeMutableRawPointer?
        let n = keyctl_read_alloc(key_serial_t(key), &buffer)
        guard n >= 0, let buffer else {
            if errno == EKEYEXPIRED { throw Failure.expired }
            throw Failure.unavailable(FileSystem.reason())
        }
        defer {
            memset(buffer, 0, Int(n))  // the copy libkeyutils made is wiped before it is freed
            free(buffer)
        }
        return SecureBytes(copying: UnsafeRawBufferPointer(start: buffer, count: Int(n)))
    }

    /// Removes the key under `description`; true if there was one (expired or not).
    @discardableResult
    static func remove(description: String) throws -> Bool {
        let ring = try sessionKeyring()
        let key = keyctl_search(ring, "user", description, 0)
        guard key >= 0 else {
            if errno == ENOKEY { return false }
            if errno == EKEYEXPIRED { return true }  // the kernel removes it shortly anyway
            throw Failure.unavailable(FileSystem.reason())
        }
        guard keyctl_invalidate(key_serial_t(key)) == 0 || keyctl_unlink(key_serial_t(key), ring) == 0 else {
            throw Failure.unavailable(FileSystem.reason())
        }
        return true
    }
    #else
    static func store(_ payload: SecureBytes, description: String, seconds: UInt32) throws {
        throw Failure.unavailable("the kernel keyring exists only on Linux")
    }
    static func load(description: String) throws -> SecureBytes? { throw Failure.unavailable("the kernel keyring exists only on Linux") }
    @discardableResult
    static func remove(description: String) throws -> Bool { throw Failure.unavailable("the kernel keyring exists only on Linux") }
    #endif
}
