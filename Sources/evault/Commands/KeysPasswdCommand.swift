import ArgumentParser
import EvaultCrypto
import VaultCore

struct KeysPasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Change the passphrase that protects the keys; entries are not touched.",
        discussion: """
        Unlock as usual (current passphrase or key file); the new passphrase is read from \
        --new-passphrase-file or asked twice on the terminal, and has at least 8 characters. The keys are \
        rewritten as a format-2 key file (docs/FORMAT.md section 2). On a vault created with --keyfile this \
        adds a passphrase-protected copy of the keys to the vault. The new key file is this device's \
        own (keys/DEVICE.age): after a sync, each device's passphrase still opens the vault, and the \
        old passphrase stops working once keys.age is gone.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Option(name: .long, help: ArgumentHelp("Read the new passphrase from the first line of this file.", valueName: "PATH"))
    var newPassphraseFile: String?

    @Option(name: .long, help: ArgumentHelp("scrypt work factor (log2 N) for the passphrase.", valueName: "N", visibility: .hidden))
    var workFactor: Int = Vault.defaultWorkFactor

    func validate() throws {
        guard (10...Vault.maxWorkFactor).contains(workFactor) else {
            throw ValidationError("--work-factor must be between 10 and \(Vault.maxWorkFactor)")
        }
    }

    func run() throws {
        let vault = try unlock.unlock()
        let passphrase: SecureBytes
        if let newPassphraseFile {
            passphrase = try PassphraseSource.read(file: newPassphraseFile)
        } else {
            guard let first = Terminal.readPassphrase(prompt: "New passphrase: "),
                  let second = Terminal.readPassphrase(prompt: "Repeat new passphrase: ") else {
                throw VaultError.noUnlockMethod
            }
            guard first.constantTimeEquals(second) else { throw VaultError.invalidArgument("the two passphrases differ; nothing was changed") }
            passphrase = first
        }
        try vault.changePassphrase(to: passphrase, workFactor: workFactor)
        print("passphrase changed")
    }
}
