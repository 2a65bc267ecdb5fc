import ArgumentParser
import VaultCore

struct KeysShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print this vault's public keys, for partners to add.",
        discussion: "The age recipient is what partners encrypt to; the minisign public key is what they verify exports with."
    )

    @OptionGroup var unlock: UnlockOptions

    @Flag(name: .long, help: "Print {age_recipient, minisign_public_key} as JSON.")
    var json = false

    func run() throws {
        // A personal key file (`evault keys new`) needs no vault.
        if let path = unlock.keyfile, let key = try PersonalKeyOption.read(path: path, passphraseFile: unlock.passphraseFile) {
            print("personal key of \(key.name)")
            PersonalKeyLines.print(key)
            // When it is a member's key of the vault here, that vault's keys too.
            if let locked = try? LockedVault(path: unlock.location.path), let vault = try? unlock.unlock(), vault.acting != nil {
                print("vault \(locked.layout.root), key generation \(vault.keyGeneration):")
                print("vault age recipient:       \(vault.keyring.recipient.encoded)")
                print("vault minisign public key: \(vault.keyring.minisignPublicKey.base64)")
            }
            return
        }
        let vault = try unlock.unlock()
        if json {
            print(try OutputJSON.string(PublicKeysJSON(age_recipient: vault.keyring.recipient.encoded,
                                                       minisign_public_key: vault.keyring.minisignPublicKey.base64)))
            return
        }
        print("age recipient:       \(vault.keyring.recipient.encoded)")
        print("minisign public key: \(vault.keyring.minisignPublicKey.base64)")
    }
}

/// `keys show --json`.
struct PublicKeysJSON: Encodable {
    let age_recipient: String
    let minisign_public_key: String
}
