/// Copies that sync tools leave when a file changed on two machines:
/// Syncthing's `NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT`, Nextcloud's
/// `NAME (conflicted copy …)`, Dropbox's `NAME (… conflicted copy …)`.
/// Log segments and entries are write-once, so only the few files that are
/// rewritten in place (index.age, vault.age, keys files, EVAULT) can have them.
enum SyncConflicts {
    static func isConflictCopy(_ name: String) -> Bool {
        name.contains(".sync-conflict-") || name.contains("conflicted copy") || name.contains("(Conflict")
    }

    /// Conflict copies anywhere in the vault, as paths relative to its root.
    static func find(in layout: VaultLayout) -> [String] {
        var found: [String] = []
        func scan(_ dir: String, _ prefix: String, depth: Int) {
            for name in ((try? FileSystem.list(dir)) ?? []).sorted() {
                let path = FilePathText.join(dir, name)
                // File names come from the folder: never printed raw.
                if isConflictCopy(name) { found.append(prefix + String(name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) })) }
                if depth < 2, FileSystem.isDirectory(path) { scan(path, prefix + name + "/", depth: depth + 1) }
            }
        }
        scan(layout.root, "", depth: 0)
        return found
    }
}

extension SyncConflicts {
    enum Resolution { case removed, kept, unknown }

    /// Merges a conflict copy: the index is a cache (removed); vault.age and
    /// EVAULT are only rewritten by the format upgrade, which writes the same
    /// facts on every device (removed); a copy of a device's key file holds the
    /// same keys under some passphrase (kept: unlocking tries every key file).
    static func resolve(_ relative: String, in layout: VaultLayout) -> Resolution {
        let base = FilePathText.base(relative)
        if relative.hasPrefix("keys/") { return .kept }
        if !relative.contains("/"), base.hasPrefix("index.") || base.hasPrefix("vault.") || base.hasPrefix("EVAULT.") {
            FileSystem.remove(FilePathText.join(layout.root, relative))
            return .removed
        }
        return .unknown
    }
}
