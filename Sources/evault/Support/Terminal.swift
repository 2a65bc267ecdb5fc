#if canImport(Glibc)
import Glibc
#endif
import EvaultCrypto
import VaultCore
import Foundation

/// Standard streams, and passphrase entry without echo.
enum Terminal {
    static func error(_ message: String) {
        // Error messages quote file names and bundle strings: never raw.
        FileHandle.standardError.write(Data("evault: \(terminalSafe(message))\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(terminalSafeText(message))\n".utf8))
    }

    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Whether a passphrase could be asked (there is a controlling terminal).
    static var hasControllingTerminal: Bool {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// Reads a passphrase from the controlling terminal with echo off.
    /// Returns nil when there is no terminal (scripts must use a passphrase file).
    static func readPassphrase(prompt: String) -> SecureBytes? {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var original = termios()
        guard tcgetattr(fd, &original) == 0 else { return nil }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        // Ctrl-C while echo is off: the signal handler puts the settings back.
        InterruptCleanup.saveTerminal(fd: fd, settings: original)
        tcsetattr(fd, TCSAFLUSH, &silent)
        defer {
            tcsetattr(fd, TCSAFLUSH, &original)
            InterruptCleanup.forgetTerminal()
            _ = write(fd, "\n", 1)
        }
        var bytes: [UInt8] = []
        defer { wipe(&bytes) }
        var c: UInt8 = 0
        while read(fd, &c, 1) == 1, c != UInt8(ascii: "\n") {
            if bytes.count < 4096 { bytes.append(c) }
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return SecureBytes(copying: bytes)
    }
}

/// Writes to standard output through the vault's byte-sink protocol.
final class StandardOutput: ByteSink {
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        // Anything print() buffered must come out first, in order.
        fflush(nil)  // flushes every stream; naming stdout is not concurrency-safe in Swift 6
        try FileStream(descriptor: STDOUT_FILENO).write(bytes)
    }

    static func print(_ text: String) {
        Swift.print(text)
    }
}
