import ArgumentParser
import IdentityStripping

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure identity stripping on an annotated corpus of witness notes.",
        discussion: """
        Prints declared identities surviving (target 0), detected identifiers surviving, undeclared names \
        surviving, and needless replacements; with the TAB court sample found (--tab, or \
        ../shared/tab-sample/echr_test_sample.json), TAB's entity recall on direct (ER_di) and \
        quasi-identifiers (ER_qi) at the chosen --level. Uses a random key; writes nothing.
        """
    )

    @Argument(help: ArgumentHelp("The corpus directory.", valueName: "DIR"))
    var corpus: String = "Tests/IdentityStrippingTests/Corpus"

    @Option(name: .long, help: ArgumentHelp("The TAB sample (echr_test_sample.json).", valueName: "FILE"))
    var tab: String?

    @Option(name: .long, help: "Stripping level for the TAB figures: normal or strict.")
    var level: StripLevel = .normal

    @Flag(name: .long, help: "Also list the TAB direct identifiers left in clear.")
    var missed = false

    @Flag(name: .long, help: "Also list the corpus strings that survived, the preserved words lost and replacements outside marked spans.")
    var survivors = false

    func run() throws {
        let report = try StrippingEvaluation.evaluate(corpusDirectory: corpus, tabSample: tab, level: level)
        print(report)
        if survivors {
            for s in report.survivors { print("  survivor: \(terminalSafe(s))") }
            for s in report.unmarkedExamples { print("  unmarked: \(terminalSafe(s))") }
        }
        if missed {
            for m in report.tabDirectMissed { print("  TAB direct missed: \(m)") }
            for m in report.tabQuasiMissed { print("  TAB quasi missed: \(m)") }
        }
    }
}
