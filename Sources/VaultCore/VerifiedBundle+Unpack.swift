#if canImport(Glibc)
import Glibc
#endif
import EvaultCrypto

extension VerifiedBundle {
    /// Writes the bundle's members under `directory` as `tar -x` would (files 0600,
    /// directories 0700), so `sha256sum -c SHA256SUMS` and `minisign -V` work there.
    ///
    /// Everything is written into a private temporary directory beside it, fsynced,
    /// and renamed into place in one step: `directory` appears complete or not at all.
    /// It must not exist, or be an empty directory.
    public func unpack(to directory: String) throws {
        var target = directory
        while target.count > 1 && target.hasSuffix("/") { target.removeLast() }
        if FileSystem.exists(target) {
            guard FileSystem.isDirectory(target), (try? FileSystem.list(target))?.isEmpty == true else {
                throw VaultError.outputExists(path: target)
            }
        }
        let parent = FilePathText.parent(target)
        let temp = FilePathText.join(parent, ".evault-\(getpid())-\(Hex.encode(randomBytes(6))).partial")
        guard mkdir(temp, 0o700) == 0 else { throw VaultError.cannotWrite(path: target, reason: FileSystem.reason()) }
        var written: [String] = []
        var directories = [temp]
        var published = false
        defer {
            if !published {
                for file in written { unlink(file) }
                for dir in directories.reversed() { rmdir(dir) }
            }
        }
        for member in members {
            let path = FilePathText.join(temp, member.name)
            let dir = FilePathText.parent(path)
            if !directories.contains(dir) {
                guard mkdir(dir, 0o700) == 0 else { throw VaultError.cannotWrite(path: target, reason: FileSystem.reason()) }
                directories.append(dir)
            }
            do {
                let stream = try FileStream.createExclusive(path: path, mode: 0o600)
                written.append(path)
                try stream.write(member.bytes)
                try stream.sync()
            } catch {
                throw VaultError.cannotWrite(path: FilePathText.join(target, member.name), reason: "\(error)")
            }
        }
        for dir in directories { FileSystem.syncDirectory(dir) }
        if FileSystem.exists(target) { rmdir(target) }
        guard rename(temp, target) == 0 else { throw VaultError.cannotWrite(path: target, reason: FileSystem.reason()) }
        published = true
        FileSystem.syncDirectory(parent)
    }
}
