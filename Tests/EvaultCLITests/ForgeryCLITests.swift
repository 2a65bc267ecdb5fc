import Foundation
import Testing

/// The vault's public recipient is given to partners, so anyone may encrypt to
/// it. A file that decrypts is therefore not yet authentic: entries and state
/// files must carry a tag only the vault's key holders can make.
@Suite("forged vault files are refused")
struct ForgeryCLITests {
    static func recipient(_ h: CLIHarness) throws -> String {
        let shown = try h.ok(["keys", "show"]).out
        return try #require(shown.split(separator: "\n").first { $0.hasPrefix("age recipient:") }?
            .split(separator: " ").last.map(String.init))
    }

    @Test("an entry re-encrypted to the vault's public recipient with altered content is named as damaged")
    func forgedEntry() throws {
        guard let age = CLIHarness.tool("age"), let python = CLIHarness.tool("python3") else {
            try Skip.missingTool("age or python3")
        }
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["seal", try h.write("memo.txt", "the original memo")])
        let file = try #require(try h.entryFiles().first)
        let id = String(file.prefix(10))
        let plain = try CLIHarness.external(age, ["-d", "-i", h.keyfile, h.vault + "/entries/" + file])
        #expect(plain.status == 0)

        // What an attacker without the secret key can do: rewrite content and
        // SHA256SUMS consistently, then encrypt to the public recipient.
        let script = """
        import hashlib, io, sys, tarfile
        src = tarfile.open(fileobj=io.BytesIO(sys.stdin.buffer.read()))
        out = io.BytesIO()
        dst = tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT)
        forged = b"a forged memo"
        for m in src.getmembers():
            data = src.extractfile(m).read()
            if m.name.endswith("/memo.txt"): data = forged
            if m.name.endswith("/SHA256SUMS"): data = (hashlib.sha256(forged).hexdigest() + "  memo.txt\\n").encode()
            m.size = len(data)
            dst.addfile(m, io.BytesIO(data))
        dst.close()
        sys.stdout.buffer.write(out.getvalue())
        """
        let forgedTar = try CLIHarness.external(python, ["-c", script], stdin: plain.stdout)
        #expect(forgedTar.status == 0, "\(forgedTar.stderr)")
        let forged = try CLIHarness.external(age, ["-e", "-r", try Self.recipient(h)], stdin: forgedTar.stdout)
        #expect(forged.status == 0)
        try forged.stdout.write(to: URL(fileURLWithPath: h.vault + "/entries/" + file))
        try FileManager.default.removeItem(atPath: h.vault + "/index.age")

        let r = try h.run(["verify"])
        #expect(r.status != 0)
        #expect(r.out.contains("DAMAGED  \(id)"))
        #expect(r.out.contains("authentication tag mismatch"))
        try h.fails(["open", id, "-o", "-"], containing: "authentication tag mismatch")
        #expect(try h.run(["list"]).status != 0)
    }

    @Test("a custody log segment or index encrypted to the public recipient by someone else is refused")
    func forgedState() throws {
        guard let age = CLIHarness.tool("age") else {
            try Skip.missingTool("age")
        }
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["keep", "add", "Ramzan Kadyrov"])
        let forged = try CLIHarness.external(age, ["-e", "-r", try Self.recipient(h)], stdin: Data("{\"keep\":[\"Anzor\"]}".utf8))
        let writer = try #require(try FileManager.default.contentsOfDirectory(atPath: h.vault + "/log").first)
        try forged.stdout.write(to: URL(fileURLWithPath: h.vault + "/log/\(writer)/00000002.age"))
        try h.fails(["keep", "list"], containing: "not written with this vault's keys")
        try h.fails(["seal", "--note", "-"], stdin: Data("Anzor was there.".utf8), containing: "00000002.age")

        // A forged index is only a cache: it is ignored and rebuilt from the entries.
        let h2 = try CLIHarness()
        defer { h2.cleanUp() }
        try h2.initVault()
        try h2.ok(["seal", try h2.write("a.txt", "a")])
        let fakeIndex = try CLIHarness.external(age, ["-e", "-r", try Self.recipient(h2)], stdin: Data("evault-index/2\n".utf8))
        try fakeIndex.stdout.write(to: URL(fileURLWithPath: h2.vault + "/index.age"))
        #expect(try h2.listJSON().count == 1)
    }
}
