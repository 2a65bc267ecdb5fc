import ArgumentParser
import VaultCore

struct KeysExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the vault's keys to a new key file (mode 0600).",
        discussion: """
        Unlocks with the passphrase (--passphrase-file or the terminal) and writes the keys to the new \
        file named by --keyfile. The file opens every entry (`age -d -i FILE ENTRY` too): keep it \
        offline. Existing files are never overwritten.
        """
    )

    @OptionGroup var location: VaultLocationOptions

    @Option(name: .long, help: ArgumentHelp("The new key file to write.", valueName: "PATH"))
    var keyfile: String

    @Option(name: .long, help: ArgumentHelp("Read the passphrase from the first line of this file.", valueName: "PATH"))
    var passphraseFile: String?

    func run() throws {
        let vault = try UnlockOptions.unlock(location: location, keyfile: nil, passphraseFile: passphraseFile)
        try vault.exportKeyFile(to: keyfile)
        print("keys written to \(keyfile) (mode 0600)")
    }
}
