import Foundation
import Testing

/// New pseudonyms come from at least 2^40 (FORMAT.md section 8, "Pseudonym
/// space"); people and identifiers a vault already named keep the shorter
/// pseudonyms it gave them. The fixture `Fixtures/format2-narrow` is a vault
/// written by evault before the widening (see its README.md): it holds a note
/// whose witness, declared person and phone number got two-word and
/// four-character pseudonyms.
@Suite("Pseudonym space: wide new pseudonyms, old ones kept (CLI)")
struct PseudonymSpaceCLITests {
    static let fixture = CLIHarness.packageRoot.appendingPathComponent("Tests/EvaultCLITests/Fixtures/format2-narrow").path

    /// What the pre-widening code gave, read from the fixture's README (`name -> pseudonym` lines).
    static func recorded() throws -> [String: String] {
        let text = try String(contentsOfFile: fixture + "/README.md", encoding: .utf8)
        var map: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("    ") && line.contains(" -> ") {
            let parts = line.trimmingCharacters(in: .whitespaces).components(separatedBy: " -> ")
            if parts.count == 2 { map[parts[0]] = parts[1] }
        }
        return map
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }

    @Test("a vault written before the widening keeps every pseudonym it gave; new people and numbers get 40-bit ones")
    func oldKeptNewWide() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try FileManager.default.copyItem(atPath: Self.fixture + "/vault", toPath: h.vault)
        try FileManager.default.copyItem(atPath: Self.fixture + "/narrow.key", toPath: h.keyfile)
        chmod(h.keyfile, 0o600)
        let old = try Self.recorded()
        let maria = try #require(old["Maria Lopez"]), aslan = try #require(old["Aslan Umarov"]), phone = try #require(old["+7 928 123-45-67"])
        #expect(Self.matches(maria, "^Person [a-z]+-[a-z]+$") && Self.matches(phone, "^\\[phone [0-9A-Z]{4}\\]$"), "a narrow fixture")
        #expect(try h.ok(["who", "Maria Lopez"]).out == maria + "\n")

        let text = "Maria Lopez met Aslan Umarov again; his number is still +7 928 123-45-67. Kheda Saidova called from +7 928 765-43-21."
        let id = String(try h.ok(["seal", "--note", "-", "--witness", "Maria Lopez", "--identity", "Aslan Umarov",
                                  "--identity", "Kheda Saidova"], stdin: Data(text.utf8)).out.prefix(10))
        let shown = try h.ok(["show", id]).out
        #expect(shown.contains("Witness " + maria.dropFirst("Person ".count)), "\(shown)")
        #expect(shown.contains(aslan) && shown.contains(phone), "old pseudonyms kept: \(shown)")
        let kheda = try h.ok(["who", "Kheda Saidova"]).out.trimmingCharacters(in: .newlines)
        #expect(Self.matches(kheda, "^Person [a-z]+-[a-z]+-[0-9A-HJKMNP-TV-Z]{5}$"), "a new person: \(kheda)")
        #expect(shown.contains(kheda))
        #expect(Self.matches(shown, "\\[phone [0-9A-HJKMNP-TV-Z]{8}\\]"), "a new number gets 8 characters: \(shown)")
        #expect(!shown.contains("Kheda") && !shown.contains("765-43-21"))
        let v = try h.run(["verify"])
        #expect(v.status == 0, "\(v.out)")
    }
}
