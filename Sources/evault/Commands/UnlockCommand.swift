import ArgumentParser
import Foundation
import VaultCore

struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Keep the vault's keys unlocked for a while, so commands stop asking.",
        discussion: """
        The keys are kept by the Linux kernel in this login session's keyring (never on disk) until \
        the time is up, the session ends, or `evault lock`. Other commands on this vault then use them \
        instead of asking for the passphrase. Where the kernel keyring is unavailable (some containers), \
        evault says so and asks each time.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Option(name: .customLong("for"), help: ArgumentHelp("How long: 90s, 10m, 1h, 1h30m (at most 24h).", valueName: "DURATION"))
    var duration: String = "10m"

    func validate() throws {
        guard let seconds = Duration.seconds(duration), seconds > 0 else {
            throw ValidationError("--for takes a duration such as 90s, 10m, 1h or 1h30m")
        }
        guard seconds <= SessionUnlock.maxSeconds else { throw ValidationError("--for is at most 24h") }
    }

    func run() throws {
        let vault = try unlock.unlock()
        let seconds = Duration.seconds(duration) ?? 600
        try vault.keepUnlocked(seconds: seconds)
        let until = Date().addingTimeInterval(TimeInterval(seconds))
        let format = DateFormatter()
        format.dateFormat = "HH:mm"
        let clock = format.string(from: until)
        print("unlocked for \(duration), until \(clock); `evault lock` forgets the keys now")
    }

    /// "90s", "10m", "1h", "1h30m", or plain seconds.
    enum Duration {
        static func seconds(_ text: String) -> UInt32? {
            if let plain = UInt32(text) { return plain }
            var total: UInt64 = 0, number: UInt64 = 0, sawDigit = false
            for c in text {
                if let d = c.wholeNumberValue, c.isASCII {
                    number = number * 10 + UInt64(d)
                    sawDigit = true
                    guard number < 1 << 32 else { return nil }
                    continue
                }
                guard sawDigit, let unit = ["s": 1, "m": 60, "h": 3600][String(c)] else { return nil }
                total += number * UInt64(unit)
                number = 0
                sawDigit = false
            }
            guard !sawDigit, total <= UInt64(UInt32.max) else { return nil }
            return UInt32(total)
        }
    }
}
