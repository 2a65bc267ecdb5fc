import ArgumentParser
import Foundation
import VaultCore

@main
struct Evault: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evault",
        abstract: "An evidence vault: seal documents and witness notes, strip identities, verify, share.",
        discussion: """
        Entries are standard age files; the SHA-256 shown equals sha256sum's. Keys are unlocked with \
        --keyfile PATH (or EVAULT_KEYFILE), --passphrase-file PATH (or EVAULT_PASSPHRASE_FILE), or a \
        prompt on the terminal; never pass a secret on the command line. The vault is --vault DIR, \
        EVAULT_VAULT, or ~/.local/share/evault.
        """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, SealCommand.self, ListCommand.self, OpenCommand.self, ShowCommand.self,
            VerifyCommand.self, KeysCommand.self, StripCommand.self, WhoCommand.self, KeepCommand.self,
            EvaluateCommand.self, BenchCommand.self, PartnerCommand.self, ExportCommand.self, DiscloseCommand.self,
            InspectCommand.self, UnpackCommand.self, ImportCommand.self, ExportsCommand.self,
            UnlockCommand.self, LockCommand.self,
            LogCommand.self, CheckpointCommand.self, ProveCommand.self, MemberCommand.self,
            RmCommand.self, EditCommand.self, SearchCommand.self,
        ]
    )

    /// One line on standard error and a non-zero exit for every failure the user
    /// can act on; argument errors keep swift-argument-parser's usage message.
    static func main() {
        InterruptCleanup.disableCoreDumps()
        InterruptCleanup.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as VaultError {
            fail(error.description)
        } catch let error as CommandFailure {
            fail(error.message)
        } catch let error where isUserFacing(error) {
            fail("\(error)")
        } catch {
            // --help and --version exit cleanly through the parser; a usage error
            // becomes one line, like every other refusal.
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            Terminal.error("\(message) (see `evault help`)")
            Foundation.exit(code.rawValue)
        }
    }

    /// Errors from evault's own layers print as one line; parser errors do not come here.
    private static func isUserFacing(_ error: Error) -> Bool {
        let module = String(reflecting: type(of: error))
        return ["AgeFormat.", "Minisign.", "TarFormat.", "IdentityStripping.", "EvaultCrypto.", "VaultCore."]
            .contains { module.hasPrefix($0) }
    }

    static func fail(_ message: String) -> Never {
        Terminal.error(message)
        Foundation.exit(1)
    }
}

/// A failure found by the CLI itself (bad combination of arguments found late).
struct CommandFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
