import Foundation
import Testing

/// Two laptops sharing one vault folder through a sync tool, and a format-1
/// vault upgraded in place.
@Suite("Custody log: sync and migration (CLI)")
struct CustodySyncCLITests {
    enum Style { case newerWins, syncthing }

    /// Merges two copies of a folder both ways, as sync tools do: files only on
    /// one side are copied over; a file that differs keeps the newer content on
    /// both sides, and Syncthing also keeps the other as a conflict copy.
    static func sync(_ a: String, _ b: String, style: Style) throws {
        let fm = FileManager.default
        func files(_ root: String) -> Set<String> {
            Set(CLIHarness.allFiles(under: root).map { String($0.dropFirst(root.count + 1)) }.filter { $0 != "lock" })
        }
        for rel in files(a).union(files(b)).sorted() {
            let pa = a + "/" + rel, pb = b + "/" + rel
            let da = fm.contents(atPath: pa), db = fm.contents(atPath: pb)
            if da == db { continue }
            guard let da, let db else {
                let (from, to) = da == nil ? (pb, pa) : (pa, pb)
                try fm.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try fm.copyItem(atPath: from, toPath: to)
                continue
            }
            let ma = (try fm.attributesOfItem(atPath: pa)[.modificationDate] as? Date) ?? .distantPast
            let mb = (try fm.attributesOfItem(atPath: pb)[.modificationDate] as? Date) ?? .distantPast
            let (winner, loser) = mb > ma ? (db, da) : (da, db)
            try winner.write(to: URL(fileURLWithPath: pa))
            try winner.write(to: URL(fileURLWithPath: pb))
            if style == .syncthing {
                let ext = (rel as NSString).pathExtension
                let base = (rel as NSString).deletingPathExtension
                let copy = base + ".sync-conflict-20261202-130000-ABCDEFG" + (ext.isEmpty ? "" : "." + ext)
                try loser.write(to: URL(fileURLWithPath: a + "/" + copy))
                try loser.write(to: URL(fileURLWithPath: b + "/" + copy))
            }
        }
    }

    static func secondLaptop(of h: CLIHarness) throws -> CLIHarness {
        let b = try CLIHarness()
        try FileManager.default.copyItem(atPath: h.vault, toPath: b.vault)
        if FileManager.default.fileExists(atPath: h.keyfile) { try FileManager.default.copyItem(atPath: h.keyfile, toPath: b.keyfile) }
        return b
    }

    static func note(_ h: CLIHarness, _ text: String, witness: String) throws -> String {
        String(try h.ok(["seal", "--note", "-", "--witness", witness], stdin: Data(text.utf8)).out.prefix(10))
    }

    @Test("two laptops merged (newer wins, or Syncthing conflict copies) keep every entry, keep name, partner and export", arguments: [Style.newerWins, .syncthing])
    func twoLaptopsLoseNothing(style: Style) throws {
        let a = try CLIHarness()
        defer { a.cleanUp() }
        try a.initVault()
        try a.ok(["seal", try a.write("shared.bin", "before the split")])
        try a.ok(["keep", "add", "Angela Merkel"])
        let b = try Self.secondLaptop(of: a)
        defer { b.cleanUp() }

        let noteA = try Self.note(a, "Maria Lopez saw the convoy at the bridge.", witness: "Maria Lopez")
        try a.ok(["seal", try a.write("a.bin", "laptop A document")])
        try a.ok(["keep", "add", "Olaf Scholz"])
        try a.ok(["keep", "remove", "Angela Merkel"])
        try a.ok(["partner", "add", "newsroom", "--age", CustodyLogCLITests.recipient])
        try a.ok(["export", "--to", "newsroom", "-o", a.directory.appendingPathComponent("a-bundle.age").path, noteA])

        let noteB = try Self.note(b, "Maria Lopez also spoke to the driver.", witness: "Maria Lopez")
        try b.ok(["seal", try b.write("b.bin", "laptop B document")])
        try b.ok(["keep", "add", "Emmanuel Macron"])
        // B removes and adds again, concurrently with A's removal: removal wins.
        try b.ok(["keep", "remove", "Angela Merkel"])
        try b.ok(["keep", "add", "Angela Merkel"])
        try b.ok(["partner", "add", "ngo", "--age", CustodyLogCLITests.recipient])
        try b.ok(["export", "--to", "ngo", "-o", b.directory.appendingPathComponent("b-bundle.age").path, noteB])

        try Self.sync(a.vault, b.vault, style: style)
        for h in [a, b] {
            let entries = try h.listJSON()
            #expect(entries.count == 5, "every entry of both laptops")
            #expect(try h.ok(["keep", "list"]).out == "Emmanuel Macron\nOlaf Scholz\n")
            let partners = try h.ok(["partner", "list"]).out
            #expect(partners.contains("newsroom") && partners.contains("ngo"))
            let exports = try h.ok(["exports", "--json"]).stdout
            #expect((try JSONSerialization.jsonObject(with: exports) as? [Any])?.count == 2)
            let witnesses = Set(entries.compactMap { $0["witness"] as? String })
            #expect(witnesses.count == 1, "the same person declared on two laptops has one pseudonym: \(witnesses)")
            let v = try h.run(["verify"])
            #expect(v.status == 0, "verify after merge: \(v.out)")
            #expect(v.out.contains("from 2 devices"))
        }
        #expect(try a.ok(["who", "Maria Lopez"]).out == (try b.ok(["who", "Maria Lopez"]).out))
        let leftovers = CLIHarness.allFiles(under: a.vault).filter { $0.contains("sync-conflict") }
        #expect(leftovers.isEmpty, "conflict copies of the index are merged away: \(leftovers)")
    }

    @Test("after two different passphrase changes and a sync, either passphrase unlocks on both laptops")
    func passphrasesSurviveSync() throws {
        let a = try CLIHarness()
        defer { a.cleanUp() }
        let pass = try a.write("pass.txt", "the first passphrase\n")
        let env = ["EVAULT_VAULT": a.vault]
        #expect(try a.run(["init", "--passphrase-file", pass, "--work-factor", "10"], environment: env).status == 0)
        #expect(try a.run(["seal", try a.write("a.bin", "a"), "--passphrase-file", pass], environment: env).status == 0)
        let b = try Self.secondLaptop(of: a)
        defer { b.cleanUp() }
        let envB = ["EVAULT_VAULT": b.vault]
        let passA = try a.write("pa.txt", "laptop A new passphrase\n")
        let passB = try b.write("pb.txt", "laptop B new passphrase\n")
        let oldB = try b.write("pass.txt", "the first passphrase\n")
        #expect(try a.run(["keys", "passwd", "--passphrase-file", pass, "--new-passphrase-file", passA, "--work-factor", "10"], environment: env).status == 0)
        let r = try b.run(["keys", "passwd", "--passphrase-file", oldB, "--new-passphrase-file", passB, "--work-factor", "10"], environment: envB)
        #expect(r.status == 0, "\(r.stderr)")
        try Self.sync(a.vault, b.vault, style: .newerWins)
        for (h, e) in [(a, env), (b, envB)] {
            let pa = try h.write("pa.txt", "laptop A new passphrase\n")
            let pb = try h.write("pb.txt", "laptop B new passphrase\n")
            let old = try h.write("pass.txt", "the first passphrase\n")
            #expect(try h.run(["list", "--passphrase-file", pa], environment: e).status == 0)
            #expect(try h.run(["list", "--passphrase-file", pb], environment: e).status == 0)
            #expect(try h.run(["list", "--passphrase-file", old], environment: e).status != 0)
            #expect(try h.run(["verify", "--passphrase-file", pa], environment: e).status == 0)
        }
    }

    @Test("a format-1 vault is upgraded once, losing nothing")
    func migratesFormat1() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        let fixture = CLIHarness.packageRoot.appendingPathComponent("Tests/EvaultCLITests/Fixtures/format1").path
        try FileManager.default.copyItem(atPath: fixture + "/vault", toPath: h.vault)
        try FileManager.default.copyItem(atPath: fixture + "/format1.key", toPath: h.keyfile)
        chmod(h.keyfile, 0o600)
        #expect(try String(contentsOfFile: h.vault + "/EVAULT", encoding: .utf8).contains("format: 1"))

        let ids = Set(try h.listJSON().compactMap { $0["id"] as? String })
        #expect(ids == ["45ygyg48zk", "sxhww8qszz", "fj93mqq2k7"])
        #expect(try String(contentsOfFile: h.vault + "/EVAULT", encoding: .utf8).contains("format: 2"))
        #expect(!FileManager.default.fileExists(atPath: h.vault + "/state"))
        #expect(CustodyLogCLITests.segments(h.vault).count == 1)
        #expect(try h.ok(["keep", "list"]).out == "Angela Merkel\nOlaf Scholz\n")
        #expect(try h.ok(["partner", "list"]).out.contains("newsroom  age10j437283zuy5rckf6tc6fctyzjccvemwr37xjeayxa5vtzevndmqsq7sxm"))
        let exports = try h.ok(["exports"]).out
        #expect(exports.contains("to newsroom  1 entry") && exports.contains("fj93mqq2k7"))
        #expect(try h.ok(["who", "Maria Lopez"]).out == "Person open-cod\n")
        let again = try Self.note(h, "Maria Lopez came back.", witness: "Maria Lopez")
        #expect(try h.ok(["show", again]).out.contains("Witness open-cod"))
        let v = try h.ok(["verify"])
        #expect(v.out.contains("4 entries verified, 0 damaged"))
        let log = try h.ok(["log"]).out
        #expect(log.contains("migration"))
        #expect(log.components(separatedBy: "seal").count - 1 == 4, "three migrated entries and the new note")
        #expect(log.contains("import") == false)
    }
}
