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
            if let witness = m.witness { print("Witness: \(terminalSafe(witness))") }
            print("Sealed:  \(terminalSafe(m.sealedAt))")
            if let title = m.title { print("Title:   \(terminalSafe(title))") }
            print("")
            let body = TerminalSafeOutput()
            try vault.open(entry, to: .stream(body))
            try body.finish()
            return
        }
        print("id:          \(terminalSafe(m.id))")
        print("kind:        \(m.kind.rawValue)")
        print("name:        \(terminalSafe(m.name ?? ""))")
        if let title = m.title { print("title:       \(terminalSafe(title))") }
        print("tags:        \(m.tags.map(terminalSafe).joined(separator: ", "))")
        print("media type:  \(terminalSafe(m.mediaType))")
        print("size:        \(m.size) bytes")
        print("sealed at:   \(terminalSafe(m.sealedAt))")
        print("sha256:      \(summary.sha256)")
        print("redacted:    \(m.redacted == nil ? "no redacted form" : "yes (open --redacted)")")
        if let origin = m.origin {
            print("imported:    from \(terminalSafe(origin.senderKey)), exported \(terminalSafe(origin.exportedAt))")
        }
    }
}
