import ArgumentParser
import Foundation
import EvaultCrypto
import VaultCore

struct KeysNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create your personal key, to become a member of team vaults.",
        discussion: """
        Writes a new personal key file (mode 0600): an age identity, which team vaults wrap their keys \
        to, and an Ed25519 signing key, which signs the changes you make. It holds no vault secret. \
        Give the two printed lines (age1… and RW…) to a member of the vault, who runs \
        `evault member add NAME --age age1… --minisign RW…`. With --passphrase (asked twice on the \
        terminal) or --passphrase-file, the file is an age scrypt file instead; `age -d -i PATH` asks \
        for the passphrase.
        """
    )

    @Option(name: .long, help: ArgumentHelp("The new personal key file.", valueName: "PATH"))
    var keyfile: String

    @Option(name: .long, help: ArgumentHelp("Your name as the key file records it (letters, digits, - _ .).", valueName: "NAME"))
    var name: String = "member"

    @Flag(name: .long, help: "Protect the key file with a passphrase typed on the terminal.")
    var passphrase = false

    @Option(name: .long, help: ArgumentHelp("Protect the key file with the passphrase on the first line of this file.", valueName: "PATH"))
    var passphraseFile: String?

    func run() throws {
        let key = try PersonalKey.generate(name: name)
        let secret = (passphrase || passphraseFile != nil) ? try PassphraseSource.new(file: passphraseFile) : nil
        try key.write(to: keyfile, passphrase: secret, created: Timestamp.format(Date()))
        print("personal key for \(key.name) written to \(keyfile) (mode 0600\(secret == nil ? "" : ", under a passphrase"))")
        PersonalKeyLines.print(key)
    }
}

enum PersonalKeyLines {
    static func print(_ key: PersonalKey) {
        Swift.print("age recipient:       \(key.recipient.encoded)")
        Swift.print("minisign public key: \(key.minisignPublicKey.base64)")
    }
}

/// A personal key given with --keyfile, asking for its passphrase when it has one.
enum PersonalKeyOption {
    /// The personal key at `path`, or nil when the file is a vault key file.
    static func read(path: String, passphraseFile: String?) throws -> PersonalKey? {
        if PersonalKey.isPassphraseProtected(path: path) {
            return try PersonalKey.read(path: path, passphrase: passphrase(path, passphraseFile))
        }
        return try PersonalKey.read(ifPersonal: path)
    }

    static func passphrase(_ path: String, _ file: String?) throws -> SecureBytes {
        if let file { return try PassphraseSource.read(file: file) }
        if let env = ProcessInfo.processInfo.environment["EVAULT_PASSPHRASE_FILE"], !env.isEmpty {
            return try PassphraseSource.read(file: env)
        }
        guard let p = Terminal.readPassphrase(prompt: "Passphrase for \(path): ") else { throw VaultError.noUnlockMethod }
        return p
    }
}
