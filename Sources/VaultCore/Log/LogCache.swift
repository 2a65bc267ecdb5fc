#if canImport(Glibc)
import Glibc
#endif
import AgeFormat
import EvaultCrypto
import Foundation

/// This device's cache of the custody log (FORMAT.md section 8, "Log cache"),
/// beside its device memory in `$XDG_STATE_HOME/evault/<vault-id>/`, never in
/// the vault folder, so a sync never brings another machine's cache in:
/// - `log-heads.age`: per writer, where its log stood (segment count, size,
///   Merkle frontier, newest checkpoint), so a command reads only newer segments;
/// - `log-state.age`: the replayed state and exactly which segments it covers.
///
/// Each covered prefix of a writer's log is named by a fingerprint of its
/// files (name, inode, size, modification and change times) and of the last
/// covered file's bytes: a segment replaced, rewritten or restored from an
/// older copy no longer matches, and the cache is not used for that writer.
/// Both files are age-encrypted to the vault and carry the state tag
/// (section 6); one that is missing, damaged or stale is ignored and replaced.
/// `verify` never uses them.
enum LogCache {
    static let headsName = "log-heads.age"
    static let stateName = "log-state.age"

    static func path(_ name: String, vaultID: String) -> String {
        FilePathText.join(DeviceMemory.directory(vaultID: vaultID), name)
    }

    /// Decrypts and authenticates a cache file; nil when missing or not this vault's.
    static func read(_ name: String, vaultID: String, keyring: Keyring) -> [UInt8]? {
        let path = path(name, vaultID: vaultID)
        guard FileSystem.isRegularFile(path), let stream = try? FileSystem.openRegular(path),
              let sealed = try? stream.readToEnd(limit: 1 << 30),
              let reader = try? AgeReader(input: MemorySource(sealed), identities: [keyring.identity]),
              let plain = try? reader.readToEnd(limit: 1 << 30), plain.count >= Authenticator.tagLength else { return nil }
        let content = Array(plain.dropLast(Authenticator.tagLength))
        guard constantTimeEquals(Authenticator(keyring: keyring).stateTag(name: name, content: content),
                                 Array(plain.suffix(Authenticator.tagLength))) else { return nil }
        return content
    }

    /// Writes a cache file; a failure only costs speed, so it is not reported.
    static func write(_ content: [UInt8], name: String, vaultID: String, keyring: Keyring) {
        let dir = DeviceMemory.directory(vaultID: vaultID)
        guard FileSystem.isDirectory(dir) else { return }
        let tag = Authenticator(keyring: keyring).stateTag(name: name, content: content)
        let sink = MemorySink()
        guard let writer = try? AgeWriter(recipients: [keyring.recipient], output: sink),
              (try? writer.write(content)) != nil, (try? writer.write(tag)) != nil, (try? writer.close()) != nil else { return }
        try? AtomicFile.write(sink.bytes, to: path(name, vaultID: vaultID))
    }

    static func remove(vaultID: String) {
        for name in [headsName, stateName, LeavesCache.name] { FileSystem.remove(path(name, vaultID: vaultID)) }
    }
}

/// Fingerprints of the first n segment files of each writer (memoised: one
/// stat per file per command).
final class LogFingerprints {
    private let layout: VaultLayout
    /// Per writer: the chained digests after file 1, 2, …
    private var chains: [String: [[UInt8]]] = [:]

    init(layout: VaultLayout) { self.layout = layout }

    /// nil when a file is missing or unreadable.
    func of(writer: String, count: Int) -> [UInt8]? {
        guard count > 0 else { return [UInt8](repeating: 0, count: 32) }
        var chain = chains[writer] ?? []
        while chain.count < count {
            let seq = chain.count + 1
            let path = layout.logSegment(writer: writer, seq: seq)
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
            var h = SHA256Hasher()
            h.update(chain.last ?? Array("evault-log-cache/1".utf8))
            h.update(Array("\(seq) \(st.st_ino) \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)\n".utf8))
            chain.append(h.finalize().bytes)
        }
        chains[writer] = chain
        // The last covered file's bytes too: a copy with the same times and size is still noticed.
        guard let bytes = try? FileSystem.openRegular(layout.logSegment(writer: writer, seq: count)).readToEnd(limit: 64 << 20) else { return nil }
        var h = SHA256Hasher()
        h.update(chain[count - 1])
        h.update(SHA256Hasher.hash(bytes).bytes)
        return h.finalize().bytes
    }

    func forget() { chains = [:] }
}

/// Length-prefixed binary fields for the cache files.
struct CacheWriter {
    var bytes: [UInt8] = []
    mutating func int(_ v: Int) { withUnsafeBytes(of: UInt64(v).bigEndian) { bytes += $0 } }
    mutating func data(_ d: [UInt8]) { int(d.count); bytes += d }
    mutating func string(_ s: String) { data(Array(s.utf8)) }
}

struct CacheReader {
    let bytes: [UInt8]
    var at = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func int() -> Int? {
        guard at + 8 <= bytes.count else { return nil }
        var v: UInt64 = 0
        for b in bytes[at..<(at + 8)] { v = v << 8 | UInt64(b) }
        at += 8
        guard v <= UInt64(Int.max) else { return nil }
        return Int(v)
    }

    mutating func data() -> [UInt8]? {
        guard let n = int(), n <= bytes.count - at else { return nil }
        defer { at += n }
        return Array(bytes[at..<(at + n)])
    }

    mutating func string() -> String? { data().map { String(decoding: $0, as: UTF8.self) } }
    var atEnd: Bool { at == bytes.count }
}

/// `log-heads.age`: per writer, its head and the fingerprint of the segments it covers.
struct HeadsCache {
    static let magic = "evault-log-heads/1"
    var writers: [String: (fingerprint: [UInt8], head: WriterHead)] = [:]

    func encode() -> [UInt8] {
        var w = CacheWriter()
        w.string(HeadsCache.magic)
        w.int(writers.count)
        for (writer, entry) in writers.sorted(by: { $0.key < $1.key }) {
            w.string(writer)
            w.data(entry.fingerprint)
            w.int(entry.head.segments)
            w.int(entry.head.size)
            w.int(entry.head.peaks.count)
            for p in entry.head.peaks {
                w.int(p.size)
                w.data(p.hash)
            }
            w.string(entry.head.checkpoint ?? "")
        }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) -> HeadsCache? {
        var r = CacheReader(bytes)
        guard r.string() == magic, let n = r.int(), n < 1 << 20 else { return nil }
        var cache = HeadsCache()
        for _ in 0..<n {
            guard let writer = r.string(), DeviceMemory.isWriterID(writer), let fp = r.data(), fp.count == 32,
                  let segments = r.int(), let size = r.int(), let peakCount = r.int(), peakCount <= 64 else { return nil }
            var peaks: [(size: Int, hash: Merkle.Hash)] = []
            for _ in 0..<peakCount {
                guard let s = r.int(), let h = r.data() else { return nil }
                peaks.append((s, h))
            }
            guard let checkpoint = r.string() else { return nil }
            let head = WriterHead(writer: writer, segments: segments, size: size, peaks: peaks, checkpoint: checkpoint.isEmpty ? nil : checkpoint)
            guard segments > 0, MerkleAccumulator(peaks: peaks)?.size == size else { return nil }
            cache.writers[writer] = (fp, head)
        }
        return r.atEnd ? cache : nil
    }
}

/// `log-state.age`: the replayed state, and per writer the segments it covers.
struct StateCache {
    static let magic = "evault-log-state/2"
    var coverage: [String: (segments: Int, size: Int, fingerprint: [UInt8])] = [:]
    var state: VaultState

    /// The small parts of the state, as JSON.
    private struct Small: Codable {
        var keep: [String]
        var registryByHash: [String: String]
        var registryByPseudonym: [String: String]
        var partners: [Partner]
        var exports: [ExportRecord]
    }

    func encode() throws -> [UInt8] {
        var w = CacheWriter()
        w.string(StateCache.magic)
        w.int(coverage.count)
        for (writer, c) in coverage.sorted(by: { $0.key < $1.key }) {
            w.string(writer)
            w.int(c.segments)
            w.int(c.size)
            w.data(c.fingerprint)
        }
        w.data(try JSONCoding.encode(Small(keep: state.keep, registryByHash: state.registryByHash, registryByPseudonym: state.registryByPseudonym,
                                           partners: state.partners, exports: state.exports), pretty: false))
        // Entries, then deletions, then edits (in merge order): each a list of events.
        try Self.write(state.entries.sorted(by: { $0.key < $1.key }).map(\.value), to: &w)
        try Self.write(state.deletions.sorted(by: { $0.key < $1.key }).map(\.value), to: &w)
        try Self.write(state.edits.sorted(by: { $0.key < $1.key }).flatMap(\.value), to: &w)
        return w.bytes
    }

    private static func write(_ events: [LogEvent], to w: inout CacheWriter) throws {
        w.int(events.count)
        for e in events {
            w.data(e.leafData)
            w.data(try JSONCoding.encode(e.details, pretty: false))
            w.int(e.position)
            w.data(e.leafHash)
        }
    }

    private static func readEvents(_ r: inout CacheReader) -> [LogEvent]? {
        guard let count = r.int(), count < 1 << 24 else { return nil }
        var events: [LogEvent] = []
        events.reserveCapacity(min(count, 1 << 20))
        for _ in 0..<count {
            guard let leafData = r.data(), let detailBytes = r.data(), let position = r.int(), let hash = r.data(),
                  let leaf = try? JSONCoding.decode(EventLeaf.self, from: leafData),
                  let details = try? JSONCoding.decode(EventDetails.self, from: detailBytes), leaf.entry != nil else { return nil }
            events.append(LogEvent(leaf: leaf, leafData: leafData, details: details, position: position, leafHash: hash))
        }
        return events
    }

    static func decode(_ bytes: [UInt8]) -> StateCache? {
        var r = CacheReader(bytes)
        guard r.string() == magic, let n = r.int(), n < 1 << 20 else { return nil }
        var coverage: [String: (segments: Int, size: Int, fingerprint: [UInt8])] = [:]
        for _ in 0..<n {
            guard let writer = r.string(), DeviceMemory.isWriterID(writer), let segments = r.int(), let size = r.int(),
                  let fp = r.data(), fp.count == 32 else { return nil }
            coverage[writer] = (segments, size, fp)
        }
        guard let smallBytes = r.data(), let small = try? JSONCoding.decode(Small.self, from: smallBytes) else { return nil }
        var state = VaultState()
        state.keep = small.keep
        state.registryByHash = small.registryByHash
        state.registryByPseudonym = small.registryByPseudonym
        state.partners = small.partners
        state.exports = small.exports
        guard let entries = readEvents(&r), let deletions = readEvents(&r), let edits = readEvents(&r) else { return nil }
        for e in entries { if let id = e.leaf.entry { state.entries[id] = e } }
        for e in deletions { if let id = e.leaf.entry { state.deletions[id] = e } }
        for e in edits { if let id = e.leaf.entry { state.edits[id, default: []].append(e) } }
        return r.atEnd ? StateCache(coverage: coverage, state: state) : nil
    }
}

/// `log-leaves.age`: per writer, the leaf hashes of the segments it covers,
/// so that a proof reads only newer segments (read by `prove` and
/// `verify --checkpoint`, which check them against the signed root first).
struct LeavesCache {
    static let name = "log-leaves.age"
    static let magic = "evault-log-leaves/1"
    var writers: [String: (segments: Int, fingerprint: [UInt8], hashes: [Merkle.Hash])] = [:]

    func encode() -> [UInt8] {
        var w = CacheWriter()
        w.string(LeavesCache.magic)
        w.int(writers.count)
        for (writer, c) in writers.sorted(by: { $0.key < $1.key }) {
            w.string(writer)
            w.int(c.segments)
            w.data(c.fingerprint)
            w.int(c.hashes.count)
            w.bytes.reserveCapacity(w.bytes.count + 32 * c.hashes.count)
            for h in c.hashes { w.bytes += h }
        }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) -> LeavesCache? {
        var r = CacheReader(bytes)
        guard r.string() == magic, let n = r.int(), n < 1 << 20 else { return nil }
        var cache = LeavesCache()
        for _ in 0..<n {
            guard let writer = r.string(), DeviceMemory.isWriterID(writer), let segments = r.int(), let fp = r.data(), fp.count == 32,
                  let count = r.int(), count <= (r.bytes.count - r.at) / 32 else { return nil }
            var hashes: [Merkle.Hash] = []
            hashes.reserveCapacity(count)
            for i in 0..<count { hashes.append(Array(r.bytes[(r.at + 32 * i)..<(r.at + 32 * i + 32)])) }
            r.at += 32 * count
            cache.writers[writer] = (segments, fp, hashes)
        }
        return r.atEnd ? cache : nil
    }
}
