import ArgumentParser
import VaultCore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a note, or a document's metadata."
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: ArgumentHelp("Entry id (a unique prefix is enough).", valueName: "ID"))
    var id: String

    func run() throws {
        let vault = try unlock.unlock()
        let entry = try vault.resolve(id)
        let summary = try vault.summary(entry)
        let m = summary.metadata
        if m.kind == .note {
            if let witness = m.witness { print("Witness: \(witness)") }
            print("Sealed:  \(m.sealedAt)")
            if let title = m.title { print("Title:   \(title)") }
            print("")
            try vault.open(entry, to: .stream(StandardOutput()))
            return
        }
        print("id:          \(m.id)")
        print("kind:        \(m.kind.rawValue)")
        print("name:        \(m.name ?? "")")
        if let title = m.title { print("title:       \(title)") }
        print("tags:        \(m.tags.joined(separator: ", "))")
        print("media type:  \(m.mediaType)")
        print("size:        \(m.size) bytes")
        print("sealed at:   \(m.sealedAt)")
        print("sha256:      \(summary.sha256)")
        if m.strippedOnly {
            print("redacted:    stripped only: the original was not kept (seal --no-original)")
        } else {
            print("redacted:    \(m.redacted == nil ? "no redacted form" : "yes (open --redacted)")")
        }
        if let origin = m.origin {
            print("imported:    from \(origin.senderKey), exported \(origin.exportedAt)")
        }
    }
}
