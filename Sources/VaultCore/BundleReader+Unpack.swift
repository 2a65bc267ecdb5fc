#if canImport(Glibc)
import Glibc
#endif
import EvaultCrypto

extension BundleReader {
    /// Verifies a bundle while writing its members under `directory` as `tar -x`
    /// would (files 0600, directories 0700), so `sha256sum -c SHA256SUMS` and
    /// `minisign -V` work there.
    ///
    /// Members stream into a private temporary directory beside the target; it is
    /// renamed into place only after every check has passed, and removed otherwise:
    /// `directory` appears complete and verified, or not at all. It must not
    /// exist, or be an empty directory.
    public static func unpack(path: String, key: BundleKey, expectedSender: String? = nil,
                              to directory: String) throws -> VerifiedBundle {
        var target = directory
        while target.count > 1 && target.hasSuffix("/") { target.removeLast() }
        if FileSystem.exists(target) {
            guard FileSystem.isDirectory(target), (try? FileSystem.list(target))?.isEmpty == true else {
                throw VaultError.outputExists(path: target)
            }
        }
        let parent = FilePathText.parent(target)
        // A killed unpack left its spool here: remove it (its process is gone).
        AtomicFile.removeStale(in: parent)
        let temp = FilePathText.join(parent, AtomicFile.partialName())
        guard mkdir(temp, 0o700) == 0 else { throw VaultError.cannotWrite(path: target, reason: FileSystem.reason()) }
        var published = false
        let slot = InterruptCleanup.registerDirectory(temp)
        defer {
            if !published { removeSpool(temp) }
            InterruptCleanup.unregisterDirectory(slot)
        }
        let bundle = try open(path: path, key: key, expectedSender: expectedSender, spool: .directory(temp))
        FileSystem.syncDirectory(FilePathText.join(temp, BundleMembers.filesDirectory))
        FileSystem.syncDirectory(temp)
        if FileSystem.exists(target) { rmdir(target) }
        guard rename(temp, target) == 0 else { throw VaultError.cannotWrite(path: target, reason: FileSystem.reason()) }
        published = true
        FileSystem.syncDirectory(parent)
        return bundle
    }

    /// Removes a spool directory: its files, `files/` and its files (the only
    /// shapes `readMembers` creates).
    static func removeSpool(_ dir: String) {
        let files = FilePathText.join(dir, BundleMembers.filesDirectory)
        for name in (try? FileSystem.list(files)) ?? [] { unlink(FilePathText.join(files, name)) }
        rmdir(files)
        for name in (try? FileSystem.list(dir)) ?? [] { unlink(FilePathText.join(dir, name)) }
        rmdir(dir)
    }
}
