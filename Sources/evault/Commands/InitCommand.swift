import ArgumentParser
import VaultCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new vault and its keys.",
        discussion: """
        By default the keys are stored inside the vault, encrypted under a passphrase (an age scrypt \
        file: `age -d` and the passphrase recover them). With --keyfile PATH they go to a new key file \
        instead (mode 0600), which keeps them off the vault drive and serves automation; that file is \
        also an age identity file, so `age -d -i PATH ENTRY` opens entries directly. The key file must \
        be outside the vault folder; a passphrase has at least 8 characters.
        """
    )

    @OptionGroup var location: VaultLocationOptions

    @Option(name: .long, help: ArgumentHelp("Write the keys to this new key file instead of the vault.", valueName: "PATH"))
    var keyfile: String?

    @Option(name: .long, help: ArgumentHelp("Read the new passphrase from the first line of this file.", valueName: "PATH"))
    var passphraseFile: String?

    @Option(name: .long, help: ArgumentHelp("scrypt work factor (log2 N) for the passphrase.", valueName: "N", visibility: .hidden))
    var workFactor: Int = Vault.defaultWorkFactor

    func validate() throws {
        if keyfile != nil && passphraseFile != nil {
            throw ValidationError("choose one: --keyfile (keys in a separate file) or --passphrase-file (keys in the vault)")
        }
        guard (10...Vault.maxWorkFactor).contains(workFactor) else {
            throw ValidationError("--work-factor must be between 10 and \(Vault.maxWorkFactor)")
        }
    }

    func run() throws {
        let protection: KeyProtection
        if let keyfile {
            protection = .keyFile(path: keyfile)
        } else {
            protection = .passphrase(try PassphraseSource.new(file: passphraseFile), workFactor: workFactor)
        }
        let vault = try Vault.create(at: location.path, protection: protection)
        print("created vault \(location.path)")
        if let keyfile { print("keys written to \(keyfile) (mode 0600): keep it safe and off the vault drive") }
        print("age recipient:       \(vault.keyring.recipient.encoded)")
        print("minisign public key: \(vault.keyring.minisignPublicKey.base64)")
    }
}
