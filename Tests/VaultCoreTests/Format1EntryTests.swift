import AgeFormat
import EvaultCrypto
import Foundation
import TarFormat
import Testing
@testable import VaultCore

/// Entries sealed before commitments and padding (`evault-entry/1`) stay
/// readable; exported, they carry no commitment, and disclose refuses them.
@Suite("format-1 entries")
struct Format1EntryTests {
    /// Writes an unpadded format-1 note entry exactly as evault 1 did.
    static func writeFormat1Note(_ vault: Vault, text: String) throws -> EntryID {
        let id = EntryID.random()
        let content = Array(text.utf8)
        let metadata = EntryMetadata(id: id.rawValue, kind: .note, sealedAt: "2026-01-02T03:04:05Z", name: nil, title: nil,
                                     tags: [], mediaType: "text/plain; charset=utf-8", size: Int64(content.count),
                                     content: EntryMembers.note, redacted: nil, pseudonyms: [], redactions: [:],
                                     witness: nil, origin: nil)
        var json = try JSONCoding.encode(metadata)
        json = Array(String(decoding: json, as: UTF8.self).replacingOccurrences(of: "evault-entry/2", with: "evault-entry/1").utf8)
        let sums = Array("\(SHA256Hasher.hash(content).hex)  \(EntryMembers.note)\n".utf8)
        let sink = MemorySink()
        let age = try AgeWriter(recipients: [vault.keyring.recipient], output: sink)
        let tar = TarWriter(write: { try age.write($0) })
        try tar.addFile(name: "\(id.rawValue)/metadata.json", contents: json, mode: 0o600)
        try tar.addFile(name: "\(id.rawValue)/note.txt", contents: content, mode: 0o600)
        try tar.addFile(name: "\(id.rawValue)/SHA256SUMS", contents: sums, mode: 0o600)
        let tag = Authenticator(keyring: vault.keyring).entryTag(id: id, metadata: json, checksums: sums)
        try tar.addFile(name: "\(id.rawValue)/evault.mac", contents: Authenticator.entryMACFile(tag), mode: 0o600)
        try tar.finish()
        try age.close()
        try Data(sink.bytes).write(to: URL(fileURLWithPath: vault.layout.entry(id)))
        return id
    }

    @Test func exportedWithoutCommitmentAndNotDisclosable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("evault-f1-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let vault = try Vault.create(at: dir + "/vault", protection: .keyFile(path: dir + "/key"))
        let id = try Self.writeFormat1Note(vault, text: "An old note, sealed by evault 1.")
        let entry = try vault.sealedEntry(id)
        #expect(entry.metadata.format == "evault-entry/1" && entry.metadata.salt == nil)
        #expect(try vault.summaries().entries.map(\.id) == [id.rawValue])
        #expect(try vault.verifyAll().damaged.isEmpty)

        let partner = AgeX25519Identity.generate()
        try vault.addPartner(name: "ngo", ageRecipient: partner.recipient.encoded, minisignPublicKey: nil)
        let receipt = try vault.export(ExportRequest(entries: [id], partners: ["ngo"], output: dir + "/b.age"))
        let exported = try #require(receipt.manifest.entries.first)
        #expect(exported.commitment == nil && exported.commitments == nil)
        #expect(throws: DisclosureError.predatesCommitments(id.rawValue)) {
            try vault.disclose(DisclosureRequest(entry: id, partner: "ngo", output: dir + "/d.age"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/d.age"))

        // A new entry is format 2: salted and padded.
        let receipt2 = try vault.sealNote("A new note.", options: SealOptions())
        let fresh = try vault.sealedEntry(try #require(EntryID(receipt2.id)))
        #expect(fresh.metadata.format == EntryMetadata.currentFormat && fresh.metadata.salt != nil)
        #expect(fresh.commitment(.original) != nil)
    }
}
