import ArgumentParser
import IdentityStripping

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure identity stripping on an annotated corpus of witness notes.",
        discussion: "Prints declared identities surviving (target 0), detected identifiers surviving, undeclared names surviving, and needless replacements. Uses a random key; writes nothing."
    )

    @Argument(help: ArgumentHelp("The corpus directory.", valueName: "DIR"))
    var corpus: String = "Tests/IdentityStrippingTests/Corpus"

    func run() throws {
        let report = try StrippingEvaluation.evaluate(corpusDirectory: corpus)
        print(report)
    }
}
