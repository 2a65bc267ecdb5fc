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
    /// The logs read in this command and the listing of `log/` they match:
    /// each complete, or continued from the log cache (LogCache.swift).
    private var current: (listing: [String], logs: [String: WriterLog])?
    private var memory: DeviceMemory?
    var pending: [NewEvent] = []
    /// Devices whose log has a gap (a segment still being synced, or deleted):
    /// their segments after it are not read; `verify` names each.
    private(set) var gaps: [String: Int] = [:]
    private var depth = 0
    /// Events read plus events pending, replayed.
    private var derived: VaultState?
    /// The state of the logs in `current`, without pending events.
    private var settled: VaultState?
    /// What the cache files held when read (segments per writer), so unchanged ones are not rewritten.
    private var headsCached: [String: Int]?
    private var stateCached: [String: Int]?
    private lazy var fingerprints = LogFingerprints(layout: layout)
    /// False while a bulk writer (the bench generator) appends many segments:
    /// the cache files are then written once, by `saveCaches()`.
    var writesCache = true

    init(vault: Vault) { self.vault = vault }

    var layout: VaultLayout { vault.layout }
    var keyring: Keyring { vault.keyring }

    func origin(_ writer: String) -> String { "evault/\(vault.vaultID)/\(writer)" }

    // MARK: Reading

    /// Every writer's log with every event in memory, checked end to end, and
    /// checked against this machine's memory (verify, log, proofs, members).
    /// Never uses the cache.
    func logs() throws -> [String: WriterLog] {
        let listing = try LogStoreFiles.listing(layout)
        if let current, current.listing == listing, current.logs.values.allSatisfy(\.isComplete) { return current.logs }
        let logs = try read(from: [:])
        _ = try checkAgainstMemory(logs)
        let keep = current?.listing == listing ? settled : nil
        adopt(listing, logs)
        settled = keep
        return logs
    }

    /// Every writer's log, read only past what the log cache covers: the
    /// segments after it are checked as `logs()` checks them, and the whole is
    /// checked against this machine's memory (when the cache cannot answer
    /// that, every segment is read).
    func heads() throws -> [String: WriterLog] {
        let listing = try LogStoreFiles.listing(layout)
        if let current, current.listing == listing { return current.logs }
        var starts: [String: WriterHead] = [:]
        let cache = LogCache.read(LogCache.headsName, vaultID: vault.vaultID, keyring: keyring).flatMap(HeadsCache.decode)
        headsCached = cache.map { $0.writers.mapValues { $0.head.segments } }
        for (writer, entry) in cache?.writers ?? [:] where fingerprints.of(writer: writer, count: entry.head.segments) == entry.fingerprint {
            starts[writer] = entry.head
        }
        var logs = try read(from: starts)
        if try !checkAgainstMemory(logs) {
            logs = try read(from: [:])
            _ = try checkAgainstMemory(logs)
        }
        adopt(listing, logs)
        if writesCache { saveHeads(logs) }
        return logs
    }

    private func adopt(_ listing: [String], _ logs: [String: WriterLog]) {
        current = (listing, logs)
        derived = nil
        settled = nil
    }

    /// Reads every segment after `starts`, decrypting and checking segments in
    /// parallel, then chaining them in order (the first problem in log order is reported).
    private func read(from starts: [String: WriterHead]) throws -> [String: WriterLog] {
        let (all, gaps) = try readableSegments()
        var jobs: [(writer: String, seq: Int)] = []
        for (writer, seqs) in all {
            let from = starts[writer]?.segments ?? 0
            jobs += seqs.filter { $0 > from }.map { (writer, $0) }
        }
        let prepared = SegmentReader(vault: vault).prepare(jobs)
        var logs: [String: WriterLog] = [:]
        var i = 0
        for (writer, _) in all {
            var log = starts[writer].flatMap(WriterLog.init(continuing:)) ?? WriterLog(writer: writer)
            while i < jobs.count, jobs[i].writer == writer {
                try log.append(prepared[i].get())
                i += 1
            }
            logs[writer] = log
        }
        // A gap inside what this machine saw before is a deleted segment, not one still on its way.
        let seen = try deviceMemory().seen
        for (w, gap) in gaps.sorted(by: { $0.key < $1.key }) where (logs[w]?.size ?? 0) < (seen[w]?.size ?? 0) {
            throw LogError.missingSegment(writer: w, seq: gap)
        }
        self.gaps = gaps
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

    /// Refuses a log that went back or was rewritten since this machine last
    /// saw it. False when the logs (continued from the cache) cannot tell.
    private func checkAgainstMemory(_ logs: [String: WriterLog]) throws -> Bool {
        var m = try deviceMemory()
        for (writer, seen) in m.seen.sorted(by: { $0.key < $1.key }) {
            let log = logs[writer]
            let size = log?.size ?? 0
            if size < seen.size { throw LogError.rolledBack(writer: writer, seen: seen.size, found: size) }
            guard let log else { throw LogError.forked(writer: writer, size: seen.size, what: "what this machine saw before") }
            let root: Merkle.Hash? = seen.size == log.size ? log.root : (log.root(atSegmentBoundary: seen.size) ?? log.root(at: seen.size))
            guard let root else { return false }
            guard Hex.encode(root) == seen.root else {
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
        return true
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
        let logs = try heads()
        if let derived { return derived }
        var s = try settledState(logs)
        // Pending events have seen every event read: they replay after them.
        for e in try pendingAsEvents(logs) { s.apply(e) }
        derived = s
        return s
    }

    /// The replayed state of `logs`: from the state cache plus the newer
    /// events of one writer when that is exact, otherwise from every event.
    private func settledState(_ logs: [String: WriterLog]) throws -> VaultState {
        if let settled { return settled }
        var s: VaultState
        var read = logs
        if logs.values.allSatisfy(\.isComplete) {
            s = VaultState(events: logs.values.flatMap(\.events))
        } else if let cached = continueStateCache(logs) {
            s = cached
        } else {
            read = try self.logs()
            s = VaultState(events: read.values.flatMap(\.events))
        }
        settled = s
        if writesCache { saveState(s, logs: read) }
        return s
    }

    /// The cached state moved forward by the events after it, or nil when the
    /// cache is missing, stale, damaged, or more than one writer moved on (a
    /// merge: then only a full replay gives the documented order).
    private func continueStateCache(_ logs: [String: WriterLog]) -> VaultState? {
        guard let bytes = LogCache.read(LogCache.stateName, vaultID: vault.vaultID, keyring: keyring),
              let cache = StateCache.decode(bytes) else { return nil }
        stateCached = cache.coverage.mapValues { $0.segments }
        for (writer, c) in cache.coverage {
            guard let log = logs[writer], c.segments <= log.segmentCount,
                  fingerprints.of(writer: writer, count: c.segments) == c.fingerprint else { return nil }
        }
        var newer: [LogEvent] = []
        for (writer, log) in logs {
            let c = cache.coverage[writer] ?? (segments: 0, size: 0, fingerprint: [])
            guard c.segments < log.segmentCount else { continue }
            if c.segments < log.base.segments {
                guard let between = try? SegmentReader(vault: vault).events(writer: writer, segments: (c.segments + 1)...log.base.segments,
                                                                            firstPosition: c.size) else { return nil }
                newer += between
            }
            newer += log.events.filter { $0.position >= c.size }
        }
        guard Set(newer.map(\.leaf.writer)).count <= 1 else { return nil }
        for e in newer {
            for (w, c) in cache.coverage where w != e.leaf.writer && (e.leaf.seen[w] ?? 0) < c.size { return nil }
        }
        var s = cache.state
        for e in newer.sorted(by: { $0.position < $1.position }) { s.apply(e) }
        return s
    }

    /// Every leaf hash of `writer`'s log and the log (its newest checkpoint):
    /// from `log-leaves.age` plus newer segments when the cached hashes give
    /// the log's verified root, otherwise from every segment.
    func leafHashes(of writer: String) throws -> (hashes: [Merkle.Hash], log: WriterLog)? {
        guard let log = try heads()[writer] else { return nil }
        if log.isComplete { return (log.leafHashes, log) }
        var cache = LogCache.read(LeavesCache.name, vaultID: vault.vaultID, keyring: keyring).flatMap(LeavesCache.decode) ?? LeavesCache()
        if let c = cache.writers[writer], c.segments <= log.segmentCount, c.hashes.count <= log.size,
           fingerprints.of(writer: writer, count: c.segments) == c.fingerprint {
            var hashes = c.hashes
            if c.segments < log.base.segments, let between = try? SegmentReader(vault: vault).events(
                writer: writer, segments: (c.segments + 1)...log.base.segments, firstPosition: hashes.count) {
                hashes += between.map(\.leafHash)
            }
            hashes += log.events.filter { $0.position >= hashes.count }.map(\.leafHash)
            if hashes.count == log.size, Merkle.root(hashes) == log.root {
                if c.segments != log.segmentCount, writesCache, let fp = fingerprints.of(writer: writer, count: log.segmentCount) {
                    cache.writers[writer] = (log.segmentCount, fp, hashes)
                    LogCache.write(cache.encode(), name: LeavesCache.name, vaultID: vault.vaultID, keyring: keyring)
                }
                return (hashes, log)
            }
        }
        guard let full = try logs()[writer] else { return nil }
        if writesCache, let fp = fingerprints.of(writer: writer, count: full.segmentCount) {
            cache.writers[writer] = (full.segmentCount, fp, full.leafHashes)
            LogCache.write(cache.encode(), name: LeavesCache.name, vaultID: vault.vaultID, keyring: keyring)
        }
        return (full.leafHashes, full)
    }

    private func saveHeads(_ logs: [String: WriterLog]) {
        guard headsCached != logs.mapValues(\.segmentCount) else { return }
        var cache = HeadsCache()
        for (writer, log) in logs {
            guard let fp = fingerprints.of(writer: writer, count: log.segmentCount) else { return }
            cache.writers[writer] = (fp, log.head)
        }
        LogCache.write(cache.encode(), name: LogCache.headsName, vaultID: vault.vaultID, keyring: keyring)
        headsCached = logs.mapValues(\.segmentCount)
    }

    private func saveState(_ state: VaultState, logs: [String: WriterLog]) {
        guard stateCached != logs.mapValues(\.segmentCount) else { return }
        var cache = StateCache(state: state)
        for (writer, log) in logs {
            guard let fp = fingerprints.of(writer: writer, count: log.segmentCount) else { return }
            cache.coverage[writer] = (log.segmentCount, log.size, fp)
        }
        guard let bytes = try? cache.encode() else { return }
        LogCache.write(bytes, name: LogCache.stateName, vaultID: vault.vaultID, keyring: keyring)
        stateCached = logs.mapValues(\.segmentCount)
    }

    /// Writes both cache files for the logs read (after a bulk append).
    func saveCaches() throws {
        let logs = try heads()
        saveHeads(logs)
        let s = try settledState(logs)
        saveState(s, logs: current?.logs ?? logs)
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
            // Under the lock: a segment another command wrote meanwhile changes the listing, so it is read.
            let logs = try heads()
            let me = try writer
            try adoptUnlogged(logs: logs)
            let logged = Set(pending.compactMap(\.entry))
            var log = logs[me] ?? WriterLog(writer: me)
            var accumulator = MerkleAccumulator(peaks: log.head.peaks) ?? MerkleAccumulator()
            var stored: [LogSegment.Stored] = []
            for (i, e) in pending.enumerated() {
                let m = try materialise(e, position: log.size + i, logs: logs, writer: me)
                stored.append(m.stored)
                accumulator.append(m.event.leafHash)
            }
            let seq = log.segmentCount + 1
            let checkpoint = Checkpoint(origin: origin(me), size: accumulator.size, root: accumulator.root)
            let segment = LogSegment(writer: me, seq: seq, events: stored, checkpoint: checkpoint.signed(key: keyring.signingKey))
            let bytes = try segment.seal(keyring: keyring, authenticator: Authenticator(keyring: keyring))
            try FileSystem.makeDirectory(layout.log)
            try FileSystem.makeDirectory(layout.logWriter(me))
            try AtomicFile.write(bytes, to: layout.logSegment(writer: me, seq: seq), replace: false)
            pending = []
            let before = log.events.count
            try log.append(segment, origin: origin(me), publicKey: keyring.signingKey.publicKey)
            var m = try deviceMemory()
            m.seen[me] = .init(size: log.size, root: Hex.encode(log.root))
            try m.save(vaultID: vault.vaultID, keyring: keyring)
            memory = m
            // What this command knows stays known: the new events replay after everything read.
            var state = settled
            for e in log.events[before...] { state?.apply(e) }
            var updated = logs
            updated[me] = log
            adopt(try LogStoreFiles.listing(layout), updated)
            settled = state
            if writesCache { saveHeads(updated) }
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

/// Decrypts and checks segments on every core (the work that does not depend
/// on the segments before).
struct SegmentReader: @unchecked Sendable {
    let vault: Vault

    func prepare(_ jobs: [(writer: String, seq: Int)]) -> [Result<WriterLog.Prepared, Error>] {
        let work = PrepareWork(vault: vault, jobs: jobs)
        if jobs.count < 8 {
            for i in jobs.indices { work.run(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: jobs.count) { work.run($0) }
        }
        return work.results.values
    }

    /// The events of segments already checked once (covered by the heads
    /// cache), decrypted and authenticated again, numbered from `firstPosition`.
    func events(writer: String, segments: ClosedRange<Int>, firstPosition: Int) throws -> [LogEvent] {
        var position = firstPosition
        var out: [LogEvent] = []
        for result in prepare(segments.map { (writer, $0) }) {
            let p = try result.get()
            for e in p.events {
                out.append(LogEvent(leaf: e.leaf, leafData: e.data, details: e.details, position: position, leafHash: e.hash))
                position += 1
            }
            guard p.checkpoint.size == position else { throw LogError.damagedSegment(file: "log/\(writer)", reason: "sizes do not add up") }
        }
        return out
    }
}

/// The segments to read, shared by the worker threads (each index touches only its own slot).
private struct PrepareWork: @unchecked Sendable {
    let vault: Vault
    let jobs: [(writer: String, seq: Int)]
    let results: ResultSlots<WriterLog.Prepared>
    let origins: [String: String]
    let keyring: Keyring
    let authenticator: Authenticator

    init(vault: Vault, jobs: [(writer: String, seq: Int)]) {
        self.vault = vault
        self.jobs = jobs
        results = ResultSlots(count: jobs.count)
        var origins: [String: String] = [:]
        for (writer, _) in jobs where origins[writer] == nil { origins[writer] = "evault/\(vault.vaultID)/\(writer)" }
        self.origins = origins
        keyring = vault.keyring
        authenticator = Authenticator(keyring: vault.keyring)
    }

    func run(_ i: Int) {
        let (writer, seq) = jobs[i]
        results.set(i, Result {
            let sealed = try Vault.readSmallFile(vault.layout.logSegment(writer: writer, seq: seq), name: LogSegment.tagName(writer: writer, seq: seq))
            // After a member's removal, older segments are under a retired generation of keys (Members/).
            let generation = vault.keyring(opening: sealed)
            let current = generation.recipient == keyring.recipient
            let segment = try LogSegment.open(sealed, writer: writer, seq: seq, keyring: generation,
                                              authenticator: current ? authenticator : Authenticator(keyring: generation))
            return try WriterLog.prepare(segment, writer: writer, origin: origins[writer] ?? "",
                                         publicKey: current ? keyring.signingKey.publicKey : generation.signingKey.publicKey)
        })
    }
}

/// One result per index, filled from several threads.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [Result<T, Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: Result<T, Error>) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    var values: [Result<T, Error>] {
        slots.map { $0 ?? .failure(LogError.unknownEvent("a segment was not read")) }
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
