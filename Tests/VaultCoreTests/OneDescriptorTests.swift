import EvaultCrypto
import Foundation
import Testing
@testable import VaultCore

/// `open` authenticates an entry and releases its content from the same open
/// file: whatever happens to the path after the tag was checked, nothing that
/// did not authenticate is released.
@Suite("One descriptor, end to end")
struct OneDescriptorTests {
    static func sealed(_ vault: Vault, _ dir: String, _ name: String, _ bytes: [UInt8]) throws -> EntryID {
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try vault.resolve(try vault.sealDocument(at: path, options: SealOptions()).id)
    }

    @Test("another entry renamed over the path after authentication: the authenticated one is released")
    func swappedFile() throws {
        let (vault, dir) = try VaultRoundTripTests.makeVault()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = randomBytes(200_000)
        let a = try Self.sealed(vault, dir, "a.bin", original)
        let b = try Self.sealed(vault, dir, "b.bin", randomBytes(200_000))
        let (reader, summary) = try vault.authenticatedReader(a)
        #expect(rename(vault.layout.entry(b), vault.layout.entry(a)) == 0)
        let sink = MemorySink()
        _ = try vault.release(reader, summary: summary, redacted: false, to: .stream(sink), checkingDigest: true)
        #expect(sink.bytes == original)
    }

    @Test("the file changed in place after authentication: nothing forged reaches a file, the stream fails")
    func changedInPlace() throws {
        let (vault, dir) = try VaultRoundTripTests.makeVault()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try Self.sealed(vault, dir, "a.bin", randomBytes(300_000))
        let path = vault.layout.entry(a)

        // Flip a byte in the second chunk, after the tag was checked.
        let (reader, summary) = try vault.authenticatedReader(a)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 200 + 65536 + 100)
        let byte = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: 200 + 65536 + 100)
        try handle.write(contentsOf: Data([byte[0] ^ 0xFF]))
        try handle.close()

        let out = dir + "/out.bin"
        #expect(throws: VaultError.self) {
            try vault.release(reader, summary: summary, redacted: false, to: .file(path: out, overwrite: false))
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !$0.hasPrefix(".evault-") })
    }

    @Test("--atomic releases nothing from a damaged entry; a plain stream stops at the damage")
    func atomicStream() throws {
        let (vault, dir) = try VaultRoundTripTests.makeVault()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = randomBytes(300_000)
        let a = try Self.sealed(vault, dir, "a.bin", bytes)
        let (reader, summary) = try vault.authenticatedReader(a)
        let handle = try #require(FileHandle(forUpdatingAtPath: vault.layout.entry(a)))
        try handle.seek(toOffset: 200 + 3 * 65536)
        try handle.write(contentsOf: Data(repeating: 0, count: 64))
        try handle.close()
        let atomic = MemorySink()
        #expect(throws: VaultError.self) {
            try vault.release(reader, summary: summary, redacted: false, to: .stream(atomic), atomic: true)
        }
        #expect(atomic.bytes.isEmpty)
        let streamed = MemorySink()
        #expect(throws: VaultError.self) { try vault.open(a, to: .stream(streamed)) }
        #expect(streamed.bytes.count < bytes.count)
        #expect(Array(bytes.prefix(streamed.bytes.count)) == streamed.bytes)
    }

    @Test("two entries with one name in one folder get distinct names")
    func distinctNames() throws {
        let path = "/d/report.pdf"
        #expect(OpenNaming.distinct(path, avoiding: []) == path)
        #expect(OpenNaming.distinct(path, avoiding: [path]) == "/d/report-2.pdf")
        #expect(OpenNaming.distinct(path, avoiding: [path, "/d/report-2.pdf"]) == "/d/report-3.pdf")
        #expect(OpenNaming.distinct("/d/README", avoiding: ["/d/README"]) == "/d/README-2")
    }
}
