#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A document that was not sealed, and why (one line for the user).
public struct SkippedInput: Equatable, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// The regular files below a folder, for `seal DIR`: one entry per file.
///
/// Symbolic links are never followed (a link could lead out of the folder, or
/// loop), and FIFOs, sockets and devices are never read (a FIFO would block
/// forever): each is listed as skipped. An evault vault inside the folder is
/// skipped too (its entries are already sealed). Order is by path, so a rerun
/// seals in the same order.
public struct FolderWalk: Sendable {
    public private(set) var files: [String] = []
    public private(set) var skipped: [SkippedInput] = []

    public init(folder: String) {
        visit(folder)
    }

    private mutating func visit(_ directory: String) {
        let names: [String]
        do { names = try FileSystem.list(directory).sorted() } catch {
            skipped.append(SkippedInput(path: directory, reason: "folder cannot be read: \(FileSystem.reason())"))
            return
        }
        for name in names {
            let path = FilePathText.join(directory, name)
            var st = stat()
            guard lstat(path, &st) == 0 else {
                skipped.append(SkippedInput(path: path, reason: FileSystem.reason()))
                continue
            }
            switch st.st_mode & S_IFMT {
            case S_IFREG: files.append(path)
            case S_IFDIR where FileSystem.exists(VaultLayout(root: path).marker):
                skipped.append(SkippedInput(path: path, reason: "an evault vault (not sealed into a vault)"))
            case S_IFDIR: visit(path)
            case S_IFLNK:
                let target = FolderWalk.resolves(path) ? "a symbolic link (not followed)" : "a dangling symbolic link"
                skipped.append(SkippedInput(path: path, reason: target))
            case S_IFIFO: skipped.append(SkippedInput(path: path, reason: "a FIFO (not read)"))
            case S_IFSOCK: skipped.append(SkippedInput(path: path, reason: "a socket (not read)"))
            default: skipped.append(SkippedInput(path: path, reason: "a device or special file (not read)"))
            }
        }
    }

    /// Whether `path` resolves to something (false for a dangling link).
    private static func resolves(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }
}
