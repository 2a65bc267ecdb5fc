import EvaultCrypto
import Foundation
import Testing
@testable import VaultCore

/// Seal and open through the public API, at sizes around every boundary that
/// matters: age's 64 KiB chunks, tar's 512-byte blocks, the copier's 1 MiB blocks.
@Suite("Vault round trips")
struct VaultRoundTripTests {
    static func makeVault() throws -> (Vault, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("evault-core-\(UUID().uuidString)").path
        let vault = try Vault.create(at: dir + "/vault", protection: .keyFile(path: dir + "/key"))
        return (vault, dir)
    }

    @Test(arguments: [0, 1, 511, 512, 513, 65535, 65536, 65537, 3 * 65536 - 700, (1 << 20) - 1, (1 << 20) + 1, 2 * (1 << 20) + 65536])
    func documentRoundTrip(size: Int) throws {
        let (vault, dir) = try Self.makeVault()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = randomBytes(size)
        let path = dir + "/doc.bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let receipt = try vault.sealDocument(at: path, options: SealOptions())
        #expect(receipt.sha256 == SHA256Hasher.hash(bytes).hex)
        #expect(receipt.size == Int64(size))
        let sink = MemorySink()
        let metadata = try vault.open(try vault.resolve(receipt.id), to: .stream(sink)).metadata
        #expect(sink.bytes == bytes)
        #expect(metadata.name == "doc.bin")
        // The summary read from the first and last chunks agrees with the full verification.
        let id = try vault.resolve(receipt.id)
        let fromTail = try EntryReader(vault: vault, id: id).readSummary()
        #expect(try vault.verifyEntry(id) == fromTail)
        #expect(fromTail.sha256 == receipt.sha256)
    }

    @Test func digestLookupAndReopen() throws {
        let (vault, dir) = try Self.makeVault()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a.txt"
        try Data("a plain note about nothing".utf8).write(to: URL(fileURLWithPath: path))
        let receipt = try vault.sealDocument(at: path, options: SealOptions())
        let digest = try #require(SHA256Digest(hex: receipt.sha256))
        #expect(try vault.entries(matching: digest).map(\.id) == [receipt.id])
        #expect(try vault.entries(matching: SHA256Hasher.hash([1, 2, 3])).isEmpty)
        // Unlocking again with the key file gives the same keys.
        let again = try LockedVault(path: dir + "/vault").unlock(.keyFile(path: dir + "/key"))
        #expect(again.keyring.recipient == vault.keyring.recipient)
        #expect(try again.summaries().entries.count == 1)
    }
}
