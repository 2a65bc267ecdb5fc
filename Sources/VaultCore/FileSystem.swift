#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvaultCrypto

/// The few POSIX file operations the vault needs, with errors that name the path.
/// Plain syscalls rather than FileManager: atomic writes need fsync, link and
/// exact modes, which FileManager does not expose.
enum FileSystem {
    static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// Creates a directory with mode 0700 (and its parents, also 0700 when new).
    static func makeDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        let parent = FilePathText.parent(path)
        if !parent.isEmpty, parent != path, !isDirectory(parent) { try makeDirectory(parent) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw VaultError.cannotWrite(path: path, reason: reason())
        }
        chmod(path, 0o700)
    }

    /// Names in a directory, without "." and "..".
    static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw VaultError.unreadableInput(path: path, reason: reason()) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    static func fileSize(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_size)
    }

    static func mode(_ path: String) -> UInt32? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return UInt32(st.st_mode & 0o7777)
    }
}

/// Path string helpers (no Foundation needed in the core).
enum FilePathText {
    static func join(_ a: String, _ b: String) -> String {
        a.hasSuffix("/") ? a + b : a + "/" + b
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func base(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// A file written under a temporary name and published with one atomic step,
/// so a crash or Ctrl-C never leaves a partial file under the final name.
///
/// The temporary file is created 0600 in the same directory as the target
/// (`rename` and `link` are only atomic within one file system), fsynced,
/// then published, then the directory is fsynced so the new name survives a
/// power cut.
final class AtomicFile {
    let finalPath: String
    let temporaryPath: String
    let stream: FileStream
    private var published = false
    private var cleanupSlot: Int?

    init(finalPath: String, temporaryDirectory: String? = nil) throws {
        self.finalPath = finalPath
        let dir = temporaryDirectory ?? FilePathText.parent(finalPath)
        let name = ".evault-\(getpid())-\(Hex.encode(randomBytes(6))).partial"
        temporaryPath = FilePathText.join(dir, name)
        // Registered before the file exists, so no interrupt can fall between
        // creating it and being able to remove it.
        let slot = InterruptCleanup.register(temporaryPath)
        do {
            stream = try FileStream.createExclusive(path: temporaryPath, mode: 0o600)
        } catch {
            InterruptCleanup.unregister(slot)
            throw VaultError.cannotWrite(path: finalPath, reason: FileSystem.reason())
        }
        cleanupSlot = slot
    }

    /// Publishes the file. With `replace: false` an existing file is never overwritten
    /// (`link` fails with EEXIST), which is how two writers of one id are told apart.
    func commit(replace: Bool) throws {
        do { try stream.sync() } catch {
            throw VaultError.cannotWrite(path: finalPath, reason: "\(error)")
        }
        if replace {
            guard rename(temporaryPath, finalPath) == 0 else {
                throw VaultError.cannotWrite(path: finalPath, reason: FileSystem.reason())
            }
        } else {
            guard link(temporaryPath, finalPath) == 0 else {
                let code = errno
                if code == EEXIST { throw VaultError.outputExists(path: finalPath) }
                throw VaultError.cannotWrite(path: finalPath, reason: FileSystem.reason(code))
            }
            unlink(temporaryPath)
        }
        published = true
        InterruptCleanup.unregister(cleanupSlot)
        FileSystem.syncDirectory(FilePathText.parent(finalPath))
    }

    deinit {
        if !published { unlink(temporaryPath) }
        InterruptCleanup.unregister(cleanupSlot)
    }

    /// Removes partial files in `directory` whose writer process is gone
    /// (killed with SIGKILL or by a crash, when no handler could run).
    static func removeStale(in directory: String) {
        for name in (try? FileSystem.list(directory)) ?? [] where name.hasPrefix(".evault-") && name.hasSuffix(".partial") {
            let fields = name.split(separator: "-")
            guard fields.count >= 3, let pid = Int32(fields[1]) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(FilePathText.join(directory, name)) }
        }
    }

    /// Writes small contents atomically in one call.
    static func write(_ bytes: [UInt8], to path: String, replace: Bool = true) throws {
        let file = try AtomicFile(finalPath: path)
        do { try file.stream.write(bytes) } catch {
            throw VaultError.cannotWrite(path: path, reason: "\(error)")
        }
        try file.commit(replace: replace)
    }
}

/// An exclusive advisory lock on the vault's `lock` file, held while shared
/// state (index, pseudonym registry, partner list) is read, changed and written,
/// so that two evault processes never lose each other's updates.
final class VaultLock {
    private let fd: Int32

    init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw VaultError.cannotWrite(path: path, reason: FileSystem.reason()) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR {
                close(fd)
                throw VaultError.cannotWrite(path: path, reason: FileSystem.reason())
            }
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
