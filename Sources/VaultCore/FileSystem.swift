#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSodium
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

    /// Names in a directory split into regular files and the rest (FIFOs,
    /// sockets, devices, symbolic links, directories), with the kind of each.
    static func listByKind(_ path: String) throws -> (regular: [String], other: [(name: String, kind: String)]) {
        var regular: [String] = []
        var other: [(name: String, kind: String)] = []
        for name in try list(path) {
            var st = stat()
            guard lstat(FilePathText.join(path, name), &st) == 0 else { continue }
            let kind = FileSystem.kind(st.st_mode)
            if kind == nil { regular.append(name) } else { other.append((name, kind ?? "")) }
        }
        return (regular, other)
    }

    /// Nil for a regular file, else what it is.
    static func kind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFLNK: return "a symbolic link"
        case S_IFDIR: return "a directory"
        default: return "not a regular file"
        }
    }

    /// Opens a file the vault expects to be regular, without ever blocking
    /// (O_NONBLOCK: a FIFO would wait for a writer) or following a symbolic link,
    /// then checks what was opened.
    /// `followingLinks`: for paths the user names (inputs), a link to a file is fine.
    static func openRegular(_ path: String, followingLinks: Bool = false) throws -> FileStream {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            let code = errno
            throw VaultError.unreadableInput(path: path, reason: code == ELOOP ? "a symbolic link, not a file" : reason(code))
        }
        let stream = FileStream(descriptor: fd, closeOnDeinit: true)
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw VaultError.unreadableInput(path: path, reason: reason()) }
        if let kind = kind(st.st_mode) { throw VaultError.unreadableInput(path: path, reason: "\(kind), not a file") }
        return stream
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

    /// True on file systems that have no Unix permissions (FAT, exFAT, NTFS, FUSE
    /// mounts of them), where mode bits say nothing.
    static func hasNoPermissions(fd: Int32) -> Bool {
        let raw = evault_fs_type(fd)
        guard raw >= 0 else { return false }
        let type = UInt32(truncatingIfNeeded: raw)
        return [0x4d44, 0x2011BAB0, 0x5346544e, 0x65735546].contains(type)
    }

    /// An absolute path with symbolic links resolved, for the longest existing
    /// prefix of `path` (the rest appended as written).
    static func canonical(_ path: String) -> String {
        var head = path.isEmpty ? "." : path
        var tail: [String] = []
        while true {
            if let resolved = realpath(head, nil) {
                defer { free(resolved) }
                var result = String(cString: resolved)
                for part in tail.reversed() { result = FilePathText.join(result, part) }
                return result
            }
            let parent = FilePathText.parent(head)
            if parent == head { return path }
            tail.append(FilePathText.base(head))
            head = parent
        }
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
        let name = AtomicFile.partialName()
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
            // Another machine's partial, brought by a sync tool: its writer may be alive there.
            let random = fields[2].split(separator: ".").first ?? ""
            if random.count == 20 && random.prefix(8) != AtomicFile.machineTag { continue }
            guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
            let path = FilePathText.join(directory, name)
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            // unpack's spool is a directory; anything else of that name is a file.
            if (st.st_mode & S_IFMT) == S_IFDIR { InterruptCleanup.removeTree(path) } else { unlink(path) }
        }
    }

    /// `.evault-PID-MMMMMMMMRRRRRRRRRRRR.EXT`: the writer's process id, 8 hex
    /// digits naming this machine and 12 random ones. A vault folder synced
    /// between machines carries partial files across; only the machine that
    /// wrote one may judge from its process id that its writer is gone.
    static func partialName(_ ext: String = "partial") -> String {
        ".evault-\(getpid())-\(machineTag)\(Hex.encode(randomBytes(6))).\(ext)"
    }

    /// SHA-256 of the system's machine id (or host name), first 4 bytes: the
    /// same for every process of this machine, and not the id itself.
    static let machineTag: String = {
        var source = ""
        for path in ["/etc/machine-id", "/var/lib/dbus/machine-id"] {
            if let text = try? FileSystem.openRegular(path, followingLinks: true).readToEnd(limit: 4096), !text.isEmpty {
                source = String(decoding: text, as: UTF8.self)
                break
            }
        }
        if source.isEmpty {
            var name = [UInt8](repeating: 0, count: 256)
            if gethostname(&name, name.count - 1) == 0 { source = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return String(SHA256Hasher.hash(Array(("evault-machine/1\u{0}" + source).utf8)).hex.prefix(8))
    }()

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

/// A file with no name until it is complete (Linux `O_TMPFILE`): plaintext being
/// written by `open` has no name a killed process could leave behind. `commit`
/// names it with `linkat` through `/proc/self/fd/N`. Where the file system
/// cannot (vfat, exFAT, no /proc), it falls back to `AtomicFile`'s hidden
/// `.evault-PID-*.partial` name, which the next `open` into that folder removes.
final class UnnamedFile {
    let finalPath: String
    let stream: FileStream
    private let fallback: AtomicFile?

    init(finalPath: String) throws {
        self.finalPath = finalPath
        let dir = FilePathText.parent(finalPath)
        if let fd = UnnamedFile.openUnnamed(in: dir, flags: O_WRONLY) {
            stream = FileStream(descriptor: fd, closeOnDeinit: true)
            fallback = nil
        } else {
            let named = try AtomicFile(finalPath: finalPath)
            stream = named.stream
            fallback = named
        }
    }

    /// `O_TMPFILE` is `__O_TMPFILE | O_DIRECTORY`; Glibc's Swift overlay does not export it.
    private static let tmpfileFlag: Int32 = 0o20000000 | O_DIRECTORY

    /// An unnamed 0600 file in `directory`, or nil when the file system cannot make one.
    static func openUnnamed(in directory: String, flags: Int32) -> Int32? {
        #if os(Linux)
        let fd = open(directory, tmpfileFlag | flags | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        fchmod(fd, 0o600)
        return fd
        #else
        return nil
        #endif
    }

    /// Names the complete file. Without `replace` an existing file is never overwritten.
    func commit(replace: Bool) throws {
        if let fallback { return try fallback.commit(replace: replace) }
        do { try stream.sync() } catch {
            throw VaultError.cannotWrite(path: finalPath, reason: "\(error)")
        }
        let procPath = "/proc/self/fd/\(stream.descriptor)"
        if replace {
            // linkat cannot replace: name it beside the target, then rename over.
            let dir = FilePathText.parent(finalPath)
            let temporary = FilePathText.join(dir, AtomicFile.partialName())
            let slot = InterruptCleanup.register(temporary)
            defer { InterruptCleanup.unregister(slot) }
            guard linkat(AT_FDCWD, procPath, AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0 else {
                throw VaultError.cannotWrite(path: finalPath, reason: FileSystem.reason())
            }
            guard rename(temporary, finalPath) == 0 else {
                let code = errno
                unlink(temporary)
                throw VaultError.cannotWrite(path: finalPath, reason: FileSystem.reason(code))
            }
        } else {
            guard linkat(AT_FDCWD, procPath, AT_FDCWD, finalPath, AT_SYMLINK_FOLLOW) == 0 else {
                let code = errno
                if code == EEXIST { throw VaultError.outputExists(path: finalPath) }
                throw VaultError.cannotWrite(path: finalPath, reason: FileSystem.reason(code))
            }
        }
        FileSystem.syncDirectory(FilePathText.parent(finalPath))
    }

    /// A private read-write spool with no name, for `open --atomic`: in
    /// $TMPDIR (or /tmp), else an unlinked-at-once file there.
    static func spool() throws -> Spool {
        let env = getenv("TMPDIR").map { String(cString: $0) } ?? ""
        let dir = env.isEmpty ? "/tmp" : env
        if let fd = openUnnamed(in: dir, flags: O_RDWR) { return Spool(stream: FileStream(descriptor: fd, closeOnDeinit: true)) }
        let path = FilePathText.join(dir, AtomicFile.partialName())
        let slot = InterruptCleanup.register(path)
        defer { InterruptCleanup.unregister(slot) }
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw VaultError.cannotWrite(path: dir, reason: FileSystem.reason()) }
        unlink(path)
        return Spool(stream: FileStream(descriptor: fd, closeOnDeinit: true))
    }

    /// An unnamed file written once and then read back from its start.
    final class Spool {
        let stream: FileStream
        init(stream: FileStream) { self.stream = stream }

        func replay(to sink: any ByteSink) throws {
            try stream.seek(to: 0)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 64)
            defer { buffer.deallocate() }
            while true {
                let n = try stream.read(into: buffer)
                if n == 0 { return }
                do { try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) } catch {
                    throw VaultError.cannotWrite(path: "standard output", reason: "\(error)")
                }
            }
        }
    }
}

extension Vault {
    /// FIFOs, sockets, devices and links where the vault keeps files (entries/,
    /// state/): evault skips them (never opens them) and says so.
    public func specialFileWarnings() -> [String] {
        var warnings: [String] = []
        for (dir, label) in [(layout.entries, "entries"), (layout.state, "state")] {
            for item in (try? FileSystem.listByKind(dir).other) ?? [] {
                warnings.append("\(label)/\(item.name) is \(item.kind), not a file: skipped")
            }
        }
        return warnings
    }
}
