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
