import ArgumentParser
import VaultCore

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Decrypt just the named entries.",
        discussion: """
        Writes each entry's content under its original name in the current directory (or --out-dir), \
        or to -o PATH, or to standard output with -o -. Files are created 0600 and never overwritten \
        without --force; two entries of one run with the same name never overwrite each other (the \
        second gets a distinct name, reported). A file is written without a name and named only once \
        the whole entry has authenticated and matches its SHA-256, so a damaged entry or a killed \
        evault leaves nothing. With -o - the content is streamed as each 64 KiB chunk authenticates: \
        a damaged entry stops the stream and evault exits non-zero, after what came before the damage \
        was written; add --atomic to release nothing until the whole entry has authenticated (the \
        content waits in a private unnamed file in $TMPDIR).
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

    @Flag(name: .long, help: "Open the clean copy (what an export sends) instead of the original.")
    var clean = false

    @Flag(name: .long, help: "Open the stripped version of a text document instead of the original.")
    var redacted = false

    @Flag(name: .long, help: "With -o -: write nothing to standard output until the whole entry has authenticated.")
    var atomic = false

    func validate() throws {
        if ids.isEmpty { throw ValidationError("name at least one entry id") }
        if output != nil && outDir != nil { throw ValidationError("choose one of -o and --out-dir") }
        if output != nil && ids.count > 1 { throw ValidationError("-o takes a single entry; use --out-dir for several") }
        if clean && redacted { throw ValidationError("choose one of --clean and --redacted") }
    }

    func run() throws {
        let vault = try unlock.unlock()
        if clean { return try openClean(vault) }
        // Resolve every id first: a typo must not leave half the entries opened.
        let resolved = try ids.map { try vault.resolve($0) }
        var written: Set<String> = []
        for id in resolved {
            let destination: OpenDestination
            switch (output, outDir) {
            case ("-", _): destination = .stream(StandardOutput())
            case let (path?, _): destination = .file(path: path, overwrite: force)
            case let (nil, dir): destination = .directory(path: dir ?? ".", overwrite: force)
            }
            let result = try vault.open(id, redacted: redacted, to: destination, atomic: atomic, avoiding: written)
            if let path = result.path {
                written.insert(path)
                let note = result.renamed ? "  (renamed: another entry here has the same name)" : ""
                Terminal.note("\(id)  ->  \(terminalSafe(path))\(note)")
            }
        }
    }

    /// `--clean`: the clean copy an export would send, never the original.
    private func openClean(_ vault: Vault) throws {
        let resolved = try ids.map { try vault.resolve($0) }
        for id in resolved {
            let destination: OpenDestination
            switch (output, outDir) {
            case ("-", _): destination = .stream(StandardOutput())
            case let (path?, _): destination = .file(path: path, overwrite: force)
            case let (nil, dir): destination = .directory(path: dir ?? ".", overwrite: force)
            }
            let (info, path) = try vault.openClean(id, to: destination)
            if let path { Terminal.note("\(id)  ->  \(safeText(path))  (clean copy; removed: \(safeText(info.report.line)))") }
            if info.isMedia { Terminal.note("\(id): metadata removed; faces, voices and visible text were NOT redacted") }
        }
    }
}
