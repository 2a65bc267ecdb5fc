import AgeFormat
import EvaultCrypto
import Testing
@testable import VaultCore

/// Personal keys, key slot names and contents, rotation statements: the pieces
/// of team vaults, through the library.
@Suite("Members and key slots")
struct MemberTests {
    @Test("a personal key file round-trips, names its member, and a changed name or line is refused")
    func personalKeyRoundTrip() throws {
        let key = try PersonalKey.generate(name: "alice")
        let text = key.encode(created: "2026-12-02T00:00:00Z")
        let back = try PersonalKey.decode(text, path: "alice.key")
        #expect(back.name == "alice")
        #expect(back.recipient.encoded == key.recipient.encoded)
        #expect(back.minisignPublicKey.base64 == key.minisignPublicKey.base64)
        // age reads it as an identity file with exactly one identity.
        #expect(try AgeIdentityFile.parse(text).count == 1)
        let plain = text.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        #expect(!plain.contains("PSEUDONYM"))
        let renamed = plain.replacingOccurrences(of: "member=alice", with: "member=bob")
        #expect(throws: VaultError.self) { try PersonalKey.decode(SecureBytes(copying: Array(renamed.utf8)), path: "x") }
        #expect(throws: MemberError.self) { try PersonalKey.generate(name: "two words") }
    }

    @Test("slot file names: generation 1, generation N with a key tag; conflict copies and others are not slots")
    func slotNames() throws {
        let k = Keyring.generate()
        let id = "0123456789abcdef"
        #expect(MemberSlot(fileName: "\(id).age")?.generation == 1)
        let g3 = MemberSlot(id: id, generation: 3, keyring: k)
        #expect(MemberSlot(fileName: g3.fileName) == g3)
        #expect(g3.fileName.hasPrefix("\(id).3.") && g3.fileName.count == id.count + ".3.".count + 8 + ".age".count)
        for bad in ["\(id).sync-conflict-20261202-130000-ABCDEFG.age", "\(id).1.abcdef01.age", "\(id).2.age",
                    "\(id).2.ABCDEF01.age", "short.age", "\(id).age.tmp", ".\(id).age"] {
            #expect(MemberSlot(fileName: bad) == nil, "\(bad)")
        }
    }

    @Test("a slot holds every generation, newest first, and opens only with the member's identity")
    func slotContents() throws {
        let old = Keyring.generate(), new = Keyring.generate()
        let member = try PersonalKey.generate(name: "alice")
        let sealed = try MemberSlot.seal(MemberSlot.plaintext([new, old], created: "2026-12-02T00:00:00Z"), to: member.recipient)
        let opened = try #require(try MemberSlot.open(sealed, identity: member.identity, name: "slot"))
        let keyrings = try MemberSlot.keyrings(from: opened, name: "slot")
        #expect(keyrings.map(\.recipient.encoded) == [new.recipient.encoded, old.recipient.encoded])
        // Both identities are there for age: `age -d -i` of the slot's plaintext opens old and new files.
        #expect(try AgeIdentityFile.parse(opened).count == 2)
        #expect(try MemberSlot.open(sealed, identity: AgeX25519Identity.generate(), name: "slot") == nil)
    }

    @Test("a rotation statement verifies with the previous key only, and names exactly the new keys")
    func rotationStatement() throws {
        let old = Keyring.generate(), new = Keyring.generate()
        var r = KeyRotation(vaultID: "00112233aabbccdd", generation: 2, new: new, signedBy: old)
        #expect(r.verifies(vaultID: "00112233aabbccdd", previous: old.signingKey.publicKey))
        #expect(!r.verifies(vaultID: "00112233aabbccdd", previous: new.signingKey.publicKey))
        #expect(!r.verifies(vaultID: "ffffffffffffffff", previous: old.signingKey.publicKey))
        r.minisignPublicKey = Keyring.generate().minisignPublicKey.base64
        #expect(!r.verifies(vaultID: "00112233aabbccdd", previous: old.signingKey.publicKey))
    }
}
