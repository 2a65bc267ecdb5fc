import Foundation
import Testing

/// `evault unlock --for` and `evault lock` with a passphrase vault, through the kernel keyring.
@Suite("evault unlock and lock")
struct UnlockCLITests {
    /// The kernel keyring is usable here (some containers' seccomp policies block it).
    static let keyringWorks: Bool = {
        guard let keyctl = CLIHarness.tool("keyctl") else { return false }
        return (try? CLIHarness.external(keyctl, ["show", "@s"]).status) == 0
    }()

    @Test("unlock once, then commands need no passphrase; lock forgets; an expired or foreign entry is one clear line",
          .enabled(if: keyringWorks, "the kernel keyring is unavailable here (keyctl show @s fails)"))
    func unlockAndLock() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        let pass = try h.write("pass.txt", "correct horse battery staple\n")
        let env = ["EVAULT_VAULT": h.vault]
        func run(_ args: [String]) throws -> CLIHarness.Result { try h.run(args, environment: env) }
        #expect(try run(["init", "--passphrase-file", pass, "--work-factor", "10"]).status == 0)
        let doc = try h.write("doc.txt", "the document")
        #expect(try run(["seal", doc, "--passphrase-file", pass]).status == 0)
        defer { _ = try? run(["lock"]) }

        // Without a passphrase and without a terminal: refused.
        #expect(try run(["list"]).status != 0)
        let unlocked = try run(["unlock", "--for", "10m", "--passphrase-file", pass])
        #expect(unlocked.status == 0 && unlocked.out.hasPrefix("unlocked for 10m"), "\(unlocked.stderr)")
        let listed = try run(["list", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.out.contains("doc.txt"))
        // The passphrase never reaches the keyring's description or any file.
        if let keyctl = CLIHarness.tool("keyctl") {
            let shown = try CLIHarness.external(keyctl, ["show", "@s"])
            #expect(shown.out.contains("evault:") && !shown.out.contains("correct horse"))
        }
        #expect(try run(["lock"]).out.hasPrefix("locked"))
        let after = try run(["list"])
        #expect(after.status != 0 && after.stderr.contains("no way to unlock"), "\(after.stderr)")
        #expect(try run(["lock"]).out.hasPrefix("nothing to lock"))

        // Expired: one clear line.
        #expect(try run(["unlock", "--for", "1s", "--passphrase-file", pass]).status == 0)
        usleep(2_200_000)
        let expired = try run(["list"])
        #expect(expired.status != 0)
        #expect(expired.stderr == "evault: the unlock of this vault has expired; run `evault unlock` again or give --passphrase-file\n",
                "\(expired.stderr)")

        // Foreign: the entry for this path holds another vault's keys (the vault was re-created).
        #expect(try run(["unlock", "--for", "10m", "--passphrase-file", pass]).status == 0)
        try FileManager.default.removeItem(atPath: h.vault)
        #expect(try run(["init", "--passphrase-file", pass, "--work-factor", "10"]).status == 0)
        let foreign = try run(["list"])
        #expect(foreign.status != 0)
        #expect(foreign.stderr.split(separator: "\n").count == 1 && foreign.stderr.contains("does not hold its keys"), "\(foreign.stderr)")
        #expect(try run(["lock"]).status == 0)

        // Bad durations are refused before anything is asked.
        try h.fails(["unlock", "--for", "forever", "--passphrase-file", pass], containing: "--for takes a duration")
        try h.fails(["unlock", "--for", "25h", "--passphrase-file", pass], containing: "at most 24h")
    }
}
