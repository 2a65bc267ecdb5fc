import ArgumentParser
import Foundation
import VaultCore

struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Manage the team members who hold their own key to this vault.",
        discussion: """
        Each member has a personal key (`evault keys new`); the vault's keys are wrapped to it in a small \
        key slot, members/ID.age. Any member (or the vault's own key) can add or remove members; each \
        change is a custody-log event signed by whoever made it. Member names stay inside the encrypted log.
        """,
        subcommands: [Add.self, List.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a member: writes their key slot, no entry.")
        @OptionGroup var unlock: UnlockOptions
        @Argument(help: "The member's name (letters, digits, - _ .).") var name: String
        @Option(name: .long, help: ArgumentHelp("The member's age recipient (age1…), from `evault keys new`.", valueName: "RECIPIENT")) var age: String
        @Option(name: .long, help: ArgumentHelp("The member's minisign public key (RW…, or a .pub file).", valueName: "PUBKEY")) var minisign: String

        func run() throws {
            let vault = try unlock.unlock()
            let record = try vault.addMember(name: name, ageRecipient: age, minisignPublicKey: try KeyArgument.read(minisign))
            print("member \(record.name) added (key slot members/\(record.id).age); they unlock with their own key file")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the members.")
        @OptionGroup var unlock: UnlockOptions
        @Flag(name: .long, help: "Print a JSON array.") var json = false

        func run() throws {
            let members = try unlock.unlock().members()
            if json {
                print(try OutputJSON.string(members.map(MemberJSON.init)))
                return
            }
            if members.isEmpty { Terminal.note("no members; add one with `evault member add NAME --age age1… --minisign RW…`") }
            for m in members {
                print("\(m.name)  \(m.ageRecipient)  minisign \(m.minisignPublicKey)  added \(m.addedAt)")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a member.",
            discussion: """
            Removing a member deletes their key slot and logs the removal. It cannot take back what they \
            already read or copied: documents, notes, and their key slot, which holds the vault's keys. \
            This version does not yet rotate the vault's keys, so a removed member who kept a copy of \
            their slot (or of the vault key) can still open every entry, including new ones.
            """
        )
        @OptionGroup var unlock: UnlockOptions
        @Argument(help: "The member's name.") var name: String
        @Flag(name: .long, help: "Rewrite every file of the vault under new keys (not implemented yet).") var reencrypt = false

        func run() throws {
            let record = try unlock.unlock().removeMember(name: name, reencrypt: reencrypt)
            print("member \(record.name) removed: their key slot is deleted and the removal is in the custody log")
            print("warning: \(record.name) may still hold whatever they read or copied before, including a copy of their key slot;")
            print("warning: the vault's keys were NOT rotated (not implemented yet): with such a copy they can still open every entry")
        }
    }
}

struct MemberJSON: Encodable {
    let name: String, id: String, age_recipient: String, minisign_public_key: String, added_at: String
    init(_ m: MemberRecord) {
        name = m.name; id = m.id; age_recipient = m.ageRecipient; minisign_public_key = m.minisignPublicKey; added_at = m.addedAt
    }
}
