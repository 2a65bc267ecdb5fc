import ArgumentParser

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Show the public keys, change the passphrase, or export a key file.",
        subcommands: [KeysNewCommand.self, KeysShowCommand.self, KeysPasswdCommand.self, KeysExportCommand.self]
    )
}
