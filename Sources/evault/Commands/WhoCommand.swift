import ArgumentParser
import VaultCore

struct WhoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "who",
        abstract: "Print the pseudonym this vault gives a person.",
        discussion: "The name is hashed with the vault's pseudonym key; it is not stored. Give - to read the name from standard input (or /dev/fd/N) so it stays out of ps and the shell history. `evault list --who-file FILE` finds the entries that mention the person."
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: "The person's name, or - to read it from standard input (a name on the command line is visible to other local users and stays in the shell history).")
    var name: String

    @Flag(name: .long, help: "Print a JSON object: pseudonym, witness (how a note shows them as its witness), known (whether this vault has already given them this pseudonym).")
    var json = false

    func run() throws {
        let person = name == "-" ? try NameInput.name("-", option: "who") : name
        let vault = try unlock.unlock()
        let pseudonym = try vault.pseudonym(of: person)
        if json {
            let witness = pseudonym.hasPrefix("Person ") ? "Witness " + pseudonym.dropFirst("Person ".count) : nil
            print(try OutputJSON.stable(WhoJSON(pseudonym: pseudonym, witness: witness, known: try vault.knowsPerson(person)), JSONShapes.who))
            return
        }
        print(pseudonym)
    }

    /// The name given by `--who NAME` or `--who-file FILE` (at most one).
    static func person(who: String?, whoFile: String?) throws -> String? {
        if who != nil && whoFile != nil { throw ValidationError("give --who or --who-file, not both") }
        return try whoFile.map { try NameInput.name($0, option: "--who-file") } ?? who
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

/// `who --json`.
struct WhoJSON: Encodable {
    var pseudonym: String
    var witness: String?
    var known: Bool
}
