import ArgumentParser
import VaultCore

struct WhoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "who",
        abstract: "Print the pseudonym this vault gives a person.",
        discussion: "The name is hashed with the vault's pseudonym key; it is not stored. `evault list --who NAME` finds the entries that mention the person."
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: "The person's name.")
    var name: String

    func run() throws {
        let vault = try unlock.unlock()
        print(try vault.pseudonym(of: name))
    }

    /// `--who` accepts a name or a pseudonym: both forms of a person's pseudonym match.
    static func pseudonyms(for who: String, in vault: Vault) throws -> Set<String> {
        var set: Set<String> = []
        // A person appears as `Person words` in text and `Witness words` as a note's witness.
        for p in [who, try vault.pseudonym(of: who)] {
            set.insert(p)
            for prefix in ["Witness ", "Person "] where p.hasPrefix(prefix) {
                let words = p.dropFirst(prefix.count)
                set.insert("Witness " + words)
                set.insert("Person " + words)
            }
        }
        return set
    }
}
