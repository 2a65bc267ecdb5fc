import ArgumentParser
import IdentityStripping

/// Entry points for `make bench` that need the library rather than the CLI.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks used by `make bench`.",
        shouldDisplay: false
    )

    @Option(help: "Megabytes of text to strip.") var megabytes = 20
    @Option(help: "Declared identities.") var identities = 1000

    func run() throws {
        let result = StrippingBenchmark.run(megabytes: megabytes, identities: identities)
        print(result)
    }
}
