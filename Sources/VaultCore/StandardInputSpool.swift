#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgeFormat
import EvaultCrypto

/// A document arriving on a pipe, held until its size is known (the tar header
/// of the entry needs it first). It is encrypted on the way in to a key that
/// exists only in memory, into a file that is unlinked the moment it is created:
/// memory stays fixed, no plaintext reaches the disk, and nothing is left behind
/// even after a crash.
final class StandardInputSpool {
    private let file: FileStream
    private let identity = AgeX25519Identity.generate()
    private(set) var size: Int64 = 0

    init(input: any ByteSource, directory: String, progress: ((Int64) -> Void)?) throws {
        let path = FilePathText.join(directory, AtomicFile.partialName("spool"))
        // Read back later, so read-write; unlinked at once, so it never has a name for long.
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw VaultError.cannotWrite(path: directory, reason: FileSystem.reason()) }
        unlink(path)
        file = FileStream(descriptor: fd, closeOnDeinit: true)
        let writer = try AgeWriter(recipients: [identity.recipient], output: file, parallel: true)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512 * 1024, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n: Int
            do { n = try input.read(into: buffer) } catch {
                throw VaultError.unreadableInput(path: "standard input", reason: "\(error)")
            }
            if n == 0 { break }
            do { try writer.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) } catch {
                throw VaultError.cannotWrite(path: directory, reason: "\(error)")
            }
            size += Int64(n)
            progress?(size)
        }
        do { try writer.close() } catch { throw VaultError.cannotWrite(path: directory, reason: "\(error)") }
    }

    /// The spooled document, decrypted as it is read.
    func reader() throws -> AgeReader {
        try file.seek(to: 0)
        return try AgeReader(input: file, identities: [identity], parallel: true)
    }
}

extension FileStream {
    /// The bytes left to read when this is a regular file (a redirect such as
    /// `< file`), else nil (a pipe or a terminal).
    var remainingRegularFileSize: Int64? {
        var st = stat()
        guard fstat(descriptor, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        let position = lseek(descriptor, 0, SEEK_CUR)
        guard position >= 0 else { return nil }
        return Int64(st.st_size) - Int64(position)
    }
}
