import ArgumentParser
import EvaultCrypto
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
    @Option(help: "Megabytes to hash with each SHA-256 implementation (0: skip).") var hashMegabytes = 0
    @Option(help: "Megabytes to encrypt with each ChaCha20-Poly1305 implementation (0: skip).") var aeadMegabytes = 0

    func run() throws {
        if aeadMegabytes > 0 {
            print(AEADBenchmark.run(megabytes: aeadMegabytes))
            return
        }
        if hashMegabytes > 0 {
            print(HashBenchmark.run(megabytes: hashMegabytes))
            return
        }
        print(StrippingBenchmark.run(megabytes: megabytes, identities: identities))
    }
}
