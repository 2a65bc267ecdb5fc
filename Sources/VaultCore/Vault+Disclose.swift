import AgeFormat
import EvaultCrypto
import Foundation
import TarFormat

/// What to disclose, and to whom.
public struct DisclosureRequest: Sendable {
    public var entry: EntryID
    public var member: SealedMember = .original
    public var partner: String
    public var output: String
    public var overwrite = false
    public var now = Date()

    public init(entry: EntryID, partner: String, output: String) {
        self.entry = entry
        self.partner = partner
        self.output = output
    }
}

extension Vault {
    /// Opens one commitment for one partner: writes an age file to the partner
    /// holding `disclosure.json` (entry, member, member salt s_M, SHA-256) and its
    /// minisign signature. The partner checks it against the manifest it holds.
    /// Only that member's salt leaves: no other commitment of the entry opens.
    @discardableResult
    public func disclose(_ request: DisclosureRequest) throws -> Disclosure {
        let partner = try partner(named: request.partner)
        let recipient = try partner.recipient()
        if !request.overwrite && FileSystem.exists(request.output) { throw VaultError.outputExists(path: request.output) }
        let entry = try sealedEntry(request.entry)
        guard entry.metadata.salt != nil else { throw DisclosureError.predatesCommitments(entry.metadata.id) }
        guard let salt = entry.memberSalt(request.member), let digest = entry.digest(request.member),
              let commitment = entry.commitment(request.member) else {
            throw DisclosureError.noSuchMember(entry.metadata.id, request.member.rawValue)
        }
        let signer = keyring.signer
        let at = Timestamp.format(request.now)
        let disclosure = Disclosure(
            disclosedAt: at, sender: .init(minisignPublicKey: signer.publicKey.base64, keyID: signer.publicKey.keyIDHex),
            to: [partner.name], entry: entry.metadata.id, member: request.member, memberSalt: salt.hex,
            sha256: digest.hex, commitment: commitment.hex)
        let json = try JSONCoding.encode(disclosure) + [UInt8(ascii: "\n")]
        let signature = signer.sign(
            message: json,
            trustedComment: "evault disclosure signed by minisign key \(signer.publicKey.keyIDHex) (\(signer.publicKey.base64)) at \(at)")

        let file = try AtomicFile(finalPath: request.output)
        let age = try AgeWriter(recipients: [recipient], output: file.stream)
        let tar = TarWriter(write: { try age.write($0) })
        let mtime = Int64(request.now.timeIntervalSince1970)
        do {
            try tar.addFile(name: DisclosureMembers.json, contents: json, mode: 0o600, modificationTime: mtime)
            try tar.addFile(name: DisclosureMembers.signature, contents: Array(signature.utf8), mode: 0o600, modificationTime: mtime)
            try tar.finish()
            try age.close()
        } catch {
            throw VaultError.cannotWrite(path: request.output, reason: "\(error)")
        }
        // Logged before the file is linked: a disclosure never exists unrecorded.
        try recordDisclosure(DisclosureRecord(entry: entry.metadata.id, member: request.member.rawValue, partner: partner.name,
                                              disclosedAt: at, fileSHA256: SHA256Hasher.hash(json).hex),
                             commitment: commitment, at: request.now)
        try file.commit(replace: request.overwrite)
        return disclosure
    }

    /// A `disclosure` event: its leaf names the entry and the commitment opened
    /// (both already in the partner's manifest); who received it stays in the
    /// encrypted details, with a random blind so that the salted details digest
    /// in the leaf cannot be confirmed by guessing them.
    func recordDisclosure(_ record: DisclosureRecord, commitment: Commitment, at: Date) throws {
        var details = EventDetails()
        details.disclosure = record
        details.entrySalt = CommitmentSalt.random().hex
        try custody.record(NewEvent(kind: .disclosure, at: at, entry: record.entry, commitment: commitment.hex, details: details))
    }

    /// Every disclosure made from this vault, oldest first in log order.
    public func disclosureRecords() throws -> [DisclosureRecord] {
        try custody.logs().values.flatMap(\.events).sorted { $0.orderKey < $1.orderKey }.compactMap(\.details.disclosure)
    }
}

/// One disclosure as the custody log records it.
public struct DisclosureRecord: Codable, Equatable, Sendable {
    public var entry: String
    public var member: String
    public var partner: String
    public var disclosedAt: String
    /// SHA-256 of the signed disclosure.json sent (the partner holds it).
    public var fileSHA256: String

    enum CodingKeys: String, CodingKey {
        case entry, member, partner
        case disclosedAt = "disclosed_at", fileSHA256 = "file_sha256"
    }
}
