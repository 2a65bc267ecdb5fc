import Foundation
import Testing

/// Issue 10 through the built binary: killed commands leave nothing, key files
/// are checked, strings from files never reach the terminal raw, special files
/// never block, and names never collide.
@Suite("hardening")
struct HardeningCLITests {
    /// Polls until `condition` holds (at most `seconds`).
    static func wait(seconds: Double = 20, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(2000)
        }
        return false
    }

    /// Paths the process has open (from /proc/PID/fd).
    static func openPaths(_ pid: Int32) -> [String] {
        let dir = "/proc/\(pid)/fd"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: dir + "/" + $0)
        }
    }

    static func everything(under dir: String) -> [String] {
        (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String]) ?? []
    }

    static func bigFile(_ h: CLIHarness, _ name: String, megabytes: Int) throws -> String {
        var chunk = Data(count: 1 << 20)
        for i in 0..<chunk.count { chunk[i] = UInt8(truncatingIfNeeded: i &* 131 &+ i >> 9) }
        let path = h.directory.appendingPathComponent(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        for _ in 0..<megabytes { try handle.write(contentsOf: chunk) }
        try handle.close()
        return path
    }

    @Test("kill -9 during open --out-dir leaves no plaintext file, named or hidden")
    func killedOpen() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["seal", try Self.bigFile(h, "video.bin", megabytes: 96)])
        let id = try #require(try h.listJSON().first?["id"] as? String)
        let out = h.directory.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let p = try h.start(["open", id, "--out-dir", out])
        // Writing has begun once the process holds a file in `out`.
        let writing = Self.wait { Self.openPaths(p.processIdentifier).contains { $0.hasPrefix(out + "/") } }
        // evault disabled core dumps for itself: a crash writes no plaintext or names to disk.
        let limits = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/limits", encoding: .utf8)) ?? ""
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(writing, "open never started writing into the folder")
        #expect(limits.split(separator: "\n").contains { $0.hasPrefix("Max core file size") && $0.split(separator: " ").dropFirst(4).prefix(2) == ["0", "0"] }, "\(limits)")
        #expect(Self.everything(under: out).isEmpty, "left behind: \(Self.everything(under: out))")
        // And a complete open still works there.
        try h.ok(["open", id, "--out-dir", out])
        #expect(Self.everything(under: out) == ["video.bin"])
    }

    @Test("a killed unpack's folder is removed on SIGTERM at once, and after kill -9 by the next unpack")
    func killedUnpack() throws {
        let s = try CLIHarness()
        defer { s.cleanUp() }
        try s.initVault()
        try s.ok(["seal", try Self.bigFile(s, "video.bin", megabytes: 64)])
        let b = try ExportCLITests.partner("ngo", of: s)
        defer { b.cleanUp() }
        let bundle = s.directory.appendingPathComponent("b.age").path
        try s.ok(["export", "--kind", "document", "--to", "ngo", "--include-originals", "-o", bundle])
        let parent = b.directory.appendingPathComponent("unpacked").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        for signal in [SIGTERM, SIGKILL] {
            let p = try b.start(["unpack", bundle, "-o", parent + "/x"])
            let writing = Self.wait { Self.openPaths(p.processIdentifier).contains { $0.hasPrefix(parent + "/.evault-") } }
            kill(p.processIdentifier, signal)
            p.waitUntilExit()
            #expect(writing, "unpack never started writing")
            if signal == SIGTERM {
                #expect(Self.everything(under: parent).isEmpty, "left behind after SIGTERM: \(Self.everything(under: parent))")
            }
        }
        // The next unpack into that folder removes what kill -9 left.
        try b.ok(["unpack", bundle, "-o", parent + "/y"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["y"])
    }

    @Test("key files: spliced, duplicated, readable by others, inside the vault, short passphrases")
    func keyFiles() throws {
        let a = try CLIHarness()
        defer { a.cleanUp() }
        try a.initVault()
        let b = try CLIHarness()
        defer { b.cleanUp() }
        try b.initVault()
        let mine = try String(contentsOfFile: a.keyfile, encoding: .utf8)
        let theirs = try String(contentsOfFile: b.keyfile, encoding: .utf8)
        #expect(mine.contains("# EVAULT-BINDING-2 vault="))
        #expect(mine.contains(" member=owner "))
        let lines = mine.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let foreign = try #require(theirs.split(separator: "\n").first { $0.hasPrefix("# EVAULT-PSEUDONYM-KEY-1") })

        func keyFile(_ name: String, _ text: String) throws -> String {
            let path = try a.write(name, text)
            chmod(path, 0o600)
            return path
        }
        let spliced = try keyFile("spliced.key", lines.map { $0.hasPrefix("# EVAULT-PSEUDONYM-KEY-1") ? String(foreign) : $0 }.joined(separator: "\n"))
        try a.fails(["list", "--keyfile", spliced], containing: "do not belong together")
        let duplicated = try keyFile("dup.key", mine + String(foreign) + "\n")
        try a.fails(["list", "--keyfile", duplicated], containing: "appears twice")
        let sameTwice = try keyFile("dup2.key", mine + (lines.first { $0.hasPrefix("# EVAULT-SIGNING-KEY-1") } ?? "") + "\n")
        try a.fails(["list", "--keyfile", sameTwice], containing: "appears twice")

        // A format-1 key file (no binding line) still opens its vault, with a warning.
        let old = try keyFile("old.key", lines.filter { !$0.hasPrefix("# EVAULT-BINDING-2") }.joined(separator: "\n"))
        let r = try a.ok(["list", "--keyfile", old])
        #expect(r.stderr.contains("format 1"))

        // age still reads the key file.
        if let age = CLIHarness.tool("age") {
            let enc = try CLIHarness.external(age, ["-e", "-i", a.keyfile], stdin: Data("x".utf8))
            #expect(enc.status == 0, "\(enc.stderr)")
        }

        chmod(a.keyfile, 0o644)
        try a.fails(["list"], containing: "chmod 600 \(a.keyfile)")
        chmod(a.keyfile, 0o600)
        try a.ok(["list"])

        let c = try CLIHarness()
        defer { c.cleanUp() }
        try c.fails(["init", "--vault", c.vault, "--keyfile", c.vault + "/keys.txt"], containing: "inside the vault folder")
        #expect(!FileManager.default.fileExists(atPath: c.vault))
        let short = try c.write("short.txt", "abc12\n")
        try c.fails(["init", "--vault", c.vault, "--passphrase-file", short, "--work-factor", "10"], containing: "shorter than 8")
        #expect(!FileManager.default.fileExists(atPath: c.vault))
        try a.fails(["keys", "passwd", "--new-passphrase-file", short], containing: "shorter than 8")
        #expect(!FileManager.default.fileExists(atPath: a.vault + "/keys.age"))
    }

    @Test("escape sequences, right-to-left overrides and zero-width characters are shown, never sent raw")
    func controlCharacters() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let hostile = "inv\u{1B}[2J\u{1B}]0;pwned\u{07}oice\u{202E}fdp.exe\u{200B}"
        let file = try h.write("a\u{1B}[31mred\u{202E}gpj.txt", "hello")
        try h.ok(["seal", file, "--title", hostile, "--tag", "t\u{1B}[1mag\u{2066}"])
        try h.ok(["seal", "--note", "-", "--title", hostile], stdin: Data("line one\n\u{1B}[2Jline two\u{202E}\n".utf8))
        let raw: [Character] = ["\u{1B}", "\u{202E}", "\u{200B}", "\u{2066}", "\u{07}"]
        func clean(_ s: String) -> Bool { !s.unicodeScalars.contains { raw.contains(Character($0)) } }

        let list = try h.ok(["list"])
        #expect(clean(list.out) && clean(list.stderr), "\(list.out)")
        #expect(list.out.contains("inv\\u{001B}[2J"))
        #expect(list.out.contains("\\u{202E}"))
        let json = try h.ok(["list", "--json"])
        #expect(clean(json.out))
        let parsed = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(parsed.contains { $0["title"] as? String == hostile }, "JSON must keep the exact value")
        let outDir = h.directory.appendingPathComponent("o").path
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        for entry in parsed {
            let id = try #require(entry["id"] as? String)
            let shown = try h.ok(["show", id])
            #expect(clean(shown.out), "\(shown.out)")
            let opened = try h.ok(["open", id, "--out-dir", outDir])
            #expect(clean(opened.stderr), "\(opened.stderr)")
        }
        let missing = try h.run(["seal", h.directory.appendingPathComponent("no\u{1B}[2Jsuch\u{202E}").path])
        #expect(missing.status != 0)
        #expect(clean(missing.stderr), "\(missing.stderr)")
    }

    @Test("a FIFO named like an entry, or in the custody log: list and verify finish and say so")
    func fifo() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["seal", try h.write("a.txt", "hello")])
        #expect(mkfifo(h.vault + "/entries/ABCDEFGHJK.age", 0o600) == 0)
        symlink("/etc/passwd", h.vault + "/entries/BCDEFGHJKM.age")
        for command in [["list"], ["verify"]] {
            let r = try h.run(command)  // a hang here would time the suite out
            #expect(r.stderr.contains("entries/ABCDEFGHJK.age is a FIFO, not a file: skipped"), "\(r.stderr)")
            #expect(r.stderr.contains("entries/BCDEFGHJKM.age is a symbolic link"), "\(r.stderr)")
        }
        #expect(try h.run(["list"]).out.contains("a.txt"))
        // A FIFO among the custody log's segments: verify finishes and names it.
        let device = try FileManager.default.contentsOfDirectory(atPath: h.vault + "/log").sorted()[0]
        #expect(mkfifo(h.vault + "/log/\(device)/99.age", 0o600) == 0)
        let v = try h.run(["verify"])
        #expect(v.status != 0 && v.out.contains("log/\(device)/99.age"), "\(v.out)")
        // An input that is a FIFO is refused at once, not read (which would wait for a writer).
        let input = h.directory.appendingPathComponent("input.fifo").path
        #expect(mkfifo(input, 0o600) == 0)
        try h.fails(["seal", input], containing: "not a regular file")
        try h.fails(["verify", input], containing: "not a regular file")
    }

    @Test("partial files left in the vault folder and tmp/ by a killed process are removed at unlock")
    func stalePartials() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        // PID 99999999 is above Linux's pid_max: that writer is surely gone.
        let stale = [h.vault + "/.evault-99999999-0a0b0c0d0e0f.partial", h.vault + "/tmp/.evault-99999999-0a0b0c0d0e0f.partial"]
        for path in stale { #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8))) }
        try h.ok(["list"])
        for path in stale { #expect(!FileManager.default.fileExists(atPath: path), "\(path) was left") }

        // Where no unnamed file could be made (FAT), a killed open leaves a hidden
        // partial in the output folder: the next open there removes it.
        try h.ok(["seal", try h.write("a.txt", "hello")])
        let id = try #require(try h.listJSON().first?["id"] as? String)
        let out = h.directory.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let partial = out + "/.evault-99999999-0a0b0c0d0e0f.partial"
        #expect(FileManager.default.createFile(atPath: partial, contents: Data("plaintext".utf8)))
        try h.ok(["open", id, "--out-dir", out])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["a.txt"])
    }

    @Test("open A B --out-dir D with two documents of one name: both kept, the second renamed and reported")
    func nameCollision() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["seal", try h.write("one/report.txt", "first")])
        try h.ok(["seal", try h.write("two/report.txt", "second")])
        let ids = try h.listJSON().compactMap { $0["id"] as? String }
        #expect(ids.count == 2)
        let out = h.directory.appendingPathComponent("out").path
        for force in [false, true] {
            try? FileManager.default.removeItem(atPath: out)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let r = try h.ok(["open"] + ids + ["--out-dir", out] + (force ? ["--force"] : []))
            let contents = Set(try ["report.txt", "report-2.txt"].map { try String(contentsOfFile: out + "/" + $0, encoding: .utf8) })
            #expect(contents == ["first", "second"])
            #expect(r.stderr.contains("report-2.txt  (renamed"), "\(r.stderr)")
        }
    }

    @Test("-o - streams authenticated chunks and fails on damage; --atomic writes nothing")
    func damagedStream() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["seal", try Self.bigFile(h, "v.bin", megabytes: 1)])
        let file = try #require(try h.entryFiles().first)
        let id = String(file.prefix(10))
        let path = h.vault + "/entries/" + file
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 200 + 8 * 65552)
        try handle.write(contentsOf: Data(repeating: 0x55, count: 32))
        try handle.close()
        let streamed = try h.run(["open", id, "-o", "-"])
        #expect(streamed.status != 0)
        let atomic = try h.run(["open", id, "-o", "-", "--atomic"])
        #expect(atomic.status != 0)
        #expect(atomic.stdout.isEmpty)
        #expect(try h.run(["open", "--help"]).out.contains("--atomic"))
    }

    @Test("Ctrl-C at the passphrase prompt puts terminal echo back")
    func ctrlCAtPrompt() throws {
        guard let python = CLIHarness.tool("python3") else { try Skip.missingTool("python3") }
        let h = try CLIHarness()
        defer { h.cleanUp() }
        // A pseudo-terminal: evault prompts on it with echo off, then gets Ctrl-C.
        let script = """
import os, pty, sys, termios, time, signal
binary, vault = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.environ["EVAULT_VAULT"] = vault
    os.environ.pop("EVAULT_KEYFILE", None); os.environ.pop("EVAULT_PASSPHRASE_FILE", None)
    os.execv(binary, [binary, "init", "--vault", vault, "--work-factor", "10"])
out = b""
deadline = time.time() + 20
while b"passphrase" not in out.lower() and time.time() < deadline:
    try: out += os.read(fd, 1024)
    except OSError: break
# The prompt is written just before echo goes off: wait for that.
while (termios.tcgetattr(fd)[3] & termios.ECHO) and time.time() < deadline:
    time.sleep(0.01)
echo_off = not (termios.tcgetattr(fd)[3] & termios.ECHO)
os.write(fd, b"\\x03")
_, status = os.waitpid(pid, 0)
echo_back = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
print("prompted=%s echo_off_at_prompt=%s echo_restored=%s signaled_exit=%s" % (b"passphrase" in out.lower(), echo_off, echo_back, os.WIFEXITED(status) and os.WEXITSTATUS(status) == 130))
"""
        let r = try CLIHarness.external(python, ["-c", script, CLIHarness.binary, h.vault])
        #expect(r.out.contains("prompted=True echo_off_at_prompt=True echo_restored=True signaled_exit=True"), "\(r.out) \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.vault))
    }
}
