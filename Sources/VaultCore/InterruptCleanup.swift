#if canImport(Glibc)
import Glibc
#endif

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
                _exit(128 + received)
            }
        }
    }

    static func register(_ path: String) -> Int? {
        for i in 0..<slots where table[i] == nil {
            table[i] = strdup(path)
            return i
        }
        return nil
    }

    static func unregister(_ slot: Int?) {
        guard let slot, let p = table[slot] else { return }
        table[slot] = nil
        free(p)
    }
}
