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
