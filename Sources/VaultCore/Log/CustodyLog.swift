import EvaultCrypto
import Foundation

/// The log/state store: reads every writer's log under `log/`, checks it
/// against what this machine saw before, derives the vault's state from it, and
/// appends this machine's events, one segment per command.
///
/// Mutations inside `batch` collect their events and write them as one segment
/// when the outermost batch ends (also when it fails, so that what was done is
/// logged).
final class CustodyLog {
    unowned let vault: Vault
    private var cache: (listing: [String], logs: [String: WriterLog])?
    private var memory: DeviceMemory?
    var pending: [NewEvent] = []
    /// Devices whose log has a gap (a segment still being synced, or deleted):
    /// their segments after it are not read; `verify` names each.
    private(set) var gaps: [String: Int] = [:]
    private var depth = 0
    /// Events read plus events pending, replayed.
    private var derived: VaultState?

    init(vault: Vault) { self.vault = vault }

    var layout: VaultLayout { vault.layout }
    var keyring: Keyring { vault.keyring }

    func origin(_ writer: String) -> String { "evault/\(vault.vaultID)/\(writer)" }

    // MARK: Reading

    /// Every writer's log, checked, and checked against this machine's memory.
    func logs() throws -> [String: WriterLog] {
        let listing = try LogStoreFiles.listing(layout)
        if let cache, cache.listing == listing { return cache.logs }
        var logs: [String: WriterLog] = [:]
        let authenticator = Authenticator(keyring: keyring)
        let key = keyring.signingKey.publicKey
        let (allSegments, gaps) = try readableSegments()
        for (writer, seqs) in allSegments {
            var log = WriterLog(writer: writer)
            for seq in seqs {
                let path = layout.logSegment(writer: writer, seq: seq)
                let sealed = try Vault.readSmallFile(path, name: LogSegment.tagName(writer: writer, seq: seq))
                // After a member's removal, older segments are under a retired generation of keys (Members/).
                let generation = vault.keyring(opening: sealed)
                let segment = try LogSegment.open(sealed, writer: writer, seq: seq, keyring: generation,
                                                  authenticator: generation.recipient == keyring.recipient ? authenticator : Authenticator(keyring: generation))
                try log.append(segment, origin: origin(writer), publicKey: generation.recipient == keyring.recipient ? key : generation.signingKey.publicKey)
            }
            logs[writer] = log
        }
        // A gap inside what this machine saw before is a deleted segment, not one still on its way.
        let seen = try deviceMemory().seen
        for (w, gap) in gaps.sorted(by: { $0.key < $1.key }) where (logs[w]?.size ?? 0) < (seen[w]?.size ?? 0) {
            throw LogError.missingSegment(writer: w, seq: gap)
        }
        try checkAgainstMemory(logs)
        self.gaps = gaps
        cache = (listing, logs)
        derived = nil
        return logs
    }

    /// Every device's segment numbers up to its first gap. A later segment
    /// that arrived before an earlier one (sync tools copy files in any order)
    /// leaves a gap in another device's log: what precedes it is read, and the
    /// rest when it is complete. A gap in this device's own log, or below what
    /// this machine saw before, is refused.
    private func readableSegments() throws -> ([(String, [Int])], [String: Int]) {
        let me = try writer
        var result: [(String, [Int])] = []
        var gaps: [String: Int] = [:]
        for (w, seqs) in try LogStoreFiles.segments(layout) {
            guard let gap = seqs.enumerated().first(where: { $0.element != $0.offset + 1 }).map({ $0.offset + 1 }) else {
                result.append((w, seqs))
                continue
            }
            let prefix = Array(seqs.prefix(gap - 1))
            if w == me { throw LogError.missingSegment(writer: w, seq: gap) }
            gaps[w] = gap
            result.append((w, prefix))
        }
        return (result, gaps)
    }

    /// Refuses a log that went back or was rewritten since this machine last saw it.
    private func checkAgainstMemory(_ logs: [String: WriterLog]) throws {
        var m = try deviceMemory()
        for (writer, seen) in m.seen.sorted(by: { $0.key < $1.key }) {
            let log = logs[writer]
            let size = log?.size ?? 0
            if size < seen.size { throw LogError.rolledBack(writer: writer, seen: seen.size, found: size) }
            guard let log, Hex.encode(log.root(atSegmentBoundary: seen.size) ?? log.root(at: seen.size)) == seen.root else {
                throw LogError.forked(writer: writer, size: seen.size, what: "what this machine saw before")
            }
        }
        var changed = false
        for (writer, log) in logs where m.seen[writer]?.size != log.size {
            m.seen[writer] = .init(size: log.size, root: Hex.encode(log.root))
            changed = true
        }
        if changed {
            try m.save(vaultID: vault.vaultID, keyring: keyring)
            memory = m
        }
    }

    func deviceMemory() throws -> DeviceMemory {
        if let memory { return memory }
        if let m = try vault.loadDeviceMemory() {
            memory = m
            return m
        }
        let m = DeviceMemory(writer: DeviceMemory.newWriterID())
        try m.save(vaultID: vault.vaultID, keyring: keyring)
        memory = m
        return m
    }

    var writer: String { get throws { try deviceMemory().writer } }

    /// The state all logs and this command's pending events say.
    func state() throws -> VaultState {
        let logs = try self.logs()
        if let derived { return derived }
        var events = logs.values.flatMap(\.events)
        events += try pendingAsEvents(logs)
        let s = VaultState(events: events)
        derived = s
        return s
    }

    private func pendingAsEvents(_ logs: [String: WriterLog]) throws -> [LogEvent] {
        guard !pending.isEmpty else { return [] }
        let me = try writer
        let base = logs[me]?.size ?? 0
        return try pending.enumerated().map { i, e in try materialise(e, position: base + i, logs: logs, writer: me).event }
    }

    // MARK: Writing

    /// Records an event; it is written when the outermost batch ends.
    func record(_ event: NewEvent) throws {
        pending.append(event)
        derived = nil
        if depth == 0 { try flush() }
    }

    /// Records an event and writes it now, even inside a batch: an export's
    /// bundle carries the proof of its own event, so the event must be in a
    /// signed checkpoint before the bundle is written.
    func recordAndFlush(_ event: NewEvent) throws {
        pending.append(event)
        derived = nil
        try flush()
    }

    func batch<T>(_ body: () throws -> T) throws -> T {
        depth += 1
        let result: T
        do { result = try body() } catch {
            depth -= 1
            if depth == 0 { try? flush() }
            throw error
        }
        depth -= 1
        if depth == 0 { try flush() }
        return result
    }

    /// Writes the pending events as this writer's next segment (under the vault lock).
    private func flush() throws {
        guard !pending.isEmpty else { return }
        try vault.locked {
            cache = nil
            let logs = try self.logs()
            let me = try writer
            try adoptUnlogged(logs: logs)
            let logged = Set(pending.compactMap(\.entry))
            var log = logs[me] ?? WriterLog(writer: me)
            var accumulator = MerkleAccumulator()
            log.events.forEach { accumulator.append($0.leafHash) }
            var stored: [LogSegment.Stored] = []
            for (i, e) in pending.enumerated() {
                let m = try materialise(e, position: log.size + i, logs: logs, writer: me)
                stored.append(m.stored)
                accumulator.append(m.event.leafHash)
            }
            let seq = log.segments.count + 1
            let checkpoint = Checkpoint(origin: origin(me), size: accumulator.size, root: accumulator.root)
            let segment = LogSegment(writer: me, seq: seq, events: stored, checkpoint: checkpoint.signed(key: keyring.signingKey))
            let bytes = try segment.seal(keyring: keyring, authenticator: Authenticator(keyring: keyring))
            try FileSystem.makeDirectory(layout.log)
            try FileSystem.makeDirectory(layout.logWriter(me))
            try AtomicFile.write(bytes, to: layout.logSegment(writer: me, seq: seq), replace: false)
            pending = []
            try log.append(segment, origin: origin(me), publicKey: keyring.signingKey.publicKey)
            var m = try deviceMemory()
            m.seen[me] = .init(size: log.size, root: Hex.encode(log.root))
            try m.save(vaultID: vault.vaultID, keyring: keyring)
            memory = m
            cache = nil
            derived = nil
            try forgetSettledNotes(logged: logged)
        }
    }

    private func materialise(_ e: NewEvent, position: Int, logs: [String: WriterLog], writer: String)
        throws -> (event: LogEvent, stored: LogSegment.Stored) {
        let salt = randomBytes(32)
        var details = e.details
        try vault.signAsMember(&details, kind: e.kind, at: Timestamp.format(e.at), writer: writer, salt: salt,
                               entry: e.entry, commitment: e.commitment)
        let detailBytes = try JSONCoding.encode(details, pretty: false)
        var seen: [String: Int] = [:]
        for (w, log) in logs where w != writer { seen[w] = log.size }
        let leaf = EventLeaf(kind: e.kind, at: Timestamp.format(e.at), writer: writer, seen: seen, salt: Hex.encode(salt),
                             entry: e.entry, commitment: e.commitment,
                             details: EventDetails.digest(salt: salt, bytes: detailBytes))
        let leafData = try JSONCoding.encode(leaf, pretty: false)
        let event = LogEvent(leaf: leaf, leafData: leafData, details: details, position: position, leafHash: Merkle.leafHash(leafData))
        return (event, .init(leaf: String(decoding: leafData, as: UTF8.self), details: String(decoding: detailBytes, as: UTF8.self)))
    }
}

/// Names of log files on disk.
enum LogStoreFiles {
    /// Every file name under `log/`, for noticing changes cheaply.
    static func listing(_ layout: VaultLayout) throws -> [String] {
        guard FileSystem.isDirectory(layout.log) else { return [] }
        var out: [String] = []
        for w in try FileSystem.list(layout.log).sorted() {
            out.append(w)
            if FileSystem.isDirectory(layout.logWriter(w)) {
                out += try FileSystem.list(layout.logWriter(w)).sorted().map { w + "/" + $0 }
            }
        }
        return out
    }

    /// Each writer's segment numbers, sorted (gaps are the caller's to judge);
    /// a stray file in a writer's folder (a sync tool's conflict copy) is a conflict.
    static func segments(_ layout: VaultLayout) throws -> [(String, [Int])] {
        guard FileSystem.isDirectory(layout.log) else { return [] }
        var result: [(String, [Int])] = []
        for w in try FileSystem.list(layout.log).sorted() where !w.hasPrefix(".") {
            guard DeviceMemory.isWriterID(w), FileSystem.isDirectory(layout.logWriter(w)) else {
                throw LogError.damagedSegment(file: "log/" + w, reason: "not a device's log folder")
            }
            var seqs: [Int] = []
            for name in try FileSystem.list(layout.logWriter(w)) where !name.hasPrefix(".") {
                guard let n = LogSegment.seq(fromFileName: name) else {
                    let file = "log/\(w)/\(name)"
                    guard FileSystem.isRegularFile(FilePathText.join(layout.logWriter(w), name)) else {
                        throw LogError.damagedSegment(file: file, reason: "not a regular file (a FIFO, socket, device or link)")
                    }
                    throw LogError.conflictingSegment(file: file)
                }
                seqs.append(n)
            }
            seqs.sort()
            result.append((w, seqs))
        }
        return result
    }
}
