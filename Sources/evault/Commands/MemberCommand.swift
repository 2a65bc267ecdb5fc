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
            print("member \(record.name) added (member id \(record.id), one new key slot under members/, no entry rewritten); they unlock with their own key file")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the members.")
        @OptionGroup var unlock: UnlockOptions
        @Flag(name: .long, help: "Print a JSON array.") var json = false

        func run() throws {
            let members = try unlock.unlock().members()
            if json {
                print(try OutputJSON.stable(members.map(MemberJSON.init), JSONShapes.memberList))
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
            abstract: "Remove a member and rotate the vault's keys.",
            discussion: """
            Deletes the member's key slot and gives the vault new keys for everything written from now on: \
            a new age identity (and with it a new entry-authentication key) and a new signing key, which the \
            old one names in a signed statement in the custody log. The remaining members get new key slots. \
            The pseudonym key is not rotated: that would change every pseudonym. \
            Removal cannot take back what the member already read or copied: documents, notes, and the old \
            keys, which still open every file written before. --reencrypt rewrites every entry and log file \
            under the new keys, so that the old keys open nothing left in the vault (run it with every \
            laptop synced: the rewritten log files replace the old ones).
            """
        )
        @OptionGroup var unlock: UnlockOptions
        @Argument(help: "The member's name.") var name: String
        @Flag(name: .long, help: "Rewrite every entry and log file under the new keys (progress on a terminal).") var reencrypt = false
        @OptionGroup var display: ProgressOptions

        func run() throws {
            let vault = try unlock.unlock()
            let founder = vault.acting == nil
            let progress = reencrypt ? display.make("re-encrypting", counting: .files) : nil
            let handler: ((Int, Int) -> Void)? = progress.map { p in
                { done, total in p.update(ProgressReport(item: "vault", done: Int64(done), total: Int64(total))) }
            }
            let record = try vault.removeMember(name: name, reencrypt: reencrypt, progress: handler)
            progress?.finish()
            print("member \(record.name) removed; the vault's keys were rotated (key generation \(vault.keyGeneration))")
            print("new minisign public key: \(vault.keyring.minisignPublicKey.base64)")
            print("send it to your partners: exports are signed with it from now on; the old key signed this statement naming it (also in the custody log):")
            if let statement = try vault.keyRotations().last?.statement {
                print("")
                print(statement, terminator: "")
                print("")
            }
            if reencrypt {
                print("every entry and log file was re-encrypted: \(record.name)'s old keys open nothing left in this vault")
            } else {
                print("files written before stay under the old keys, which \(record.name) held: they can still open those (not what is written from now on)")
            }
            print("warning: \(record.name) may still hold whatever they read or copied before: documents, notes and the old keys (which open any old copy of the vault)")
            if founder {
                print("note: the vault's own key file or passphrase from `evault init` opens only the old keys; unlock as a member from now on")
            }
        }
    }
}

struct MemberJSON: Encodable {
    let name: String, id: String, age_recipient: String, minisign_public_key: String, added_at: String
    init(_ m: MemberRecord) {
        name = m.name; id = m.id; age_recipient = m.ageRecipient; minisign_public_key = m.minisignPublicKey; added_at = m.addedAt
    }
}
