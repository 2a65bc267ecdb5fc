import EvaultCrypto
import Foundation

/// One writer's log, read and checked end to end: its segments are numbered
/// 1, 2, … without gaps, each authenticates, every event's details match the
/// digest in its leaf, and every segment's checkpoint is signed by the vault
/// and names exactly the tree of all events up to it.
public struct WriterLog: Sendable {
    public let writer: String
    public private(set) var events: [LogEvent] = []
    /// Per segment: its number, the tree size after it and its signed checkpoint.
    public private(set) var segments: [(seq: Int, size: Int, checkpoint: String)] = []
    private var accumulator = MerkleAccumulator()

    init(writer: String) { self.writer = writer }

    public var size: Int { events.count }
    public var root: Merkle.Hash { accumulator.root }
    public var leafHashes: [Merkle.Hash] { events.map(\.leafHash) }
    public var latestCheckpoint: String? { segments.last?.checkpoint }

    /// Adds a decrypted segment after checking it against everything before it.
    mutating func append(_ segment: LogSegment, origin: String, publicKey: Ed25519.PublicKey) throws {
        let file = LogSegment.tagName(writer: writer, seq: segment.seq)
        guard segment.seq == segments.count + 1 else { throw LogError.missingSegment(writer: writer, seq: segments.count + 1) }
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
            let hash = Merkle.leafHash(data)
            events.append(LogEvent(leaf: leaf, leafData: data, details: details, position: events.count, leafHash: hash))
            accumulator.append(hash)
        }
        guard let checkpoint = Checkpoint(note: segment.checkpoint, origin: origin, publicKey: publicKey) else {
            throw LogError.damagedSegment(file: file, reason: "its checkpoint is not signed by this vault's key for \(origin)")
        }
        guard checkpoint.size == events.count, checkpoint.root == accumulator.root else {
            throw LogError.damagedSegment(file: file, reason: "its checkpoint does not match the events before it")
        }
        segments.append((segment.seq, events.count, segment.checkpoint))
    }

    /// The root after the first `size` events, when a segment ended there.
    func root(atSegmentBoundary size: Int) -> Merkle.Hash? {
        guard size > 0 else { return Merkle.emptyRoot }
        guard let s = segments.first(where: { $0.size == size }),
              let c = Checkpoint(text: SignedNote.text(of: s.checkpoint) ?? "") else { return nil }
        return c.root
    }

    /// The root of the first `size` events (O(size)).
    func root(at size: Int) -> Merkle.Hash {
        Merkle.root(events.prefix(size).map(\.leafHash))
    }
}
