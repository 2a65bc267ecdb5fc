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
