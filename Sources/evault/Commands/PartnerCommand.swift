import ArgumentParser
import Foundation
import VaultCore

struct PartnerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner",
        abstract: "Manage the partners this vault exports to (kept encrypted in the vault).",
        discussion: "A partner's age recipient is what exports are encrypted to; its minisign public key, if given, is what bundles it sends are verified with. Both are printed by `evault keys show` on the partner's side.",
        subcommands: [Add.self, List.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a partner.")
        @OptionGroup var unlock: UnlockOptions
        @Argument(help: "A short name for the partner, used with `export --to` (no spaces or commas).") var name: String
        @Option(name: .long, help: ArgumentHelp("The partner's age recipient (age1…).", valueName: "RECIPIENT")) var age: String
        @Option(name: .long, help: ArgumentHelp("The partner's minisign public key (RW…, or a .pub file).", valueName: "PUBKEY")) var minisign: String?

        func run() throws {
            let vault = try unlock.unlock()
            let partner = try vault.addPartner(name: name, ageRecipient: age, minisignPublicKey: try minisign.map(KeyArgument.read))
            print("partner \(partner.name) added: exports are encrypted to \(partner.ageRecipient)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List partners.")
        @OptionGroup var unlock: UnlockOptions
        @Flag(name: .long, help: "Print a JSON array.") var json = false

        func run() throws {
            let partners = try unlock.unlock().partners()
            if json {
                print(try OutputJSON.stable(partners.map(PartnerJSON.init), JSONShapes.partnerList))
                return
            }
            if partners.isEmpty { Terminal.note("no partners; add one with `evault partner add NAME --age RECIPIENT`") }
            for p in partners {
                print("\(p.name)  \(p.ageRecipient)  \(p.minisignPublicKey.map { "minisign \($0)" } ?? "(no minisign key)")  added \(p.addedAt)")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a partner (its pseudonyms go with it).")
        @OptionGroup var unlock: UnlockOptions
        @Argument(help: "The partner's name.") var name: String

        func run() throws {
            try unlock.unlock().removePartner(name: name)
            print("partner \(name) removed")
        }
    }
}

struct PartnerJSON: Encodable {
    let name: String, age_recipient: String, minisign_public_key: String?, added_at: String
    init(_ p: Partner) {
        name = p.name; age_recipient = p.ageRecipient; minisign_public_key = p.minisignPublicKey; added_at = p.addedAt
    }
}

/// A public key given on the command line: the key itself, or a file holding it.
enum KeyArgument {
    static func read(_ argument: String) throws -> String {
        guard FileManager.default.fileExists(atPath: argument) else { return argument }
        guard let data = FileManager.default.contents(atPath: argument), data.count <= 64 * 1024 else {
            throw VaultError.unreadableInput(path: argument, reason: "cannot read the key file")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
