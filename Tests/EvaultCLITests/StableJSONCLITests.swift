import Foundation
import Testing

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
                                        "redacted", "pseudonyms", "witness", "original_kept"])
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
