import Foundation
import Testing

/// Everyday use through the built binary: progress on a terminal only, folders
/// and standard input, duplicates, selecting what to open.
@Suite("evault everyday use")
struct EverydayCLITests {
    static let python = CLIHarness.tool("python3")

    /// Runs evault under a pseudo-terminal (stdin, stdout and stderr all on it) and
    /// returns everything it printed, as a user at a terminal would see it.
    static func underTerminal(_ h: CLIHarness, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let script = """
        import os, pty, sys
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[1], sys.argv[1:])
        out = b""
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
        _, status = os.waitpid(pid, 0)
        sys.stdout.buffer.write(out)
        sys.exit(os.waitstatus_to_exitcode(status))
        """
        let r = try CLIHarness.external(python ?? "/usr/bin/python3", ["-c", script, CLIHarness.binary] + arguments,
                                        in: h.directory, environment: ["EVAULT_VAULT": h.vault, "EVAULT_KEYFILE": h.keyfile,
                                                                       "PATH": "/usr/bin:/bin", "HOME": h.directory.path])
        return (r.status, r.out)
    }

    static func bigFile(_ h: CLIHarness, _ name: String, megabytes: Int = 3) throws -> String {
        var bytes = Data(count: megabytes << 20)
        bytes.withUnsafeMutableBytes { p in for i in stride(from: 0, to: p.count, by: 4096) { p[i] = UInt8(truncatingIfNeeded: i >> 12) } }
        return try h.write(name, bytes)
    }

    @Test("progress (percentage, bytes, speed) appears on a terminal, not when piped, not with --quiet",
          .enabled(if: python != nil, "python3 is not installed (needed for a pseudo-terminal)"))
    func progressOnlyOnTerminals() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let file = try Self.bigFile(h, "video.bin")

        let sealed = try Self.underTerminal(h, ["seal", file])
        #expect(sealed.status == 0, "\(sealed.output)")
        #expect(sealed.output.contains("sealing video.bin"), "\(sealed.output)")
        #expect(sealed.output.contains("100%") && sealed.output.contains("3.0 MiB of 3.0 MiB") && sealed.output.contains("/s"))
        let id = try #require(try h.listJSON().first?["id"] as? String)

        let opened = try Self.underTerminal(h, ["open", id, "-o", h.directory.appendingPathComponent("out.bin").path])
        #expect(opened.status == 0 && opened.output.contains("opening video.bin") && opened.output.contains("100%"), "\(opened.output)")
        let verified = try Self.underTerminal(h, ["verify"])
        #expect(verified.status == 0 && verified.output.contains("verifying"), "\(verified.output)")
        let hashed = try Self.underTerminal(h, ["verify", file])
        #expect(hashed.status == 0 && hashed.output.contains("hashing video.bin") && hashed.output.contains("100%"), "\(hashed.output)")

        let quiet = try Self.underTerminal(h, ["seal", "--quiet", file])
        #expect(quiet.status == 0 && !quiet.output.contains("%") && !quiet.output.contains("\u{1B}["), "\(quiet.output)")

        // Piped: standard error holds no progress line, no escape sequence.
        for args in [["seal", file], ["open", id, "-o", "-"], ["verify"], ["verify", file]] {
            let r = try h.ok(args)
            #expect(!r.stderr.contains("%") && !r.stderr.contains("\u{1B}") && !r.stderr.contains("\r"), "\(args): \(r.stderr)")
        }
    }

    @Test("seal DIR seals every regular file below it; links and FIFOs are skipped with a line each and exit 1")
    func sealFolder() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let dir = h.directory.appendingPathComponent("case").path
        let a = try h.write("case/a.txt", "first document")
        _ = try h.write("case/sub/b.bin", "second document")
        _ = try h.write("case/sub/deeper/.hidden", "third document")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.txt", withDestinationPath: a)
        try FileManager.default.createSymbolicLink(atPath: dir + "/sub/dangling", withDestinationPath: dir + "/missing")
        #expect(mkfifo(dir + "/sub/pipe", 0o600) == 0)

        let r = try h.run(["seal", dir])
        #expect(r.status == 1, "\(r.stderr)")
        let sealedLines = r.out.split(separator: "\n")
        #expect(sealedLines.count == 3, "\(r.out)")
        // In path order, one entry per regular file.
        #expect(sealedLines.map { $0.split(separator: " ").last.map(String.init) ?? "" } == ["a.txt", "b.bin", "hidden"], "\(r.out)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("evault: skipped ") && $0.contains("link.txt") && $0.contains("symbolic link") }, "\(r.stderr)")
        #expect(lines.contains { $0.contains("dangling") && $0.contains("dangling symbolic link") })
        #expect(lines.contains { $0.contains("pipe") && $0.contains("FIFO") })
        #expect(lines.last == "evault: 3 not sealed (listed above); the others were sealed")
        #expect(try h.listJSON().count == 3)

        // A vault inside the folder is not sealed into the vault.
        _ = try h.write("withvault/doc.bin", "document")
        let inner = h.directory.appendingPathComponent("withvault/inner-vault").path
        try h.ok(["init", "--vault", inner, "--keyfile", h.directory.appendingPathComponent("inner.key").path])
        let v = try h.run(["seal", h.directory.appendingPathComponent("withvault").path])
        #expect(v.status == 1 && v.stderr.contains("inner-vault: an evault vault"), "\(v.stderr)")
        #expect(v.out.split(separator: "\n").count == 1)

        // A folder with no file at all: one line, no keys asked, nothing written.
        try FileManager.default.createDirectory(atPath: h.directory.appendingPathComponent("empty").path, withIntermediateDirectories: true)
        try h.fails(["seal", h.directory.appendingPathComponent("empty").path], containing: "nothing to seal")

        // A folder with nothing wrong in it exits 0.
        _ = try h.write("clean/one.txt", "one")
        try h.ok(["seal", h.directory.appendingPathComponent("clean").path, "--dedupe"])
    }

    @Test("seal - --name NAME seals standard input, piped or redirected; empty input is one clear line")
    func sealStandardInput() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let big = Data((0..<(1_300_000)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let r = try h.ok(["seal", "-", "--name", "recording.wav", "--json"], stdin: big)
        let receipt = try #require((try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]])?.first)
        #expect(receipt["name"] as? String == "recording.wav")
        #expect(receipt["size"] as? Int == big.count)
        let id = try #require(receipt["id"] as? String)
        let opened = try h.ok(["open", id, "-o", "-"])
        #expect(opened.stdout == big)
        // Nothing of the spool is left in the vault's tmp/.
        #expect((try FileManager.default.contentsOfDirectory(atPath: h.vault + "/tmp")).isEmpty)

        // A text document from standard input gets its stripped version too.
        try h.ok(["seal", "-", "--name", "notes.txt"], stdin: Data("met the source at noon".utf8))

        // A name with control characters is made safe like any file name.
        let evil = try h.ok(["seal", "-", "--name", "evil\u{1B}[31m.bin"], stdin: Data("x".utf8))
        #expect(!evil.out.contains("\u{1B}") && !evil.stderr.contains("\u{1B}"))

        let before = try h.entryFiles()
        try h.fails(["seal", "-", "--name", "empty.bin"], stdin: Data(), containing: "standard input")
        try h.fails(["seal", "-"], stdin: Data("x".utf8), containing: "--name")
        #expect(try h.entryFiles() == before)
    }

    @Test("sealing a document already in the vault says so; --dedupe leaves it out")
    func duplicates() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let doc = try h.write("photo.jpg", Data(repeating: 7, count: 200_000))
        let first = try h.ok(["seal", doc])
        let firstID = String(first.out.prefix(while: { $0 != " " }))
        let second = try h.ok(["seal", doc])
        #expect(second.stderr.contains("same SHA-256 as entry \(firstID)"), "\(second.stderr)")
        #expect(try h.entryFiles().count == 2)
        let third = try h.ok(["seal", "--dedupe", doc])
        #expect(third.out.isEmpty)
        #expect(third.stderr.contains("already sealed as ") && third.stderr.contains(firstID) && third.stderr.contains("--dedupe"), "\(third.stderr)")
        #expect(try h.entryFiles().count == 2)
        #expect((try FileManager.default.contentsOfDirectory(atPath: h.vault + "/tmp")).isEmpty)
        // Text documents too, from the index built earlier in the same run.
        let note = try h.write("a.txt", "same words")
        let copy = try h.write("b.txt", "same words")
        let r = try h.ok(["seal", "--dedupe", note, copy, "--json"])
        let receipts = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]])
        #expect(receipts.map { $0["sealed"] as? Bool } == [true, false])
    }

    @Test("open --tag, --kind and --who select entries as export does")
    func openSelectors() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let a = try h.write("a.bin", "alpha"), b = try h.write("b.bin", "beta"), c = try h.write("c.bin", "gamma")
        try h.ok(["seal", "--tag", "flood", a, b])
        try h.ok(["seal", "--tag", "other", c])
        let out = h.directory.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try h.ok(["open", "--tag", "flood", "--out-dir", out])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["a.bin", "b.bin"])
        let all = h.directory.appendingPathComponent("all").path
        try FileManager.default.createDirectory(atPath: all, withIntermediateDirectories: true)
        try h.ok(["open", "--kind", "document", "--out-dir", all])
        #expect(try FileManager.default.contentsOfDirectory(atPath: all).count == 3)
        try h.fails(["open", "--tag", "nothing-has-this", "--out-dir", out], containing: "no entry matches")
        try h.fails(["open", "--tag", "flood", "-o", "x"], containing: "--out-dir")
        try h.fails(["open", "abc", "--tag", "flood"], containing: "not both")
    }
}

@Suite("evault --json keys are stable")
struct StableJSONTests {
    static func objects(_ r: CLIHarness.Result) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: r.stdout, options: [.fragmentsAllowed]) as? [[String: Any]])
    }

    @Test("list, seal, open and keys show --json: every documented key present, null when empty")
    func keysPresent() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let doc = try h.write("doc.bin", "no title here")
        let sealed = try Self.objects(try h.ok(["seal", doc, "--json"]))
        #expect(Set(sealed[0].keys) == ["id", "kind", "sha256", "size", "name", "redacted", "pseudonyms", "same_as", "sealed"])
        let listed = try Self.objects(try h.ok(["list", "--json"]))
        #expect(Set(listed[0].keys) == ["id", "kind", "sealed_at", "size", "sha256", "title", "tags", "name", "media_type",
                                        "redacted", "pseudonyms", "witness"])
        #expect(listed[0]["title"] is NSNull && listed[0]["witness"] is NSNull)

        let id = try #require(listed[0]["id"] as? String)
        let out = h.directory.appendingPathComponent("opened.bin").path
        let opened = try Self.objects(try h.ok(["open", id, "-o", out, "--json"]))
        #expect(Set(opened[0].keys) == ["id", "kind", "name", "path", "redacted", "size"])
        #expect(opened[0]["path"] as? String == out && opened[0]["size"] as? Int == 13)
        try h.fails(["open", id, "-o", "-", "--json"], containing: "--json cannot go with -o -")

        let keys = try h.ok(["keys", "show", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: keys.stdout) as? [String: String])
        #expect(object["age_recipient"]?.hasPrefix("age1") == true)
        #expect(object["minisign_public_key"]?.isEmpty == false)
        #expect(Set(object.keys) == ["age_recipient", "minisign_public_key"])
    }
}

/// `evault unlock --for` and `evault lock` with a passphrase vault, through the kernel keyring.
@Suite("evault unlock and lock")
struct UnlockCLITests {
    /// The kernel keyring is usable here (some containers' seccomp policies block it).
    static let keyringWorks: Bool = {
        guard let keyctl = CLIHarness.tool("keyctl") else { return false }
        return (try? CLIHarness.external(keyctl, ["show", "@s"]).status) == 0
    }()

    @Test("unlock once, then commands need no passphrase; lock forgets; an expired or foreign entry is one clear line",
          .enabled(if: keyringWorks, "the kernel keyring is unavailable here (keyctl show @s fails)"))
    func unlockAndLock() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        let pass = try h.write("pass.txt", "correct horse battery staple\n")
        let env = ["EVAULT_VAULT": h.vault]
        func run(_ args: [String]) throws -> CLIHarness.Result { try h.run(args, environment: env) }
        #expect(try run(["init", "--passphrase-file", pass, "--work-factor", "10"]).status == 0)
        let doc = try h.write("doc.txt", "the document")
        #expect(try run(["seal", doc, "--passphrase-file", pass]).status == 0)
        defer { _ = try? run(["lock"]) }

        // Without a passphrase and without a terminal: refused.
        #expect(try run(["list"]).status != 0)
        let unlocked = try run(["unlock", "--for", "10m", "--passphrase-file", pass])
        #expect(unlocked.status == 0 && unlocked.out.hasPrefix("unlocked for 10m"), "\(unlocked.stderr)")
        let listed = try run(["list", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.out.contains("doc.txt"))
        // The passphrase never reaches the keyring's description or any file.
        if let keyctl = CLIHarness.tool("keyctl") {
            let shown = try CLIHarness.external(keyctl, ["show", "@s"])
            #expect(shown.out.contains("evault:") && !shown.out.contains("correct horse"))
        }
        #expect(try run(["lock"]).out.hasPrefix("locked"))
        let after = try run(["list"])
        #expect(after.status != 0 && after.stderr.contains("no way to unlock"), "\(after.stderr)")
        #expect(try run(["lock"]).out.hasPrefix("nothing to lock"))

        // Expired: one clear line.
        #expect(try run(["unlock", "--for", "1s", "--passphrase-file", pass]).status == 0)
        usleep(2_200_000)
        let expired = try run(["list"])
        #expect(expired.status != 0)
        #expect(expired.stderr == "evault: the unlock of this vault has expired; run `evault unlock` again or give --passphrase-file\n",
                "\(expired.stderr)")

        // Foreign: the entry for this path holds another vault's keys (the vault was re-created).
        #expect(try run(["unlock", "--for", "10m", "--passphrase-file", pass]).status == 0)
        try FileManager.default.removeItem(atPath: h.vault)
        #expect(try run(["init", "--passphrase-file", pass, "--work-factor", "10"]).status == 0)
        let foreign = try run(["list"])
        #expect(foreign.status != 0)
        #expect(foreign.stderr.split(separator: "\n").count == 1 && foreign.stderr.contains("does not hold its keys"), "\(foreign.stderr)")
        #expect(try run(["lock"]).status == 0)

        // Bad durations are refused before anything is asked.
        try h.fails(["unlock", "--for", "forever", "--passphrase-file", pass], containing: "--for takes a duration")
        try h.fails(["unlock", "--for", "25h", "--passphrase-file", pass], containing: "at most 24h")
    }
}

/// `make install` puts the binary, a man page and completions under PREFIX. The
/// tests cannot run `make install` itself (it would start a second SwiftPM on the
/// same .build during `swift test`), so they run the same generation steps on the
/// built binary: swift-argument-parser's generate-manual tool (built by `make man`,
/// which `make test` runs first) and `--generate-completion-script`.
@Suite("evault man page and completions")
struct ManualCLITests {
    static let generator: String? = {
        let path = CLIHarness.packageRoot.appendingPathComponent(".build/debug/generate-manual-tool").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    @Test("the generated man page renders with man -l and documents the commands",
          .enabled(if: generator != nil && CLIHarness.tool("man") != nil,
                   "the generate-manual tool is not built (run `make man`; `make test` does) or man is missing"))
    func manPageRenders() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        let out = h.directory.appendingPathComponent("man").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let generated = try CLIHarness.external(try #require(Self.generator), [CLIHarness.binary, "--output-directory", out])
        #expect(generated.status == 0, "\(generated.stderr)")
        let page = out + "/evault.1"
        let rendered = try CLIHarness.external(try #require(CLIHarness.tool("man")), ["-l", page],
                                               environment: ["MANWIDTH": "100", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        for text in ["EVAULT(1)", "seal", "unlock", "--dedupe", "--quiet", "lock"] {
            #expect(rendered.out.contains(text), "the man page lacks \(text)")
        }
    }

    @Test("completion scripts for bash, zsh and fish are generated; the bash one parses")
    func completions() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        for shell in ["bash", "zsh", "fish"] {
            let r = try h.ok(["--generate-completion-script", shell])
            #expect(r.out.contains("unlock") && r.out.contains("seal"), "\(shell)")
            if shell == "bash", let bash = CLIHarness.tool("bash") {
                let script = try h.write("evault.bash", r.out)
                #expect(try CLIHarness.external(bash, ["-n", script]).status == 0)
            }
        }
    }
}

@Suite("make demo prints pasteable commands")
struct DemoQuotingTests {
    /// scripts/quote.sh is what demo.sh prints its commands with: a printed line,
    /// pasted into a shell, must give back exactly the same words.
    @Test("quoted words survive a round trip through the shell",
          .enabled(if: CLIHarness.tool("bash") != nil, "bash is not installed"))
    func quotingRoundTrips() throws {
        let bash = try #require(CLIHarness.tool("bash"))
        let words = ["keep", "add", "Vladimir Putin", "it's", "a$b", "", "plain", "--tag=x", "*.txt", "two\nlines", "back\\slash"]
        let quote = CLIHarness.packageRoot.appendingPathComponent("scripts/quote.sh").path
        let script = "source \"$1\"; shift; line=$(quote \"$@\"); printf '%s\\n---\\n' \"$line\"; eval \"set --$line\"; printf '%s\\0' \"$@\""
        let r = try CLIHarness.external(bash, ["-c", script, "bash", quote] + words)
        #expect(r.status == 0, "\(r.stderr)")
        let parts = r.out.components(separatedBy: "\n---\n")
        #expect(parts[0].contains("'Vladimir Putin'") && parts[0].hasPrefix(" keep add "), "\(parts[0])")
        let back = parts[1].split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(back == words)
    }
}

/// Memory does not grow with the document: sealing (from a file and from a pipe)
/// and opening 64 MiB peak within 8 MiB of doing the same with 1 byte. (The
/// absolute figure, at most 32 MiB for the release build, is printed by `make bench`.)
@Suite("evault memory stays fixed")
struct MemoryCLITests {
    /// Peak RSS in KiB of evault run with `arguments` (stdin from `input`), via wait4(2).
    static func peak(_ h: CLIHarness, _ arguments: [String], input: String? = nil) throws -> Int {
        let script = """
        import os, subprocess, sys
        stdin = open(sys.argv[1], "rb") if sys.argv[1] != "-" else subprocess.DEVNULL
        cat = subprocess.Popen(["cat", sys.argv[1]], stdout=subprocess.PIPE) if sys.argv[1] != "-" else None
        p = subprocess.Popen(sys.argv[2:], stdin=cat.stdout if cat else stdin, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        if cat: cat.wait()
        print(usage.ru_maxrss)
        sys.exit(os.waitstatus_to_exitcode(status))
        """
        let r = try CLIHarness.external(try #require(CLIHarness.tool("python3")), ["-c", script, input ?? "-", CLIHarness.binary] + arguments,
                                        in: h.directory, environment: ["EVAULT_VAULT": h.vault, "EVAULT_KEYFILE": h.keyfile, "PATH": "/usr/bin:/bin"])
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        return Int(r.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("sealing and opening 64 MiB peaks within 8 MiB of 1 byte",
          .enabled(if: CLIHarness.tool("python3") != nil, "python3 is not installed (needed for wait4)"))
    func fixedMemory() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let small = try h.write("small.bin", Data([1]))
        let big = try h.write("big.bin", Data(count: 64 << 20))
        let base = try Self.peak(h, ["seal", "--quiet", small])
        let file = try Self.peak(h, ["seal", "--quiet", big])
        let pipe = try Self.peak(h, ["seal", "-", "--name", "piped.bin", "--quiet"], input: big)
        let id = try #require(try h.listJSON().first { ($0["name"] as? String) == "big.bin" }?["id"] as? String)
        let opened = try Self.peak(h, ["open", "--quiet", id, "-o", h.directory.appendingPathComponent("out.bin").path])
        for (what, kib) in [("seal FILE", file), ("seal -", pipe), ("open", opened)] {
            #expect(kib > 0 && kib - base <= 8 << 10, "\(what): peak \(kib) KiB against \(base) KiB for 1 byte")
        }
    }
}
