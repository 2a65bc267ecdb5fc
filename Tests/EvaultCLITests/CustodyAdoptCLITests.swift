import Foundation
import Testing

/// Entries published but not logged (a crash between the entry and its log
/// segment) are adopted by the next writing command of the machine that wrote
/// them; entries that do not authenticate never are. And a log that arrives
/// out of order through a sync tool is read up to its gap, not refused.
///
/// The crash is real: debug builds honour `EVAULT_TEST_CRASH_AFTER_PUBLISH=1`,
/// which kills evault with SIGKILL right after an entry's file is published and
/// before any segment names it (the window a power cut can hit). A release
/// binary ignores the variable; the tests then say they were skipped.
@Suite("Custody log: adoption and out-of-order sync (CLI)")
struct CustodyAdoptCLITests {
    /// Seals `file` and dies right after publishing it; returns the new entry's id.
    static func crashedSeal(_ h: CLIHarness, _ file: String) throws -> String {
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: h.vault + "/entries"))
        let r = try h.run(["seal", file], environment: ["EVAULT_VAULT": h.vault, "EVAULT_KEYFILE": h.keyfile,
                                                        "EVAULT_TEST_CRASH_AFTER_PUBLISH": "1"])
        if r.status == 0 { try Skip.because("the evault binary is a release build: it has no crash hook (EVAULT_TEST_CRASH_AFTER_PUBLISH)") }
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: h.vault + "/entries"))
        let new = after.subtracting(before)
        #expect(new.count == 1, "the crashed seal published its entry: \(new)")
        return String(try #require(new.first).dropLast(4))
    }

    static func loggedEntries(_ h: CLIHarness) throws -> [String] {
        let lines = try JSONSerialization.jsonObject(with: try h.ok(["log", "--json"]).stdout) as? [[String: Any]] ?? []
        return lines.filter { ($0["kind"] as? String) == "seal" }.compactMap { $0["entry"] as? String }
    }

    @Test("an authentic entry a crash left unlogged is adopted by the next writing command; verify is clean after")
    func crashedSealIsAdopted() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["seal", try h.write("a.bin", "logged normally")])
        let id = try Self.crashedSeal(h, try h.write("b.bin", "published, then the power went"))
        let v = try h.run(["verify"])
        #expect(v.status != 0 && v.out.contains("entry \(id) is not in the custody log"), "\(v.out)")
        #expect(!(try Self.loggedEntries(h)).contains(id))

        try h.ok(["keep", "add", "Angela Merkel"])
        #expect(try Self.loggedEntries(h).filter { $0 == id }.count == 1, "adopted once, as a seal event")
        let clean = try h.run(["verify"])
        #expect(clean.status == 0, "\(clean.out)")
        #expect(String(decoding: try h.ok(["open", id, "-o", "-"]).stdout, as: UTF8.self) == "published, then the power went")
        // The adopted seal is provable like any other.
        try h.ok(["prove", id, "-o", h.directory.appendingPathComponent("b.proof").path])
        // Nothing is adopted twice.
        try h.ok(["keep", "add", "Olaf Scholz"])
        #expect(try Self.loggedEntries(h).filter { $0 == id }.count == 1)
    }

    @Test("an entry that does not authenticate is never adopted and stays reported; a foreign entry file is never adopted")
    func damagedEntryIsNotAdopted() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let id = try Self.crashedSeal(h, try h.write("b.bin", String(repeating: "evidence ", count: 2000)))
        // Damaged after the crash: a flipped byte in the middle of its payload.
        let path = h.vault + "/entries/\(id).age"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: path))
        // An entry file of another vault, authentic there, put here by hand.
        let other = try CLIHarness()
        defer { other.cleanUp() }
        try other.initVault()
        let foreign = String(try other.ok(["seal", try other.write("f.bin", "another vault's")]).out.prefix(10))
        try FileManager.default.copyItem(atPath: other.vault + "/entries/\(foreign).age", toPath: h.vault + "/entries/\(foreign).age")

        try h.ok(["keep", "add", "Angela Merkel"])
        let logged = try Self.loggedEntries(h)
        #expect(!logged.contains(id) && !logged.contains(foreign), "\(logged)")
        let v = try h.run(["verify"])
        #expect(v.status != 0)
        #expect(v.out.contains(id) && v.out.contains(foreign), "\(v.out)")
    }

    @Test("an entry that reached another laptop by sync is adopted by the laptop that wrote it, never by the other")
    func onlyTheWriterAdopts() throws {
        let a = try CLIHarness()
        defer { a.cleanUp() }
        try a.initVault()
        try a.ok(["seal", try a.write("a.bin", "before the split")])
        let b = try CustodySyncCLITests.secondLaptop(of: a)
        defer { b.cleanUp() }
        let id = try Self.crashedSeal(a, try a.write("c.bin", "crashed on laptop A"))
        try CustodySyncCLITests.sync(a.vault, b.vault, style: .newerWins)
        try b.ok(["keep", "add", "Emmanuel Macron"])
        #expect(!(try Self.loggedEntries(b)).contains(id), "laptop B must not claim A's entry")
        try a.ok(["keep", "add", "Olaf Scholz"])
        try CustodySyncCLITests.sync(a.vault, b.vault, style: .newerWins)
        for h in [a, b] {
            #expect(try Self.loggedEntries(h).filter { $0 == id }.count == 1)
            let v = try h.run(["verify"])
            #expect(v.status == 0, "\(v.out)")
        }
    }

    @Test("another device's log with a segment still on its way is read up to the gap; verify names the gap until it fills")
    func outOfOrderSegments() throws {
        let a = try CLIHarness()
        defer { a.cleanUp() }
        try a.initVault()
        try a.ok(["seal", try a.write("a.bin", "first")])
        let b = try CustodySyncCLITests.secondLaptop(of: a)
        defer { b.cleanUp() }
        try a.ok(["keep", "add", "Olaf Scholz"])
        try a.ok(["keep", "add", "Angela Merkel"])
        // B receives A's newest segment before the one in between (sync tools copy in any order).
        let segs = CustodyLogCLITests.segments(a.vault)
        let middle = try #require(segs.dropLast().last), newest = try #require(segs.last)
        for s in [newest] {
            let to = b.vault + s.dropFirst(a.vault.count)
            try FileManager.default.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: s, toPath: to)
        }
        #expect(try b.ok(["keep", "list"]).out == "", "only what precedes the gap is read")
        try b.ok(["keep", "add", "Emmanuel Macron"])
        let v = try b.run(["verify"])
        #expect(v.status != 0 && v.out.contains("missing segment") && v.out.contains("not yet synced"), "\(v.out)")
        try FileManager.default.copyItem(atPath: middle, toPath: b.vault + middle.dropFirst(a.vault.count))
        #expect(try b.ok(["keep", "list"]).out == "Angela Merkel\nEmmanuel Macron\nOlaf Scholz\n")
        let clean = try b.run(["verify"])
        #expect(clean.status == 0, "\(clean.out)")
        // Once seen, the same gap is a deleted segment: refused.
        try FileManager.default.removeItem(atPath: b.vault + middle.dropFirst(a.vault.count))
        try b.fails(["keep", "list"], containing: "missing segment")
    }
}
