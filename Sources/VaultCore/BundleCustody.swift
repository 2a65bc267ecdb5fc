import EvaultCrypto
import Foundation

/// The custody proof a bundle carries (`custody-proof.txt`, FORMAT.md §7): a
/// `c2sp.org/tlog-proof@v1` for the sender's own export event, whose leaf
/// commits to the bundle's `manifest.json` through a salted commitment, ending
/// in the sender's signed checkpoint. Its extra data is the JSON object
/// {"leaf": <leaf data>, "member_salt": <hex>}: the member salt opens the
/// commitment to the manifest the partner already holds, and nothing else.
public enum BundleCustody {
    /// The commitment member name of a manifest (the salt's derivation label).
    static let member = BundleMembers.manifest
    /// A proof is a few KiB; anything much larger is not one.
    static let maxLength = 64 * 1024

    /// What `inspect` reports about a bundle's custody proof.
    public enum Status: Equatable, Sendable {
        /// An older bundle, written before exports carried proofs.
        case absent
        /// The checkpoint is signed by the sender's key, the export event is in
        /// that log at `index`, and its leaf commits to this manifest.
        case verified(origin: String, treeSize: Int, index: Int, exportedAt: String)
    }

    struct Extra: Codable {
        var leaf: String
        var memberSalt: String
        enum CodingKeys: String, CodingKey { case leaf, memberSalt = "member_salt" }
    }

    /// The proof text for a logged export event.
    static func proofText(leafData: [UInt8], salt: CommitmentSalt, index: Int, hashes: [Merkle.Hash],
                          checkpoint: String) throws -> [UInt8] {
        let extra = try JSONCoding.encode(Extra(leaf: String(decoding: leafData, as: UTF8.self),
                                                memberSalt: salt.memberSalt(member).hex), pretty: false)
        return Array(TlogProof(extra: extra, index: index, hashes: hashes, checkpoint: checkpoint).text.utf8)
    }

    /// Checks a bundle's proof against its manifest and the key that signed the
    /// manifest; nil proof bytes: an older bundle. Throws one line on any failure.
    static func verify(_ proofBytes: [UInt8]?, manifest: [UInt8], senderKey: Ed25519.PublicKey) throws -> Status {
        guard let proofBytes else { return .absent }
        func refuse(_ why: String) -> ExportError { .badCustodyProof(why) }
        guard proofBytes.count <= maxLength, let text = String(validating: proofBytes, as: UTF8.self),
              let proof = TlogProof(text: text), let extraBytes = proof.extra,
              let extra = try? JSONCoding.decode(Extra.self, from: extraBytes),
              let salt = CommitmentSalt(hex: extra.memberSalt) else {
            throw refuse("it is not a tlog-proof with an evault export leaf")
        }
        let leafData = Array(extra.leaf.utf8)
        guard let leaf = try? JSONCoding.decode(EventLeaf.self, from: leafData), leaf.kind == .export,
              let commitmentHex = leaf.commitment, let commitment = Commitment(hex: commitmentHex) else {
            throw refuse("its leaf is not an export event")
        }
        guard commitment.opens(memberSalt: salt, sha256: SHA256Hasher.hash(manifest)) else {
            throw refuse("its export event commits to another manifest")
        }
        guard let unsigned = SignedNote.text(of: proof.checkpoint), let claimed = Checkpoint(text: unsigned) else {
            throw refuse("its checkpoint is malformed")
        }
        let parts = claimed.origin.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "evault", parts[2] == Substring(leaf.writer) else {
            throw refuse("its checkpoint is not the log of the device that made the export")
        }
        guard let checkpoint = Checkpoint(note: proof.checkpoint, origin: claimed.origin, publicKey: senderKey) else {
            throw refuse("its checkpoint is not signed by the sender's key")
        }
        guard proof.index < checkpoint.size,
              Merkle.verifyInclusion(leaf: Merkle.leafHash(leafData), index: proof.index, size: checkpoint.size,
                                     proof: proof.hashes, root: checkpoint.root) else {
            throw refuse("the export event is not in the signed log (inclusion proof fails)")
        }
        return .verified(origin: checkpoint.origin, treeSize: checkpoint.size, index: proof.index, exportedAt: leaf.at)
    }
}

extension Vault {
    /// Logs an export before its bundle exists: the event's leaf commits to the
    /// manifest under a fresh salt, kept (with the record) only in the encrypted
    /// details, which the salt also makes unguessable. Writes the event as its
    /// own segment at once and returns the bundle's custody proof.
    func recordExportEvent(_ record: ExportRecord, manifest: [UInt8], at: Date) throws -> [UInt8] {
        let salt = CommitmentSalt.random()
        let commitment = Commitment(memberSalt: salt.memberSalt(BundleCustody.member), sha256: SHA256Hasher.hash(manifest))
        var details = EventDetails()
        details.export = record
        details.entrySalt = salt.hex
        try custody.recordAndFlush(NewEvent(kind: .export, at: at, commitment: commitment.hex, details: details))
        let me = try custody.writer
        guard let log = try custody.logs()[me], let checkpoint = log.latestCheckpoint,
              let event = log.events.last(where: { $0.leaf.kind == .export && $0.leaf.commitment == commitment.hex }) else {
            throw LogError.unknownEvent("the export event just written is not in this device's log")
        }
        let hashes = Merkle.inclusionProof(index: event.position, leaves: log.leafHashes[...])
        return try BundleCustody.proofText(leafData: event.leafData, salt: salt, index: event.position,
                                           hashes: hashes, checkpoint: checkpoint)
    }
}
