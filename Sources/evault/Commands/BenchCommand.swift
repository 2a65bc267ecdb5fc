import ArgumentParser
import EvaultCrypto
import IdentityStripping
import VaultCore

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

    @Option(help: "Append this many custody log segments to the vault (0: skip), as that many commands would.") var logSegments = 0
    @Option(help: "Events per appended segment.") var logEvents = 10
    @Flag(help: "Forget this device's custody log cache of the vault (to time a cold start).") var dropLogCache = false
    @OptionGroup var unlock: UnlockOptions

    func run() throws {
        if logSegments > 0 || dropLogCache {
            let vault = try unlock.unlock()
            if logSegments > 0 { try vault.fillLogForBenchmark(segments: logSegments, eventsPerSegment: max(1, logEvents)) }
            if dropLogCache { vault.dropLogCache() }
            return
        }
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
