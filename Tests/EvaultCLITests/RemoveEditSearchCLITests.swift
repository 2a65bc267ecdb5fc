import Foundation
import Testing

/// `rm`, `edit` and `search` through the built binary.
@Suite("evault rm, edit and search")
struct RemoveEditSearchCLITests {
    static func json(_ r: CLIHarness.Result) throws -> Any {
        try JSONSerialization.jsonObject(with: r.stdout, options: [.fragmentsAllowed])
    }

    static func id(sealing path: String, _ h: CLIHarness, _ extra: [String] = []) throws -> String {
        let sealed = try #require(try json(try h.ok(["seal", path, "--json"] + extra)) as? [[String: Any]])
        return try #require(sealed.first?["id"] as? String)
    }

    @Test("rm removes the file, logs a deletion; verify reports it as a deletion and exits 0; a file synced back is removed again")
    func removeThenVerify() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let keep = try Self.id(sealing: try h.write("keep.txt", "stays"), h)
        let gone = try Self.id(sealing: try h.write("gone.txt", "goes"), h, ["--title", "Second report"])
        let entryFile = h.vault + "/entries/\(gone).age"
        let syncedCopy = try Data(contentsOf: URL(fileURLWithPath: entryFile))

        // Piped and without --yes: refused in one line, nothing deleted.
        try h.fails(["rm", gone], containing: "--yes")
        #expect(FileManager.default.fileExists(atPath: entryFile))

        let r = try h.ok(["rm", gone, "--yes"])
        #expect(r.out.contains("deleted \(gone)") && r.out.contains("Second report"))
        #expect(r.stderr.contains("Copies elsewhere survive") && r.stderr.contains("exports already sent") && r.stderr.contains("backups"))
        #expect(!FileManager.default.fileExists(atPath: entryFile))
        #expect(try h.listJSON().compactMap { $0["id"] as? String } == [keep])

        let verified = try h.run(["verify"])
        #expect(verified.status == 0, "\(verified.out) \(verified.stderr)")
        #expect(verified.out.contains("DELETED  \(gone)  deleted by rm on ") && verified.out.contains(" from device "), "\(verified.out)")
        #expect(!verified.out.contains("missing") && !verified.out.contains("DAMAGED"), "\(verified.out)")
        #expect(verified.out.contains("1 entries verified, 0 damaged, 1 deleted"), "\(verified.out)")

        // The log names the entry and nothing else about it.
        let log = try #require(try Self.json(try h.ok(["log", "--json"])) as? [[String: Any]])
        let deletion = try #require(log.first { $0["kind"] as? String == "deletion" })
        #expect(deletion["entry"] as? String == gone)
        #expect(!String(decoding: try JSONSerialization.data(withJSONObject: log), as: UTF8.self).contains("Second report"))

        // Deleting it again, or a typo: one line each.
        try h.fails(["rm", gone, "--yes"], containing: "already deleted by rm on")
        try h.fails(["rm", "zzzzzzzzzz", "--yes"], containing: "no entry with id zzzzzzzzzz")

        // A laptop that had not seen the deletion syncs the file back: hidden, then removed by verify.
        try syncedCopy.write(to: URL(fileURLWithPath: entryFile))
        #expect(try h.listJSON().compactMap { $0["id"] as? String } == [keep])
        let again = try h.run(["verify", "--json"])
        #expect(again.status == 0, "\(again.out) \(again.stderr)")
        let report = try #require(try Self.json(again) as? [String: Any])
        #expect((report["returned"] as? [[String: Any]])?.first?["id"] as? String == gone)
        #expect((report["deleted"] as? [[String: Any]])?.first?["id"] as? String == gone)
        #expect(report["ok"] as? Bool == true)
        #expect(!FileManager.default.fileExists(atPath: entryFile))
    }

    @Test("rm: an ambiguous prefix and several ids; nothing is deleted when one id is bad")
    func removeAmbiguous() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        // 33 entries over a 32-letter alphabet: two share a first letter.
        let files = try (0..<33).map { try h.write("f\($0).txt", "document \($0)") }
        try h.ok(["seal"] + files)
        let ids = try h.listJSON().compactMap { $0["id"] as? String }
        let shared = try #require(Dictionary(grouping: ids, by: { $0.prefix(1) }).first { $0.value.count > 1 }?.key)
        try h.fails(["rm", String(shared), "--yes"], containing: "matches")
        try h.fails(["rm", ids[0], "zzzzzzzzzz", "--yes"], containing: "no entry with id")
        #expect(try h.entryFiles().count == 33)

        let removed = try #require(try Self.json(try h.ok(["rm", ids[0], ids[1], "--yes", "--json"])) as? [[String: Any]])
        #expect(removed.count == 2)
        for object in removed { #expect(Set(object.keys) == ["id", "title", "file_removed"] && object["title"] is NSNull) }
        #expect(try h.entryFiles().count == 31)
        #expect(try h.run(["verify"]).status == 0)
    }

    @Test("edit: title and tags change through the log, stripped of names; nothing to change is one line")
    func edit() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let id = try Self.id(sealing: try h.write("call.txt", "a call"), h, ["--title", "Old title", "--tag", "flood", "--tag", "draft"])
        let people = try h.write("people.txt", "Amina Dzhabrailova\n")

        let r = try h.ok(["edit", id, "--title", "Call with Amina Dzhabrailova", "--tag", "verified", "--untag", "draft",
                          "--identities", people, "--json"])
        let edited = try #require(try Self.json(r) as? [String: Any])
        #expect(Set(edited.keys) == ["id", "title", "tags"])
        let title = try #require(edited["title"] as? String)
        #expect(!title.contains("Amina") && !title.contains("Dzhabrailova") && title.hasPrefix("Call with "), "\(title)")
        #expect(edited["tags"] as? [String] == ["flood", "verified"])

        let listed = try #require(try h.listJSON().first)
        #expect(listed["title"] as? String == title && listed["tags"] as? [String] == ["flood", "verified"])
        #expect(try h.listJSON(["--tag", "verified"]).count == 1 && h.listJSON(["--tag", "draft"]).isEmpty)
        let shown = try #require(try Self.json(try h.ok(["show", id, "--json"])) as? [String: Any])
        #expect((shown["metadata"] as? [String: Any])?["title"] as? String == title)

        // Without --identities the detectors still run; a name never reaches the log in clear.
        try h.ok(["edit", id, "--title", "Reached at +7 928 555 01 23"])
        let again = try #require(try h.listJSON().first?["title"] as? String)
        #expect(!again.contains("555"), "\(again)")
        #expect(try h.run(["verify"]).status == 0)

        try h.fails(["edit", id], containing: "nothing to change")
        try h.fails(["edit", id, "--tag", "flood"], containing: "nothing was changed")
        try h.fails(["edit", id, "--untag", "nosuchtag"], containing: "has no tag nosuchtag")
        try h.fails(["edit", "zzzzzzzzzz", "--title", "x"], containing: "no entry with id")

        // "" removes the title.
        try h.ok(["edit", id, "--title", ""])
        #expect(try h.listJSON().first?["title"] is NSNull)
        let log = try #require(try Self.json(try h.ok(["log", "--json"])) as? [[String: Any]])
        #expect(log.filter { $0["kind"] as? String == "edit" }.count == 3)
    }

    @Test("search finds notes and redacted texts, case-insensitively, and a declared person's pseudonym from standard input")
    func search() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let people = try h.write("people.txt", "Ruslan Bagirov\n")
        let note = String(decoding: try h.ok(["seal", "--note", "-", "--identities", people, "--title", "Market"],
                                             stdin: Data("I saw Ruslan Bagirov near the MARKET at dawn.\nNothing else.\n".utf8)).stdout.prefix(10), as: UTF8.self)
        let doc = try Self.id(sealing: try h.write("report.txt", "The checkpoint closed.\nThe market reopened on Monday.\n"), h,
                              ["--identities", people])
        _ = try Self.id(sealing: try h.write("other.txt", "Unrelated text.\n"), h)
        #expect(note.count == 10)

        let r = try h.ok(["search", "market"])
        #expect(r.out.contains(note) && r.out.contains(doc) && r.out.contains("Market"), "\(r.out)")
        #expect(r.out.contains("near the MARKET at dawn") && r.out.contains("market reopened"), "\(r.out)")
        #expect(!r.out.contains("Unrelated"))

        // The name is never in the note: its pseudonym is, and search says it looked for it.
        let byName = try h.ok(["search", "-"], stdin: Data("ruslan bagirov\n".utf8))
        #expect(byName.out.contains(note) && !byName.out.contains(doc), "\(byName.out)")
        #expect(byName.out.contains("Person ") && byName.out.contains("[pseudonym]"), "\(byName.out)")
        #expect(byName.stderr.contains("also searched for their pseudonym") && !byName.stderr.lowercased().contains("bagirov"))
        let file = try h.write("term.txt", "Ruslan Bagirov\n")
        let hits = try #require(try Self.json(try h.ok(["search", "--text-file", file, "--json"])) as? [[String: Any]])
        #expect(hits.count == 1 && hits[0]["id"] as? String == note && hits[0]["via_pseudonym"] as? Bool == true)
        #expect(Set(hits[0].keys) == ["id", "kind", "title", "member", "matches", "context", "via_pseudonym"])

        let none = try h.ok(["search", "absent-word", "--json"])
        #expect(try Self.json(none) as? [Any] != nil && (try Self.json(none) as? [Any])?.isEmpty == true)
        try h.fails(["search"], containing: "give the text to find")
        try h.fails(["search", "-"], stdin: Data("  \n".utf8), containing: "empty")

        // No plaintext temporary file: the vault's tmp/ and TMPDIR stay empty.
        #expect(CLIHarness.allFiles(under: h.vault + "/tmp").isEmpty)
        #expect(CLIHarness.allFiles(under: h.directory.appendingPathComponent("tmp").path).isEmpty)
    }
    @Test("two laptops: concurrent edits merge (one title, both tags); a deletion holds when the other laptop syncs the file back")
    func twoLaptops() throws {
        let a = try CLIHarness()
        defer { a.cleanUp() }
        try a.initVault()
        let id = try Self.id(sealing: try a.write("doc.txt", "shared"), a, ["--title", "First", "--tag", "old"])
        let other = try Self.id(sealing: try a.write("other.txt", "second"), a)
        let b = try CustodySyncCLITests.secondLaptop(of: a)
        defer { b.cleanUp() }

        try a.ok(["edit", id, "--title", "Title from A", "--tag", "from-a"])
        try b.ok(["edit", id, "--title", "Title from B", "--tag", "from-b", "--untag", "old"])
        try b.ok(["rm", other, "--yes"])
        try CustodySyncCLITests.sync(a.vault, b.vault, style: .newerWins)

        let onA = try #require(try a.listJSON().first { $0["id"] as? String == id })
        let onB = try #require(try b.listJSON().first { $0["id"] as? String == id })
        let title = try #require(onA["title"] as? String)
        #expect(["Title from A", "Title from B"].contains(title) && onB["title"] as? String == title)
        #expect(Set(onA["tags"] as? [String] ?? []) == ["from-a", "from-b"] && Set(onB["tags"] as? [String] ?? []) == ["from-a", "from-b"])

        // A still had the deleted entry's file, and the sync copied it back to B: hidden on both, removed by verify.
        #expect(FileManager.default.fileExists(atPath: b.vault + "/entries/\(other).age"))
        for h in [a, b] {
            #expect(try h.listJSON().count == 1)
            let r = try h.run(["verify"])
            #expect(r.status == 0 && r.out.contains("DELETED  \(other)") && r.out.contains("REMOVED  \(other)"), "\(r.out) \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: h.vault + "/entries/\(other).age"))
        }
    }
    /// Runs evault under a pseudo-terminal and types `answer` when it asks [y/N].
    static func answering(_ h: CLIHarness, _ answer: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let script = """
        import os, pty, sys
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[2], sys.argv[2:])
        out, typed = b"", False
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
            if not typed and b"[y/N]" in out:
                os.write(fd, sys.argv[1].encode() + b"\\n")
                typed = True
        _, status = os.waitpid(pid, 0)
        sys.stdout.buffer.write(out)
        sys.exit(os.waitstatus_to_exitcode(status))
        """
        let r = try CLIHarness.external(CLIHarness.tool("python3") ?? "/usr/bin/python3", ["-c", script, answer, CLIHarness.binary] + arguments,
                                        in: h.directory, environment: ["EVAULT_VAULT": h.vault, "EVAULT_KEYFILE": h.keyfile,
                                                                       "PATH": "/usr/bin:/bin", "HOME": h.directory.path])
        return (r.status, r.out)
    }

    @Test("rm on a terminal lists the entries and asks; anything but y deletes nothing",
          .enabled(if: CLIHarness.tool("python3") != nil, "python3 is not installed (needed for a pseudo-terminal)"))
    func removeAsks() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let id = try Self.id(sealing: try h.write("a.txt", "asked"), h, ["--title", "Asked about"])
        let declined = try Self.answering(h, "n", ["rm", id])
        #expect(declined.status != 0 && declined.output.contains("Asked about") && declined.output.contains("nothing was deleted"),
                "\(declined.output)")
        #expect(try h.entryFiles() == ["\(id).age"])
        let confirmed = try Self.answering(h, "y", ["rm", id])
        #expect(confirmed.status == 0 && confirmed.output.contains("deleted \(id)"), "\(confirmed.output)")
        #expect(try h.entryFiles().isEmpty)
    }
}
