import Foundation
import Testing

/// The evidence must outlive evault: entries open with Debian's `age`, unpack
/// with `tar`, and check with `sha256sum`.
@Suite("entries open with standard tools")
struct StandardToolsCLITests {
    @Test("age -d -i KEYFILE ENTRY | tar -x recovers metadata, content and a SHA256SUMS that sha256sum -c accepts")
    func ageTarSha256sum() throws {
        guard let age = CLIHarness.tool("age"), let tar = CLIHarness.tool("tar"), let sha256sum = CLIHarness.tool("sha256sum") else {
            try Skip.missingTool("age, tar or sha256sum")
        }
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        var bytes = Data(count: 3 * 65536 + 17)
        for i in 0..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 7) }
        let doc = try h.write("video clip.mp4", bytes)
        let receipt = try h.ok(["seal", doc, "--json"])
        let id = try #require((try JSONSerialization.jsonObject(with: receipt.stdout) as? [[String: Any]])?.first?["id"] as? String)

        let entry = h.vault + "/entries/\(id).age"
        let plain = try CLIHarness.external(age, ["-d", "-i", h.keyfile, entry])
        #expect(plain.status == 0, "age -d failed: \(plain.stderr)")
        let out = h.directory.appendingPathComponent("recovered")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let untar = try CLIHarness.external(tar, ["-x"], stdin: plain.stdout, in: out)
        #expect(untar.status == 0, "tar -x failed: \(untar.stderr)")
        let dir = out.appendingPathComponent(id)
        #expect(try Data(contentsOf: dir.appendingPathComponent("video clip.mp4")) == bytes)
        let metadata = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("metadata.json"))) as? [String: Any])
        #expect(metadata["id"] as? String == id)
        #expect(metadata["kind"] as? String == "document")
        #expect(metadata["media_type"] as? String == "video/mp4")
        let check = try CLIHarness.external(sha256sum, ["-c", "SHA256SUMS"], in: dir)
        #expect(check.status == 0, "sha256sum -c failed: \(check.out) \(check.stderr)")
    }

    @Test("an entry's bytes never contain the plaintext, the file name or the title")
    func nothingInClear() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let marker = "PLAINTEXT-MARKER-7f3a"
        let doc = try h.write("secret-name-\(marker).txt", String(repeating: marker + " ", count: 1000))
        try h.ok(["seal", doc, "--title", "title-\(marker)", "--tag", "tag-\(marker)"])
        for file in CLIHarness.allFiles(under: h.vault) {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(data.range(of: Data(marker.utf8)) == nil, "\(file) holds plaintext")
        }
    }
}
