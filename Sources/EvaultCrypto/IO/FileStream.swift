#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func strerrorPortable(_ code: Int32) -> UnsafeMutablePointer<CChar> {
    strerror(code)
}

/// A file descriptor as a byte source and sink, with explicit `sync()`:
/// atomic writes need fsync before rename, which buffered streams hide.
public final class FileStream: SeekableByteSource, ByteSink {
    public let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Wraps an open descriptor (for example standard input or output).
    public init(descriptor: Int32, closeOnDeinit: Bool = false) {
        self.descriptor = descriptor
        self.ownsDescriptor = closeOnDeinit
    }

    /// Opens an existing file for reading.
    public static func openForReading(path: String) throws -> FileStream {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ByteStreamError.io(operation: "open", errno: errno) }
        return FileStream(descriptor: fd, closeOnDeinit: true)
    }

    /// Creates a new file that must not exist yet, with `mode` (0600 by default).
    public static func createExclusive(path: String, mode: mode_t = 0o600) throws -> FileStream {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ByteStreamError.io(operation: "create", errno: errno) }
        // The umask may have removed bits; set exactly what was asked.
        fchmod(fd, mode)
        return FileStream(descriptor: fd, closeOnDeinit: true)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let n = readSyscall(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw ByteStreamError.io(operation: "read", errno: errno)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = writeSyscall(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw ByteStreamError.io(operation: "write", errno: errno)
            }
            offset += n
        }
    }

    public var size: Int64 {
        var st = stat()
        guard fstat(descriptor, &st) == 0 else { return 0 }
        return Int64(st.st_size)
    }

    public func seek(to offset: Int64) throws {
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw ByteStreamError.io(operation: "seek", errno: errno)
        }
    }

    /// Flushes data and metadata to stable storage.
    public func sync() throws {
        guard fsync(descriptor) == 0 else { throw ByteStreamError.io(operation: "fsync", errno: errno) }
    }
}

@inline(__always) private func readSyscall(_ fd: Int32, _ buf: UnsafeMutableRawPointer?, _ n: Int) -> Int {
    read(fd, buf, n)
}

@inline(__always) private func writeSyscall(_ fd: Int32, _ buf: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, buf, n)
}
