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

extension StableJSONTests {
    static func any(_ r: CLIHarness.Result) throws -> Any {
        try JSONSerialization.jsonObject(with: r.stdout, options: [.fragmentsAllowed])
    }

    /// Every key the README documents for `command`, present in each object (null allowed).
    static func expectKeys(_ object: Any?, _ keys: String, _ command: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let dict = object as? [String: Any] else {
            Issue.record("\(command): not a JSON object: \(String(describing: object))", sourceLocation: sourceLocation)
            return
        }
        let expected = Set(keys.split(separator: " ").map(String.init))
        #expect(Set(dict.keys) == expected, "\(command): keys \(dict.keys.sorted()) ≠ \(expected.sorted())", sourceLocation: sourceLocation)
    }

    @Test("verify, who, keep list, partner list, exports, show, log, member list, rm, edit, search --json: documented keys, null when empty")
    func everyReportingCommand() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let doc = try h.write("doc.bin", "no title here")
        let id = try #require(try Self.objects(try h.ok(["seal", doc, "--json"])).first?["id"] as? String)
        let text = try h.write("text.txt", "a searchable sentence\n")
        let textID = try #require(try Self.objects(try h.ok(["seal", text, "--json"])).first?["id"] as? String)

        let verify = try Self.any(try h.ok(["verify", "--json"])) as? [String: Any]
        Self.expectKeys(verify, "ok verified damaged deleted returned index_problems log_problems events devices", "verify")
        #expect(verify?["ok"] as? Bool == true && (verify?["verified"] as? [String])?.count == 2)
        let lookup = try Self.any(try h.ok(["verify", doc, "--json"])) as? [[String: Any]]
        Self.expectKeys(lookup?.first, "label sha256 sealed entries", "verify FILE")
        Self.expectKeys((lookup?.first?["entries"] as? [[String: Any]])?.first, "id sealed_at member", "verify FILE entries")
        let missing = try h.run(["verify", "--sha256", String(repeating: "0", count: 64), "--json"])
        #expect(missing.status == 1)
        #expect(((try Self.any(missing) as? [[String: Any]])?.first?["sealed"] as? Bool) == false)

        let who = try Self.any(try h.ok(["who", "Nobody Declared", "--json"])) as? [String: Any]
        Self.expectKeys(who, "pseudonym witness known", "who")
        #expect(who?["known"] as? Bool == false)

        try h.ok(["keep", "add", "Novaya Gazeta"])
        Self.expectKeys((try Self.any(try h.ok(["keep", "list", "--json"])) as? [[String: Any]])?.first, "name", "keep list")

        try h.ok(["partner", "add", "newsroom", "--age", CustodyLogCLITests.recipient])
        let partner = (try Self.any(try h.ok(["partner", "list", "--json"])) as? [[String: Any]])?.first
        Self.expectKeys(partner, "name age_recipient minisign_public_key added_at", "partner list")
        #expect(partner?["minisign_public_key"] is NSNull)

        try h.ok(["export", "--to", "newsroom", "-o", h.directory.appendingPathComponent("b.age").path, textID])
        let export = (try Self.any(try h.ok(["exports", "--json"])) as? [[String: Any]])?.first
        Self.expectKeys(export, "exported_at to file bundle_sha256 manifest_sha256 linkable entries", "exports")
        Self.expectKeys((export?["entries"] as? [[String: Any]])?.first, "id exported original_sha256 file_sha256 commitment", "exports entries")

        let show = try Self.any(try h.ok(["show", id, "--json"])) as? [String: Any]
        Self.expectKeys(show, "metadata sha256 redacted_sha256 clean", "show")
        Self.expectKeys(show?["metadata"], """
            format id kind sealed_at name title tags media_type size content redacted pseudonyms redactions witness origin \
            clean clean_size clean_error clean_report
            """, "show metadata")
        #expect((show?["metadata"] as? [String: Any])?["title"] is NSNull)

        let log = try Self.any(try h.ok(["log", "--json"])) as? [[String: Any]]
        for line in log ?? [] { Self.expectKeys(line, "at kind device position entry member", "log") }
        #expect(log?.contains { $0["entry"] is NSNull } == true)

        let person = try MemberCLITests.newKey(h, "alice")
        try MemberCLITests.add(h, person)
        let member = (try Self.any(try h.ok(["member", "list", "--json", "--keyfile", person.keyfile])) as? [[String: Any]])?.first
        Self.expectKeys(member, "name id age_recipient minisign_public_key added_at", "member list")

        let edited = try Self.any(try h.ok(["edit", id, "--tag", "checked", "--json", "--keyfile", person.keyfile]))
        Self.expectKeys(edited, "id title tags", "edit")
        let found = (try Self.any(try h.ok(["search", "searchable", "--json", "--keyfile", person.keyfile])) as? [[String: Any]])?.first
        Self.expectKeys(found, "id kind title member matches context via_pseudonym", "search")
        let removed = (try Self.any(try h.ok(["rm", id, "--yes", "--json", "--keyfile", person.keyfile])) as? [[String: Any]])?.first
        Self.expectKeys(removed, "id title file_removed", "rm")
        let after = try Self.any(try h.ok(["verify", "--json", "--keyfile", person.keyfile])) as? [String: Any]
        Self.expectKeys((after?["deleted"] as? [[String: Any]])?.first, "id at device", "verify deleted")
    }
}
