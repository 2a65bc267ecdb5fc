import Foundation
import Testing

/// Identity stripping through the built binary: what reaches the vault.
@Suite("identity stripping end to end")
struct StrippingCLITests {
    /// A witness note naming the witness and a declared friend in every form a real text uses.
    static let note = """
    Interview notes. My name is Zelimkhan Abdulkhadzhiev, people call me Zelim.
    ZELIMKHAN ABDULKHADZHIEV signed the statement; zelimkhan abdulkhadzhiev is how he typed it.
    Abdulkhadzhiev's brother was there. Z. Abdulkhadzhiev confirmed. Abdulkhadzhiev’s phone was taken.
    The officers shouted "Zelimkhan
    Abdulkhadzhiev" twice. They also held Aslan  Dudaev-Umarov and Aslan's cousin.
    Friends wrote Zelimkhán in a message. По-русски: Зелимхан Абдулхаджиев, Зелимхана забрали.
    Umarov the neighbour is a different man.
    """

    static let forbidden = ["zelimkhan", "zelim ", "abdulkhadzhiev", "zelimkhán", "зелимхан", "абдулхаджиев",
                            "aslan", "dudaev", "dudaev-umarov"]

    @Test("no declared name, in any form, appears anywhere under the vault or the temporary directory")
    func noDeclaredNameOnDisk() throws {
        guard let age = CLIHarness.tool("age") else {
            try Skip.missingTool("age")
        }
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let identities = try h.write("people.txt", "Zelimkhan Abdulkhadzhiev=Zelim,Зелимхан Абдулхаджиев\nAslan Dudaev-Umarov\n")
        try h.ok(["seal", "--note", "-", "--witness", "Zelimkhan Abdulkhadzhiev=Zelim,Зелимхан Абдулхаджиев",
                  "--identities", identities, "--title", "Zelimkhan interview", "--tag", "abdulkhadzhiev"],
                 stdin: Data(StrippingCLITests.note.utf8))
        let doc = try h.write("statement.txt", StrippingCLITests.note)
        try h.ok(["seal", doc, "--identities", identities])
        try FileManager.default.removeItem(atPath: doc)
        try FileManager.default.removeItem(atPath: identities)
        try h.ok(["list"])
        try h.ok(["verify"])

        var checked = 0
        for file in CLIHarness.allFiles(under: h.vault) + CLIHarness.allFiles(under: h.directory.appendingPathComponent("tmp").path) {
            var contents = try Data(contentsOf: URL(fileURLWithPath: file))
            if file.hasSuffix(".age") {
                let r = try CLIHarness.external(age, ["-d", "-i", h.keyfile, file])
                if file.hasSuffix("keys.age") { continue }
                #expect(r.status == 0, "age could not decrypt \(file): \(r.stderr)")
                contents = r.stdout
            }
            let text = String(decoding: contents, as: UTF8.self).lowercased()
            for form in StrippingCLITests.forbidden {
                // The original of the sealed text document is evidence and keeps its names.
                if file.contains("/entries/") && text.contains("statement.txt") {
                    let redacted = text.components(separatedBy: "/redacted.txt").dropFirst().joined()
                    #expect(!redacted.contains(form), "\(form) in the redacted part of \(file)")
                } else {
                    #expect(!text.contains(form), "\(form) found in \(file)")
                }
            }
            checked += 1
        }
        #expect(checked >= 5)
        // "Umarov" alone was not declared and is a different man: word boundaries hold.
        let notes = try h.listJSON(["--kind", "note"])
        let id = try #require(notes.first?["id"] as? String)
        let stored = try h.ok(["open", id, "-o", "-"]).out
        #expect(stored.contains("Umarov the neighbour") || !stored.contains("Umarov"))
        #expect((notes.first?["witness"] as? String)?.hasPrefix("Witness ") == true)
    }

    @Test("strip prints pseudonyms, writes nothing, and the same person gets the same pseudonym across entries")
    func stablePseudonyms() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let before = CLIHarness.allFiles(under: h.vault).sorted()
        let r = try h.ok(["strip", "--identity", "Magomed Yandarov", "--json"], stdin: Data("Magomed Yandarov met M. Yandarov's sister.".utf8))
        let json = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let text = try #require(json["text"] as? String)
        #expect(!text.lowercased().contains("yandarov"))
        let replacements = try #require(json["replacements"] as? [[String: Any]])
        #expect(replacements.count >= 2)
        #expect(Set(replacements.compactMap { $0["pseudonym"] as? String }).count == 1)
        #expect(replacements.first?["start"] as? Int == 0)
        #expect(CLIHarness.allFiles(under: h.vault).sorted() == before)

        // Sealed notes: the witness pseudonym is the one `who` prints, and list --who finds both notes.
        try h.ok(["seal", "--note", "-", "--witness", "Magomed Yandarov"], stdin: Data("I saw the van.".utf8))
        try h.ok(["seal", "--note", "-", "--identity", "Magomed Yandarov"], stdin: Data("Magomed was taken on Monday.".utf8))
        try h.ok(["seal", "--note", "-"], stdin: Data("Nobody was named here.".utf8))
        let who = try h.ok(["who", "Magomed Yandarov"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!who.isEmpty && !who.lowercased().contains("yandarov"))
        #expect(try h.listJSON(["--who", "Magomed Yandarov"]).count == 2)
        #expect(try h.listJSON(["--who", who]).count == 2)

        // Another vault gives another pseudonym.
        let other = try CLIHarness()
        defer { other.cleanUp() }
        try other.initVault()
        let otherWho = try other.ok(["who", "Magomed Yandarov"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(otherWho != who)
    }

    @Test("the keep list keeps public figures; text documents get a redacted form, binaries do not")
    func keepListAndRedactedForms() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["keep", "add", "Ramzan Kadyrov", "Tatyana Moskalkova"])
        #expect(try h.ok(["keep", "list"]).out.contains("Ramzan Kadyrov"))
        let article = try h.write("article.txt", "Ramzan Kadyrov denied it. Tatyana Moskalkova asked Putin. Anzor fled to Moscow.")
        let seal = try h.ok(["seal", article, "--identity", "Anzor", "--json"])
        let id = try #require((try JSONSerialization.jsonObject(with: seal.stdout) as? [[String: Any]])?.first?["id"] as? String)
        let redacted = try h.ok(["open", id, "--redacted", "-o", "-"]).out
        #expect(redacted.contains("Ramzan Kadyrov"))
        #expect(redacted.contains("Tatyana Moskalkova"))
        #expect(!redacted.contains("Anzor"))
        // The original is evidence: byte for byte, and its SHA-256 is what verify checks.
        #expect(try h.ok(["open", id, "-o", "-"]).out.contains("Anzor"))
        try h.ok(["verify", article])

        let binary = try h.write("photo.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]))
        let b = try h.ok(["seal", binary, "--json"])
        let bid = try #require((try JSONSerialization.jsonObject(with: b.stdout) as? [[String: Any]])?.first?["id"] as? String)
        try h.fails(["open", bid, "--redacted", "-o", "-"], containing: "no redacted form")
        #expect(try h.ok(["list"]).out.contains("(no redacted form)"))
        try h.ok(["keep", "remove", "Tatyana Moskalkova"])
        #expect(!(try h.ok(["keep", "list"]).out.contains("Moskalkova")))
    }
}

/// Names off the command line (issue 9): file and standard-input forms of every
/// name option, one standard input per command, bad name files refused.
@Suite("names from files and standard input")
struct NameInputCLITests {
    @Test("--witness-file, who -, list --who-file and /dev/fd/0 give the same pseudonym as the name itself")
    func fileAndStdinForms() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let name = try h.write("witness.txt", "\nTamerlan Bisultanov\n")
        let note = try h.write("note.txt", "Tamerlan Bisultanov said the car was black.\n")
        try h.ok(["seal", "--note", note, "--witness-file", name])
        let fromArg = try h.ok(["who", "Tamerlan Bisultanov"]).out
        let fromStdin = try h.ok(["who", "-"], stdin: Data("Tamerlan Bisultanov\n".utf8)).out
        #expect(fromArg == fromStdin && fromArg.hasPrefix("Person "))
        let entries = try h.listJSON(["--who-file", name])
        #expect(entries.count == 1)
        #expect((entries.first?["witness"] as? String) == "Witness " + fromArg.dropFirst("Person ".count).trimmingCharacters(in: .newlines))
        // /dev/fd/N: the name arrives through a descriptor and never touches the disk.
        let r = try h.run(["list", "--json", "--who-file", "/dev/fd/0"], stdin: Data("Tamerlan Bisultanov".utf8))
        #expect(r.status == 0 && r.out.contains("Witness "))
        // The stored note holds no name.
        #expect(!(try h.ok(["list"]).out.contains("Bisultanov")))
    }

    @Test("at most one input reads standard input")
    func oneStdin() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.fails(["seal", "--note", "-", "--witness-file", "-"], stdin: Data("x".utf8), containing: "only one input")
        try h.fails(["strip", "--ephemeral", "--identities", "-"], stdin: Data("x".utf8), containing: "only one input")
        try h.fails(["list", "--who", "A B", "--who-file", "-"], containing: "not both")
        #expect(try h.listJSON().isEmpty)
    }

    @Test("empty, binary and non-UTF-8 name files: one clear line, nothing written")
    func badNameFiles() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let note = try h.write("note.txt", "Someone said something.\n")
        let empty = try h.write("empty.txt", "  \n\n")
        let binary = try h.write("binary.bin", Data([0x41, 0x00, 0x42, 0x0A]))
        let latin1 = try h.write("latin1.txt", Data([0x4A, 0xF6, 0x72, 0x67, 0x0A]))
        for file in [empty, binary, latin1] {
            try h.fails(["seal", "--note", note, "--witness-file", file], containing: "--witness-file")
            try h.fails(["seal", "--note", note, "--identities", file], containing: "--identities")
            try h.fails(["list", "--who-file", file], containing: "--who-file")
        }
        try h.fails(["who", "-"], stdin: Data(), containing: "empty")
        #expect(try h.listJSON().isEmpty)
        // The error names the option, never the content.
        let r = try h.run(["seal", "--note", note, "--witness-file", latin1])
        #expect(!r.stderr.contains("rg"))
    }

    @Test("--help of every name option says why a file is better")
    func helpSaysWhy() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        #expect(try h.ok(["seal", "--help"]).out.contains("--witness-file"))
        for command in ["seal", "strip"] {
            let help = try h.ok([command, "--help"]).out
            #expect(help.contains("shell history"), "\(command) --help")
        }
        for command in ["list", "export", "who"] {
            #expect(try h.ok([command, "--help"]).out.contains("shell history"), "\(command) --help")
        }
        #expect(try h.ok(["export", "--help"]).out.contains("--who-file"))
    }

    @Test("--level strict replaces quasi-identifiers; normal keeps them")
    func levels() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        let text = "On 14 March 2019 the nurse from Shali was held for two weeks.\n"
        let normal = try h.ok(["strip", "--ephemeral"], stdin: Data(text.utf8)).out
        let strict = try h.ok(["strip", "--ephemeral", "--level", "strict"], stdin: Data(text.utf8)).out
        #expect(normal == text)
        #expect(!strict.contains("Shali") && !strict.contains("2019") && strict.contains("[date "))
        try h.fails(["strip", "--ephemeral", "--level", "paranoid"], stdin: Data(text.utf8), containing: "level")
    }
}

@Suite("bad text input to stripping")
struct BadStripInputCLITests {
    @Test("invalid UTF-8 and 10 MB on one line: one clear line, nothing written")
    func badText() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let invalid = Data("Aslan ".utf8) + Data([0xC3, 0x28, 0xFF]) + Data(" left\n".utf8)
        try h.fails(["seal", "--note", "-"], stdin: invalid, containing: "UTF-8")
        try h.fails(["strip", "--ephemeral"], stdin: invalid, containing: "UTF-8")
        let long = Data(repeating: 0x61, count: 10 << 20)
        try h.fails(["seal", "--note", "-"], stdin: long, containing: "longer than 1 MB")
        try h.fails(["strip", "--ephemeral"], stdin: long, containing: "longer than 1 MB")
        #expect(try h.listJSON().isEmpty)
    }
}

@Suite("the README session's name pipes")
struct ReadmeNamePipeCLITests {
    @Test("seal --witness-file <(echo …) --identities <(echo …), list --who-file <(echo …), as the README runs them in bash")
    func readmeSession() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let note = try h.write("interview.txt", "Ruslan Ismailov: I was held with Anzor for eleven days. Call +7 928 123-45-67.\n")
        let env = ["EVAULT_VAULT": h.vault, "EVAULT_KEYFILE": h.keyfile, "PATH": "/usr/bin:/bin", "HOME": h.directory.path]
        let evault = CLIHarness.binary
        let seal = try CLIHarness.external("/bin/bash", ["-c",
            "'\(evault)' seal --note '\(note)' --witness-file <(echo \"Ruslan Ismailov\") --identities <(echo \"Anzor\") --tag testimony"],
            in: h.directory, environment: env)
        #expect(seal.status == 0, "\(seal.stderr)")
        let list = try CLIHarness.external("/bin/bash", ["-c", "'\(evault)' list --json --who-file <(echo \"Ruslan Ismailov\")"],
                                           in: h.directory, environment: env)
        #expect(list.status == 0 && list.out.contains("Witness "), "\(list.stderr)")
        let id = try h.listJSON().first?["id"] as? String ?? ""
        let shown = try h.ok(["show", id]).out
        #expect(!shown.contains("Ruslan") && !shown.contains("Ismailov") && !shown.contains("Anzor") && shown.contains("[phone "), "\(shown)")
    }
}

/// `--review` driven through a pseudo-terminal (python3's pty module).
@Suite("review before writing, through a pseudo-terminal")
struct ReviewCLITests {
    /// Runs evault on a pty, typing `answers` (then closing the terminal: end of input).
    static let driver = """
    import os, pty, sys, time, select
    answers = sys.argv[1].encode().decode('unicode_escape').encode()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sys.argv[2], sys.argv[2:])
    out = b''
    def drain(t):
        global out
        end = time.time() + t
        while time.time() < end:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                out += data
    for line in answers.split(b'\\n')[:-1] if answers else []:
        drain(1.0)
        os.write(fd, line + b'\\n')
    drain(1.0)
    os.write(fd, b'\\x04')  # end of input
    drain(3.0)
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(out.decode('utf-8', 'replace'))
    sys.exit(os.waitstatus_to_exitcode(status))
    """

    func drive(_ h: CLIHarness, _ answers: String, _ arguments: [String]) throws -> CLIHarness.Result {
        let script = try h.write("drive.py", Self.driver)
        let env = ["EVAULT_VAULT": h.vault, "EVAULT_KEYFILE": h.keyfile, "PATH": "/usr/bin:/bin", "HOME": h.directory.path]
        return try CLIHarness.external("/usr/bin/python3", [script, answers, CLIHarness.binary] + arguments, in: h.directory, environment: env)
    }

    @Test("seal --note --review: marks every replacement, adds a name, drops a false one, writes on y",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 drives the pseudo-terminal"))
    func reviewAddDropWrite() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let note = try h.write("note.txt", "Mr Sunshine met Ruslan Ismailov and Lecha. Call +7 928 123-45-67.\n")
        let r = try drive(h, "a Lecha\\nd 1\\ny\\n", ["seal", "--note", note, "--review", "--identity", "Ruslan Ismailov"])
        #expect(r.status == 0, "\(r.out)")
        #expect(r.out.contains("⟦1 person: Person ") && r.out.contains("phone: [phone "), "\(r.out)")
        let entries = try h.listJSON()
        #expect(entries.count == 1)
        let shown = try h.ok(["show", entries.first?["id"] as? String ?? ""]).out
        // "Lecha" was added; the first replacement ("Mr Sunshine", a false one) was dropped by the reviewer.
        #expect(!shown.contains("Lecha") && !shown.contains("Ruslan") && shown.contains("Mr Sunshine") && !shown.contains("123-45-67"), "\(shown)")
    }

    @Test("end of input or q at the prompt aborts and writes nothing; no terminal is refused",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 drives the pseudo-terminal"))
    func abortAndNoTerminal() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let note = try h.write("note.txt", "Ruslan Ismailov was there.\n")
        let eof = try drive(h, "", ["seal", "--note", note, "--review"])
        #expect(eof.status != 0 && eof.out.contains("review aborted; nothing written"), "\(eof.out)")
        let quit = try drive(h, "q\\n", ["strip", "--ephemeral", "--review", note])
        #expect(quit.status != 0 && quit.out.contains("review aborted"), "\(quit.out)")
        #expect(try h.listJSON().isEmpty)
        try h.fails(["seal", "--note", note, "--review"], containing: "needs a terminal")
        try h.fails(["strip", "--ephemeral", "--review", note], containing: "needs a terminal")
        #expect(try h.listJSON().isEmpty)
    }
}


@Suite("seal --no-original")
struct NoOriginalCLITests {
    @Test("a text document keeps only its stripped text; show and list say so; binaries are refused")
    func strippedOnly() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let doc = try h.write("statement-Bisultanov.txt", "Statement of Tamerlan Bisultanov, phone +7 928 123-45-67.\n")
        try h.ok(["seal", "--no-original", doc, "--identity", "Tamerlan Bisultanov"])
        let entries = try h.listJSON()
        #expect(entries.count == 1 && (entries.first?["original_kept"] as? Bool) == false)
        let id = entries.first?["id"] as? String ?? ""
        #expect(try h.ok(["list"]).out.contains("original not kept"))
        let shown = try h.ok(["show", id]).out
        #expect(shown.contains("original was not kept") && !shown.contains("Bisultanov"), "\(shown)")
        let opened = try h.ok(["open", id, "-o", "-"]).out
        #expect(opened.contains("Person ") && !opened.contains("Bisultanov") && !opened.contains("123-45-67"), "\(opened)")
        try h.ok(["verify"])
        // Nothing under the vault holds the name (entries are encrypted; their names are random ids).
        for file in CLIHarness.allFiles(under: h.vault) {
            #expect(!file.contains("Bisultanov"))
        }
        let binary = try h.write("photo.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]))
        try h.fails(["seal", "--no-original", binary], containing: "--no-original needs a UTF-8 text document")
        #expect(try h.listJSON().count == 1)
        try h.fails(["seal", "--note", doc, "--no-original"], containing: "--no-original")
    }
}
