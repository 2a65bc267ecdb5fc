#if canImport(Glibc)
import Glibc
#endif
import CSodium

/// Removes partial files when the process is interrupted (Ctrl-C, SIGTERM,
/// SIGHUP). An interrupted `open` must not leave plaintext under a temporary
/// name, and an interrupted `seal` should not leave ciphertext in `tmp/`.
///
/// The signal handler may only call async-signal-safe functions, so the paths
/// live in a fixed table of C strings prepared in advance, and the handler
/// does nothing but `unlink` and `_exit`.
public enum InterruptCleanup {
    private static let slots = 32
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let t = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slots)
        t.initialize(repeating: nil, count: slots)
        return t
    }()

    /// Installs the handlers; the CLI calls this once at start.
    public static func install() {
        _ = table
        _ = directories
        _ = mutex
        // A parent may have blocked these (test runners and some shells do);
        // a blocked SIGINT would stay pending and never clean anything up.
        var handled = sigset_t()
        sigemptyset(&handled)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&handled, sig) }
        sigprocmask(SIG_UNBLOCK, &handled, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { received in
                for i in 0..<InterruptCleanup.slots {
                    if let path = InterruptCleanup.table[i] { unlink(path) }
                }
                if InterruptCleanup.savedTerminalFD >= 0 {
                    tcsetattr(InterruptCleanup.savedTerminalFD, TCSAFLUSH, InterruptCleanup.savedTerminal)
                    _ = write(InterruptCleanup.savedTerminalFD, "\n", 1)
                }
                InterruptCleanup.removeDirectories()
                _exit(128 + received)
            }
        }
    }

    /// A crash must not write names or keys to disk: no core dumps
    /// (`RLIMIT_CORE` 0, and not dumpable, which also covers piped core handlers).
    public static func disableCoreDumps() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = withUnsafePointer(to: &none) { setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), $0) }
        _ = evault_set_not_dumpable()
    }

    /// The terminal settings to put back if a signal arrives while echo is off
    /// (Ctrl-C at the passphrase prompt).
    nonisolated(unsafe) private static let savedTerminal: UnsafeMutablePointer<termios> = .allocate(capacity: 1)
    nonisolated(unsafe) private static var savedTerminalFD: Int32 = -1

    public static func saveTerminal(fd: Int32, settings: termios) {
        savedTerminal.pointee = settings
        savedTerminalFD = fd
    }

    public static func forgetTerminal() { savedTerminalFD = -1 }

    /// Directories (unpack's spool) removed with their contents on a signal.
    private static let directorySlots = 4
    nonisolated(unsafe) private static let directories: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let t = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: directorySlots)
        t.initialize(repeating: nil, count: directorySlots)
        return t
    }()

    static func registerDirectory(_ path: String) -> Int? {
        locked {
            for i in 0..<directorySlots where directories[i] == nil {
                directories[i] = strdup(path)
                return i
            }
            return nil
        }
    }

    static func unregisterDirectory(_ slot: Int?) {
        locked {
            guard let slot, let p = directories[slot] else { return }
            directories[slot] = nil
            free(p)
        }
    }

    /// Called from the handler: async-signal-safe calls only.
    private static func removeDirectories() {
        for i in 0..<directorySlots {
            if let path = directories[i] { evault_remove_tree(AT_FDCWD, path, 2) }
        }
    }

    /// Removes a directory tree (two levels) now.
    static func removeTree(_ path: String) {
        evault_remove_tree(AT_FDCWD, path, 2)
    }

    /// Serialises changes to the tables (threads may seal concurrently; the
    /// signal handler only reads, and a pointer store is atomic).
    nonisolated(unsafe) private static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    private static func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    static func register(_ path: String) -> Int? {
        locked {
            for i in 0..<slots where table[i] == nil {
                table[i] = strdup(path)
                return i
            }
            return nil
        }
    }

    static func unregister(_ slot: Int?) {
        locked {
            guard let slot, let p = table[slot] else { return }
            table[slot] = nil
            free(p)
        }
    }
}
