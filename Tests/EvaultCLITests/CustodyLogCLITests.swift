import Foundation
import Testing

/// The custody log through the built binary: verify names lost entries, older
/// copies are refused, two laptops merge without loss, nothing names a person,
/// and proofs and checkpoints check with an independent implementation.
@Suite("Custody log (CLI)")
struct CustodyLogCLITests {
    static let recipient = "age10j437283zuy5rckf6tc6fctyzjccvemwr37xjeayxa5vtzevndmqsq7sxm"

    static func segments(_ vault: String) -> [String] {
        CLIHarness.allFiles(under: vault + "/log").filter { $0.hasSuffix(".age") }.sorted()
    }

    @Test("a deleted or emptied entry is named by verify after other commands; verify FILE reads the entry")
    func lostEntriesAreNamed() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let a = try h.write("a.bin", "first document")
        let b = try h.write("b.bin", "second document")
        let idA = String(try h.ok(["seal", a]).out.prefix(10))
        let idB = String(try h.ok(["seal", b]).out.prefix(10))
        try h.ok(["list"])
        try FileManager.default.removeItem(atPath: h.vault + "/entries/\(idA).age")
        try h.ok(["list"])
        try h.ok(["keep", "add", "Angela Merkel"])
        try h.ok(["seal", try h.write("c.bin", "third")])
        var r = try h.run(["verify"])
        #expect(r.status != 0)
        #expect(r.out.contains("entry \(idA) is named by the custody log but its file entries/\(idA).age is missing"))
        r = try h.run(["verify"])
        #expect(r.status != 0, "a second verify (index rebuilt) still names the missing entry")
        #expect(r.out.contains(idA))

        // Emptied: verify names it, and verify FILE does not print OK from the cache.
        try Data().write(to: URL(fileURLWithPath: h.vault + "/entries/\(idB).age"))
        let lookup = try h.run(["verify", b])
        #expect(lookup.status != 0)
        #expect(!lookup.out.contains("OK"))
        r = try h.run(["verify"])
        #expect(r.status != 0)
        #expect(r.out.contains("DAMAGED  \(idB)"))
    }

    @Test("an older copy of the vault folder, a truncated log and a gap in the log are refused")
    func rollbackRefused() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["keep", "add", "Angela Merkel"])
        let backup = h.directory.appendingPathComponent("backup").path
        try FileManager.default.copyItem(atPath: h.vault, toPath: backup)
        try h.ok(["keep", "remove", "Angela Merkel"])
        try h.ok(["seal", try h.write("a.bin", "a")])

        // The whole folder restored from the backup: the removal would come back.
        let current = h.directory.appendingPathComponent("current").path
        try FileManager.default.moveItem(atPath: h.vault, toPath: current)
        try FileManager.default.copyItem(atPath: backup, toPath: h.vault)
        try h.fails(["keep", "list"], containing: "went back from 3 to 1 events")
        try h.fails(["seal", try h.write("b.bin", "b")], containing: "went back")
        #expect(try h.run(["verify"]).status != 0)

        // A truncated log: the newest segment deleted.
        try FileManager.default.removeItem(atPath: h.vault)
        try FileManager.default.copyItem(atPath: current, toPath: h.vault)
        try h.ok(["keep", "list"])
        let segs = Self.segments(h.vault)
        try FileManager.default.removeItem(atPath: try #require(segs.last))
        try h.fails(["keep", "list"], containing: "went back")
        // A gap in the middle.
        try FileManager.default.removeItem(atPath: h.vault)
        try FileManager.default.copyItem(atPath: current, toPath: h.vault)
        try FileManager.default.removeItem(atPath: segs[1])
        try h.fails(["keep", "list"], containing: "missing segment 2")
        let v = try h.run(["verify"])
        #expect(v.status != 0)
        #expect(v.out.contains("missing segment 2"))

        let v2 = try h.run(["verify"])
        #expect(v2.status != 0)
    }

    @Test("a log rewritten with another authentic segment is refused as a fork")
    func forkRefused() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["keep", "add", "Angela Merkel"])
        let state = h.directory.appendingPathComponent(".local/state").path
        let backup = h.directory.appendingPathComponent("backup").path
        let stateBackup = h.directory.appendingPathComponent("state-backup").path
        try FileManager.default.copyItem(atPath: h.vault, toPath: backup)
        try FileManager.default.copyItem(atPath: state, toPath: stateBackup)
        try h.ok(["keep", "add", "Olaf Scholz"])
        let segment2 = try #require(Self.segments(h.vault).last)
        let version1 = try Data(contentsOf: URL(fileURLWithPath: segment2))
        // The machine and the folder restored together, then a different change.
        try FileManager.default.removeItem(atPath: h.vault)
        try FileManager.default.removeItem(atPath: state)
        try FileManager.default.copyItem(atPath: backup, toPath: h.vault)
        try FileManager.default.copyItem(atPath: stateBackup, toPath: state)
        try h.ok(["keep", "add", "Ursula von der Leyen"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: segment2)) != version1)
        // Now the first history comes back through a sync: same size, other root.
        try version1.write(to: URL(fileURLWithPath: segment2))
        try h.fails(["keep", "list"], containing: "forked log")
        let v = try h.run(["verify"])
        #expect(v.status != 0)
        #expect(v.out.contains("forked"))
    }
}
