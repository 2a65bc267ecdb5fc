import EvaultCrypto
import Foundation

/// One writer's log, read and checked end to end: its segments are numbered
/// 1, 2, … without gaps, each authenticates, every event's details match the
/// digest in its leaf, and every segment's checkpoint is signed by the vault
/// and names exactly the tree of all events up to it.
///
/// A log may continue from a `WriterHead` (the log cache, LogCache.swift):
/// then `events` holds only the events read after it, and `isComplete` is false.
public struct WriterLog: Sendable {
    public let writer: String
    /// The events in memory: all of them, or those after `base`.
    public private(set) var events: [LogEvent] = []
    /// Per segment read: its number, the tree size after it and its signed checkpoint.
    public private(set) var segments: [(seq: Int, size: Int, checkpoint: String)] = []
    /// What came before `events` (empty unless continued from the cache).
    private(set) var base: WriterHead
    private var accumulator: MerkleAccumulator

    init(writer: String) {
        self.writer = writer
        base = WriterHead(writer: writer, segments: 0, size: 0, peaks: [], checkpoint: nil)
        accumulator = MerkleAccumulator()
    }

    /// Continues after a cached head; nil when the head is malformed.
    init?(continuing head: WriterHead) {
        guard let acc = MerkleAccumulator(peaks: head.peaks), acc.size == head.size else { return nil }
        writer = head.writer
        base = head
        accumulator = acc
    }

    public var size: Int { base.size + events.count }
    public var root: Merkle.Hash { accumulator.root }
    /// True when every event of the log is in `events`.
    public var isComplete: Bool { base.size == 0 }
    /// Every leaf hash; only meaningful when `isComplete`.
    public var leafHashes: [Merkle.Hash] { events.map(\.leafHash) }
    public var latestCheckpoint: String? { segments.last?.checkpoint ?? base.checkpoint }
    var segmentCount: Int { base.segments + segments.count }

    /// The head to cache: enough to continue the log without its events.
    var head: WriterHead {
        WriterHead(writer: writer, segments: segmentCount, size: size, peaks: accumulator.frontier, checkpoint: latestCheckpoint)
    }

    /// Adds a decrypted segment after checking it against everything before it.
    mutating func append(_ segment: LogSegment, origin: String, publicKey: Ed25519.PublicKey) throws {
        try append(WriterLog.prepare(segment, writer: writer, origin: origin, publicKey: publicKey))
    }

    /// A segment checked on its own (events, digests, checkpoint signature):
    /// the part of reading a log that runs in parallel.
    struct Prepared: @unchecked Sendable {
        var seq: Int
        var events: [(leaf: EventLeaf, data: [UInt8], details: EventDetails, hash: Merkle.Hash)]
        var checkpoint: Checkpoint
        var note: String
    }

    static func prepare(_ segment: LogSegment, writer: String, origin: String, publicKey: Ed25519.PublicKey) throws -> Prepared {
        let file = LogSegment.tagName(writer: writer, seq: segment.seq)
        var events: [(leaf: EventLeaf, data: [UInt8], details: EventDetails, hash: Merkle.Hash)] = []
        events.reserveCapacity(segment.events.count)
        for stored in segment.events {
            let data = Array(stored.leaf.utf8)
            guard let leaf = try? JSONCoding.decode(EventLeaf.self, from: data), leaf.format == "evault-event/1",
                  leaf.writer == writer, let salt = Hex.decode(leaf.salt), salt.count == 32 else {
                throw LogError.damagedSegment(file: file, reason: "an event is malformed")
            }
            let detailBytes = Array(stored.details.utf8)
            guard leaf.details == EventDetails.digest(salt: salt, bytes: detailBytes),
                  let details = try? JSONCoding.decode(EventDetails.self, from: detailBytes) else {
                throw LogError.damagedSegment(file: file, reason: "an event's details do not match its leaf")
            }
            events.append((leaf, data, details, Merkle.leafHash(data)))
        }
        guard let checkpoint = Checkpoint(note: segment.checkpoint, origin: origin, publicKey: publicKey) else {
            throw LogError.damagedSegment(file: file, reason: "its checkpoint is not signed by this vault's key for \(origin)")
        }
        return Prepared(seq: segment.seq, events: events, checkpoint: checkpoint, note: segment.checkpoint)
    }

    /// The order-dependent part: numbering, positions, the tree, the checkpoint's size and root.
    mutating func append(_ prepared: Prepared) throws {
        let file = LogSegment.tagName(writer: writer, seq: prepared.seq)
        guard prepared.seq == segmentCount + 1 else { throw LogError.missingSegment(writer: writer, seq: segmentCount + 1) }
        for e in prepared.events {
            events.append(LogEvent(leaf: e.leaf, leafData: e.data, details: e.details, position: size, leafHash: e.hash))
            accumulator.append(e.hash)
        }
        guard prepared.checkpoint.size == size, prepared.checkpoint.root == accumulator.root else {
            throw LogError.damagedSegment(file: file, reason: "its checkpoint does not match the events before it")
        }
        segments.append((prepared.seq, size, prepared.note))
    }

    /// The root after the first `size` events, when a segment ended there (or the cached head did).
    func root(atSegmentBoundary size: Int) -> Merkle.Hash? {
        guard size > 0 else { return Merkle.emptyRoot }
        if size == base.size, let root = base.root { return root }
        guard let s = segments.first(where: { $0.size == size }),
              let c = Checkpoint(text: SignedNote.text(of: s.checkpoint) ?? "") else { return nil }
        return c.root
    }

    /// The root of the first `size` events (O(size)); nil when those events are not in memory.
    func root(at size: Int) -> Merkle.Hash? {
        guard isComplete else { return nil }
        return Merkle.root(events.prefix(size).map(\.leafHash))
    }
}

/// Where a writer's log stood after its first `segments` segments: what the
/// log cache keeps so that a command reads only the segments after it.
struct WriterHead: Sendable {
    var writer: String
    var segments: Int
    var size: Int
    /// The Merkle frontier (RFC 6962 tree of the first `size` leaves), largest subtree first.
    var peaks: [(size: Int, hash: Merkle.Hash)]
    /// The signed checkpoint of segment `segments`.
    var checkpoint: String?

    var root: Merkle.Hash? { MerkleAccumulator(peaks: peaks)?.root }
}
