import ArgumentParser
import Foundation
import IdentityStripping
import VaultCore

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Correct an entry's title or tags; the change is recorded in the custody log.",
        discussion: """
        The entry file is never rewritten: an edit event in the custody log holds the new title and tags, \
        and list, show and search show them. They are stripped exactly like labels at sealing, always: \
        declared people (--identities FILE), the keep list and the detectors, so a name typed in a title \
        is replaced by its pseudonym and never stored. Names are never taken from the command line; \
        declare people in a file. Edits made on two devices merge in the custody log's order: the last \
        title wins, tags added and removed on either device both apply.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: ArgumentHelp("Entry id (a unique prefix is enough).", valueName: "ID"))
    var id: String

    @Option(name: .long, help: ArgumentHelp("The new title (\"\" removes it).", valueName: "TITLE"))
    var title: String?

    @Option(name: .long, help: ArgumentHelp("Add a tag. Repeatable.", valueName: "TAG"))
    var tag: [String] = []

    @Option(name: .long, help: ArgumentHelp("Remove a tag. Repeatable.", valueName: "TAG"))
    var untag: [String] = []

    @Option(name: .long, help: ArgumentHelp("A file of people to protect, one per line (\"Full Name\" or \"Full Name=Alias\"); - reads standard input.", valueName: "FILE"))
    var identities: String?

    @Flag(name: .long, help: "Print the entry's id, title and tags as JSON.")
    var json = false

    func validate() throws {
        guard title != nil || !tag.isEmpty || !untag.isEmpty else {
            throw ValidationError("nothing to change: give --title, --tag or --untag")
        }
    }

    func run() throws {
        var options = SealOptions()
        if let identities {
            let text = try NameInput.text(identities, option: "--identities")
            options.identities = try text.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
                .map { try DeclaredIdentity(parsing: $0) }
        }
        let vault = try unlock.unlock()
        let entry = try vault.resolve(id)
        let s = try vault.edit(entry, EntryEdit(title: title, addTags: tag, removeTags: untag), stripping: options)
        if json {
            print(jsonTerminalSafe(try OutputJSON.string(EditedJSON(s))))
            return
        }
        let m = s.metadata
        print("edited \(m.id)  title: \(m.title.map(terminalSafe) ?? "(none)")  tags: \(m.tags.isEmpty ? "(none)" : m.tags.map(terminalSafe).joined(separator: ", "))")
    }
}

/// `edit --json`: the entry's labels after the edit.
struct EditedJSON: Encodable {
    let id: String, title: String?, tags: [String]
    init(_ s: EntrySummary) { id = s.id; title = s.metadata.title; tags = s.metadata.tags }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(title, forKey: .title); try c.encode(tags, forKey: .tags)
    }

    private enum CodingKeys: String, CodingKey { case id, title, tags }
}
