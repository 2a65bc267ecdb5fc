import EvaultCrypto
import Foundation

/// One line of `evault log`: what, when, which device. Never a name.
public struct LogLine: Codable, Equatable, Sendable {
    public var at: String
    public var kind: String
    public var device: String
    /// The event's position in its device's log (0-based).
    public var position: Int
    public var entry: String?
    /// The member who made the change, when their signature verifies (Members/).
    public var member: String?
}

/// What `prove` hands out for one entry.
public struct EntryProof: Sendable {
    public var proof: TlogProof
    public var leaf: EventLeaf
}

/// The outcome of checking an older checkpoint file against the vault's logs.
public struct ConsistencyReport: Sendable {
    /// One `evault-consistency@v1` block per checkpoint checked (FORMAT.md section 8).
    public var proofText: String
    public var checked: [(origin: String, oldSize: Int, newSize: Int)]
}

extension Vault {
    /// Every event of every device, newest first in the merge order.
    public func logLines() throws -> [LogLine] {
        let events = try custody.logs().values.flatMap(\.events).sorted { $0.orderKey > $1.orderKey }
        let everyone = MemberRoster.everyone(events)
        return events.map { LogLine(at: $0.leaf.at, kind: $0.leaf.kind.rawValue, device: $0.leaf.writer, position: $0.position, entry: $0.leaf.entry,
                                    member: MemberSignature.signer(of: $0, among: everyone)?.name) }
    }

    /// The newest signed checkpoint of every device's log, concatenated in origin order.
    public func checkpointText() throws -> String {
        let logs = try custody.heads()
        let notes = logs.keys.sorted().compactMap { logs[$0]?.latestCheckpoint }
        guard !notes.isEmpty else { throw LogError.badCheckpoint("the custody log is empty") }
        return notes.joined()
    }

    /// A tlog-proof@v1 for the seal (or import) event of entry `id`. Its extra
    /// data is the JSON object {"leaf": <the leaf data>, "member_salt": <hex>}:
    /// the member salt opens the leaf's commitment for whoever holds the document
    /// and opens nothing else.
    public func prove(_ id: EntryID) throws -> EntryProof {
        guard let event = try custody.state().entries[id.rawValue] else {
            throw LogError.unknownEvent("entry \(id.rawValue) has no seal event in the custody log")
        }
        guard let (leaves, log) = try custody.leafHashes(of: event.leaf.writer), let checkpoint = log.latestCheckpoint,
              let saltHex = event.details.entrySalt, let salt = CommitmentSalt(hex: saltHex) else {
            throw LogError.unknownEvent("the seal event of entry \(id.rawValue) cannot be proved")
        }
        let member = try metadata(id).content
        struct Extra: Encodable { var leaf: String; var memberSalt: String
            enum CodingKeys: String, CodingKey { case leaf, memberSalt = "member_salt" } }
        let extra = try JSONCoding.encode(Extra(leaf: String(decoding: event.leafData, as: UTF8.self),
                                                memberSalt: salt.memberSalt(member).hex), pretty: false)
        let hashes = Merkle.inclusionProof(index: event.position, leaves: leaves[...])
        return EntryProof(proof: TlogProof(extra: extra, index: event.position, hashes: hashes, checkpoint: checkpoint), leaf: event.leaf)
    }

    /// Checks that every device log named in `checkpoints` (concatenated signed
    /// checkpoints, as `evault checkpoint` writes them) is signed by this vault
    /// and that the current log extends it; returns the consistency proofs.
    public func checkConsistency(with checkpoints: String) throws -> ConsistencyReport {
        let notes = CheckpointFile.split(checkpoints)
        guard !notes.isEmpty else { throw LogError.badCheckpoint("no checkpoint found in the file") }
        let logs = try custody.logs()
        let prefix = "evault/\(vaultID)/"
        var text = ""
        var checked: [(String, Int, Int)] = []
        for note in notes {
            guard let origin = note.split(separator: "\n").first.map(String.init), origin.hasPrefix(prefix) else {
                throw LogError.badCheckpoint("it belongs to another vault or is not an evault checkpoint")
            }
            guard let old = keyrings.lazy.compactMap({ Checkpoint(note: note, origin: origin, publicKey: $0.signingKey.publicKey) }).first else {
                throw LogError.badCheckpoint("\(origin) is not signed by this vault's key")
            }
            let writer = String(origin.dropFirst(prefix.count))
            guard let log = logs[writer], let newNote = log.latestCheckpoint else {
                throw LogError.rolledBack(writer: writer, seen: old.size, found: 0)
            }
            if log.size < old.size { throw LogError.rolledBack(writer: writer, seen: old.size, found: log.size) }
            let leaves = log.leafHashes
            let proof = Merkle.consistencyProof(oldSize: old.size, leaves: leaves[...])
            guard Merkle.verifyConsistency(oldSize: old.size, oldRoot: old.root, newSize: log.size, newRoot: log.root, proof: proof) else {
                throw LogError.forked(writer: writer, size: old.size, what: "the checkpoint given")
            }
            text += ConsistencyProofFile(oldSize: old.size, hashes: proof, checkpoint: newNote).text
            checked.append((origin, old.size, log.size))
        }
        return ConsistencyReport(proofText: text, checked: checked)
    }
}

/// A file of signed checkpoints, one after another: a note's body lines never
/// start with an em dash, its signature lines always do, so each note ends
/// before the first line after its signatures.
public enum CheckpointFile {
    public static func split(_ text: String) -> [String] {
        var notes: [String] = []
        var current = ""
        var inSignatures = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if inSignatures && !line.hasPrefix(SignedNote.dash) {
                notes.append(current)
                current = ""
                inSignatures = false
            }
            if line.isEmpty && !current.isEmpty { inSignatures = true }
            current += line + "\n"
        }
        if !current.isEmpty { notes.append(current) }
        return notes
    }

    /// The checkpoints' texts without their signature lines: what a time-stamp covers.
    public static func unsignedText(_ text: String) -> String {
        split(text).compactMap(SignedNote.text(of:)).joined()
    }
}

/// evault's consistency-proof file (C2SP defines none): like tlog-proof@v1,
/// `evault-consistency@v1`, `old <size>`, the RFC 9162 consistency proof
/// hashes in base64, a blank line, then the newer signed checkpoint.
public struct ConsistencyProofFile: Sendable {
    public static let header = "evault-consistency@v1"
    public var oldSize: Int
    public var hashes: [Merkle.Hash]
    public var checkpoint: String

    public var text: String {
        var out = ConsistencyProofFile.header + "\nold \(oldSize)\n"
        for h in hashes { out += Base64.encode(h, padded: true) + "\n" }
        return out + "\n" + checkpoint
    }
}

extension Vault {
    /// Writes a new file meant to be handed out (a proof, a checkpoint): 0600,
    /// never replacing an existing file.
    public static func writePublicFile(_ bytes: [UInt8], to path: String) throws {
        if FileSystem.exists(path) { throw VaultError.outputExists(path: path) }
        try AtomicFile.write(bytes, to: path, replace: false)
    }
}
