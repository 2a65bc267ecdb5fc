import EvaultCrypto
import Foundation
import Testing
@testable import VaultCore

@Suite("Key file")
struct KeyFileTests {
    @Test func roundTrips() throws {
        let keyring = Keyring.generate()
        let text = KeyFile.encode(keyring, created: "2026-11-21T00:00:00Z")
        let back = try KeyFile.decode(text, path: "k")
        #expect(back.recipient == keyring.recipient)
        #expect(back.signingKey.publicKey == keyring.signingKey.publicKey)
        #expect(back.pseudonymKey.constantTimeEquals(keyring.pseudonymKey))
    }

    @Test func refusesMissingOrForeignLines() throws {
        let keyring = Keyring.generate()
        let text = KeyFile.encode(keyring, created: "x").withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let withoutPseudonym = text.split(separator: "\n").filter { !$0.contains("PSEUDONYM") }.joined(separator: "\n")
        #expect(throws: VaultError.self) { try KeyFile.decode(SecureBytes(copying: Array(withoutPseudonym.utf8)), path: "k") }
        let mangled = text.replacingOccurrences(of: "# EVAULT-SIGNING-KEY-1", with: "# EVAULT-SIGNING-KEY-1Q")
        #expect(throws: VaultError.self) { try KeyFile.decode(SecureBytes(copying: Array(mangled.utf8)), path: "k") }
    }

    @Test("format 2: the binding names the vault and member, and any change to it or to a secret is refused")
    func binding() throws {
        let keyring = Keyring.generate()
        let text = KeyFile.encode(keyring, created: "x").withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let decoded = try KeyFile.decodeChecked(SecureBytes(copying: Array(text.utf8)), path: "k")
        #expect(decoded.binding?.member == "owner")
        #expect(decoded.binding?.vaultID == VaultID(recipient: keyring.recipient.encoded))
        func refused(_ changed: String) -> Bool {
            (try? KeyFile.decodeChecked(SecureBytes(copying: Array(changed.utf8)), path: "k")) == nil
        }
        #expect(refused(text.replacingOccurrences(of: "member=owner", with: "member=alice")))
        let other = Keyring.generate()
        let otherText = KeyFile.encode(other, created: "x").withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let otherBinding = try #require(otherText.split(separator: "\n").first { $0.hasPrefix("# EVAULT-BINDING-2") })
        let mine = try #require(text.split(separator: "\n").first { $0.hasPrefix("# EVAULT-BINDING-2") })
        #expect(refused(text.replacingOccurrences(of: mine, with: otherBinding)))
        for prefix in ["# EVAULT-SIGNING-KEY-1", "# EVAULT-PSEUDONYM-KEY-1", "AGE-SECRET-KEY-1"] {
            let theirs = try #require(otherText.split(separator: "\n").first { $0.hasPrefix(prefix) })
            let ours = try #require(text.split(separator: "\n").first { $0.hasPrefix(prefix) })
            #expect(refused(text.replacingOccurrences(of: ours, with: theirs)), "\(prefix) spliced")
        }
        #expect(refused(text + String(mine) + "\n"))
        // Format 1 (no binding) is still read.
        let format1 = text.split(separator: "\n").filter { !$0.hasPrefix("# EVAULT-BINDING-2") }.joined(separator: "\n")
        #expect(try KeyFile.decodeChecked(SecureBytes(copying: Array(format1.utf8)), path: "k").binding == nil)
    }

    @Test func refusesExampleKeys() throws {
        let example = try String(contentsOfFile: CLIPaths.root + "/keys.example", encoding: .utf8)
        #expect(throws: VaultError.exampleKeys(path: "keys.example")) {
            try KeyFile.decode(SecureBytes(copying: Array(example.utf8)), path: "keys.example")
        }
    }
}

enum CLIPaths {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()
}
