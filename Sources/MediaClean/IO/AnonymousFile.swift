import CQPDF
import Foundation

/// Plaintext held in an anonymous memory file (memfd): it has a path that only
/// this process can open (/proc/self/fd/N), is never on disk, and vanishes on close.
/// Used where a library or tool wants a file: zip archives, poppler's tools.
final class AnonymousFile {
    let descriptor: Int32

    init(_ bytes: [UInt8]) throws {
        let fd = evault_memfd("evault-clean")
        guard fd >= 0 else { throw MediaCleanError.unsupported("this system has no anonymous memory files (memfd)") }
        descriptor = fd
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw MediaCleanError.io("writing a memory file failed") }
                offset += n
            }
        }
        lseek(fd, 0, SEEK_SET)
    }

    deinit { close(descriptor) }

    var path: String { "/proc/self/fd/\(descriptor)" }
}
