import ArgumentParser
import VaultCore

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Decrypt just the named entries.",
        discussion: """
        Writes each entry's content under its original name in the current directory (or --out-dir), \
        or to -o PATH, or to standard output with -o -. Files are created 0600 and never overwritten \
        without --force. Nothing is written unless the whole entry authenticates.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: ArgumentHelp("Entry ids (a unique prefix is enough).", valueName: "ID"))
    var ids: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the (single) entry here; - for standard output.", valueName: "PATH"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Write entries into this directory.", valueName: "DIR"))
    var outDir: String?

    @Flag(name: .long, help: "Replace existing files.")
    var force = false

    @Flag(name: .long, help: "Open the stripped version of a text document instead of the original.")
    var redacted = false

    func validate() throws {
        if ids.isEmpty { throw ValidationError("name at least one entry id") }
        if output != nil && outDir != nil { throw ValidationError("choose one of -o and --out-dir") }
        if output != nil && ids.count > 1 { throw ValidationError("-o takes a single entry; use --out-dir for several") }
    }

    func run() throws {
        let vault = try unlock.unlock()
        // Resolve every id first: a typo must not leave half the entries opened.
        let resolved = try ids.map { try vault.resolve($0) }
        for id in resolved {
            if output == "-" {
                try vault.open(id, redacted: redacted, to: .stream(StandardOutput()))
                continue
            }
            let path: String
            if let output {
                path = output
            } else {
                let m = try vault.metadata(id)
                path = (outDir.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "") + OpenCommand.fileName(m, redacted: redacted)
            }
            try vault.open(id, redacted: redacted, to: .file(path: path, overwrite: force))
            Terminal.note("\(id)  ->  \(path)")
        }
    }

    static func fileName(_ m: EntryMetadata, redacted: Bool) -> String {
        if m.kind == .note { return "\(m.id)-note.txt" }
        let name = m.name ?? "\(m.id)-document"
        return redacted ? "\(m.id)-redacted-\(name)" : name
    }
}
