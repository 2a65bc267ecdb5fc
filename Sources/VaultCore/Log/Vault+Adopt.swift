import AgeFormat
import EvaultCrypto
import Foundation

/// Entries published but never logged (FORMAT.md section 8, "Adoption").
///
/// An entry file appears under `entries/` before the segment that logs it; a
/// crash between the two leaves an authentic entry that no event names. So,
/// under the vault lock and before publishing, a writer notes the entry id and
/// its process id in this machine's `unlogged.age` (beside `device.age`). A
/// later writing command on the same machine, under the lock, logs every noted
/// entry whose process is gone, whose file authenticates and which no event
/// names yet, as an ordinary seal (or import) event whose details say
/// `"adopted": true`. An entry that does not authenticate is never adopted and
/// `verify` keeps naming it. Entries that arrive by sync from another machine
/// are never noted here, so never adopted here: their own segment follows them.
struct UnloggedEntries: Codable, Equatable {
    var format = "evault-unlogged/1"
    var entries: [Note] = []

    struct Note: Codable, Equatable {
        var entry: String
        var pid: Int32
    }

    static let fileName = "unlogged.age"

    static func path(vaultID: String) -> String {
        FilePathText.join(DeviceMemory.directory(vaultID: vaultID), fileName)
    }

    static func load(vaultID: String, keyring: Keyring) throws -> UnloggedEntries {
        let path = path(vaultID: vaultID)
        guard FileSystem.exists(path) else { return UnloggedEntries() }
        let sealed = try Vault.readSmallFile(path, name: path)
        do {
            let reader = try AgeReader(input: MemorySource(sealed), identities: [keyring.identity])
            let plain = try reader.readToEnd(limit: 16 << 20)
            guard plain.count >= Authenticator.tagLength else { throw VaultError.damagedVaultFile(name: path, reason: "too short") }
            let content = Array(plain.dropLast(Authenticator.tagLength))
            guard constantTimeEquals(Authenticator(keyring: keyring).stateTag(name: fileName, content: content),
                                     Array(plain.suffix(Authenticator.tagLength))) else {
                throw VaultError.damagedVaultFile(name: path, reason: "authentication tag mismatch")
            }
            return try JSONCoding.decode(UnloggedEntries.self, from: content)
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.damagedVaultFile(name: path, reason: "\(error)")
        }
    }

    func save(vaultID: String, keyring: Keyring) throws {
        let path = UnloggedEntries.path(vaultID: vaultID)
        if entries.isEmpty {
            if FileSystem.exists(path) { FileSystem.remove(path) }
            return
        }
        try DeviceMemory.makePrivateDirectories(DeviceMemory.directory(vaultID: vaultID))
        let content = try JSONCoding.encode(self, pretty: false)
        let tag = Authenticator(keyring: keyring).stateTag(name: UnloggedEntries.fileName, content: content)
        let sink = MemorySink()
        let writer = try AgeWriter(recipients: [keyring.recipient], output: sink)
        try writer.write(content)
        try writer.write(tag)
        try writer.close()
        try AtomicFile.write(sink.bytes, to: path)
    }

    /// Whether the process that noted an entry can still log it itself.
    static func isAlive(_ pid: Int32) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH
    }
}

extension CustodyLog {
    /// Notes, durably and under the vault lock, that this process is about to
    /// publish entry `id` (called just before the entry's file gets its name).
    func notePublishing(_ id: EntryID) throws {
        try vault.locked {
            var notes = try UnloggedEntries.load(vaultID: vault.vaultID, keyring: keyring)
            notes.entries.append(.init(entry: id.rawValue, pid: getpid()))
            try notes.save(vaultID: vault.vaultID, keyring: keyring)
        }
    }

    /// Called under the lock while a segment is being written: queues a seal or
    /// import event for every noted entry that its (gone) writer never logged.
    func adoptUnlogged(logs: [String: WriterLog]) throws {
        let notes = try UnloggedEntries.load(vaultID: vault.vaultID, keyring: keyring)
        guard !notes.entries.isEmpty else { return }
        // The logs read so far may start from the log cache: read every event (rare: only after a crash).
        let logged = Set(try self.logs().values.flatMap(\.events).filter { $0.leaf.kind == .seal || $0.leaf.kind == .import }.compactMap(\.leaf.entry))
            .union(pending.compactMap(\.entry))
        for note in notes.entries where !logged.contains(note.entry) && !UnloggedEntries.isAlive(note.pid) {
            guard let id = EntryID(note.entry), FileSystem.exists(vault.layout.entry(id)) else { continue }
            // Only an entry that authenticates in full is adopted; verify keeps naming the others.
            guard let summary = try? vault.verifyEntry(id), let digest = SHA256Digest(hex: summary.sha256) else { continue }
            var event = vault.entryEvent(summary.metadata.origin == nil ? .seal : .import, id: id, member: summary.metadata.content,
                                         sha256: digest, salt: summary.metadata.salt,
                                         at: Timestamp.parse(summary.metadata.sealedAt) ?? Date())
            event.details.adopted = true
            pending.append(event)
        }
    }

    /// After a segment is written: forgets the notes that are settled (logged,
    /// or left by a process that is gone: adopted now, never published, or not
    /// authentic). Notes of live processes stay for their own commands.
    func forgetSettledNotes(logged: Set<String>) throws {
        var notes = try UnloggedEntries.load(vaultID: vault.vaultID, keyring: keyring)
        let before = notes.entries.count
        notes.entries.removeAll { logged.contains($0.entry) || !UnloggedEntries.isAlive($0.pid) }
        if notes.entries.count != before { try notes.save(vaultID: vault.vaultID, keyring: keyring) }
    }
}

/// Test hooks compiled into debug builds only: release builds never read these variables.
enum CrashHooks {
    /// `EVAULT_TEST_CRASH_AFTER_PUBLISH=1`: die with SIGKILL right after an
    /// entry is published and before any log segment names it, as a power cut would.
    static func afterPublishingEntry() {
        #if DEBUG
        if ProcessInfo.processInfo.environment["EVAULT_TEST_CRASH_AFTER_PUBLISH"] == "1" { kill(getpid(), SIGKILL) }
        #endif
    }
}
