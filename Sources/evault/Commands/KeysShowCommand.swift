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
