import Testing
import IdentityStripping

/// `StripLevel.strict` adds quasi-identifiers; `normal` leaves them alone.
@Suite struct StrictLevelTests {
    func run(_ text: String, _ level: StripLevel) -> StripResult {
        var registry = PseudonymRegistry()
        let stripper = IdentityStripper(pseudonymizer: Pseudonymizer(key: fixedKey()), options: StripOptions(level: level))
        return stripper.strip(text, registry: &registry)
    }

    @Test func strictReplacesQuasiIdentifiers() {
        let text = "On 14 March 2019 the 34-year-old nurse from Shali, whose brother works at the Kurchaloi district hospital, was held for two weeks."
        let r = run(text, .strict)
        for gone in ["14 March 2019", "34", "nurse", "Shali", "brother", "Kurchaloi", "two weeks"] {
            #expect(!r.text.contains(gone), "\(gone) survived in \(r.text)")
        }
        let kinds = Set(r.replacements.map(\.kind))
        #expect(kinds.isSuperset(of: [.date, .number, .entity, .relative]), "\(kinds)")
        // Function words and the sentence's grammar stay.
        #expect(r.text.hasPrefix("On ") && r.text.contains(" was held for "))
    }

    @Test func normalLeavesQuasiIdentifiers() {
        let text = "On 14 March 2019 the nurse from Shali, whose brother works at the hospital, was held for two weeks."
        let r = run(text, .normal)
        #expect(r.text == text, "\(r.text)")
    }

    @Test func strictStillReplacesDirectIdentifiers() {
        let r = run("Call +7 928 123-45-67 or write to a.b@mail.ru.", .strict)
        #expect(r.replacements.contains { $0.kind == .phone } && r.replacements.contains { $0.kind == .email })
    }
}
