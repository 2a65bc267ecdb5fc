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
        second gets a distinct name, reported). Control, bidirectional and zero-width characters, \
        / and \\ in a name, and a leading . or -, become _ on disk (reported). A file is written without a name and named only once \
        the whole entry has authenticated and matches its SHA-256, so a damaged entry or a killed \
        evault leaves nothing. With -o - the content is streamed as each 64 KiB chunk authenticates: \
        a damaged entry stops the stream and evault exits non-zero, after what came before the damage \
        was written; add --atomic to release nothing until the whole entry has authenticated (the \
        content waits in a private unnamed file in $TMPDIR). Instead of ids, \
        --tag, --who-file (or --who) and --kind select entries as `export` does.
        """
    )

    @OptionGroup var unlock: UnlockOptions
    @OptionGroup var display: ProgressOptions

    @Argument(help: ArgumentHelp("Entry ids (a unique prefix is enough).", valueName: "ID"))
    var ids: [String] = []

    @Option(name: .long, help: "Every entry with this tag.")
    var tag: String?

    @Option(name: .long, help: ArgumentHelp("Every entry that mentions this person (a name or a pseudonym).", valueName: "NAME"))
    var who: String?

    @Option(name: .customLong("who-file"), help: ArgumentHelp("Read the person's name from the first line of FILE (- for standard input, /dev/fd/N for a pipe), so it never appears in ps or the shell history.", valueName: "FILE"))
    var whoFile: String?

    @Option(name: .long, help: "Every entry of this kind: document or note.")
    var kind: EntryKind?

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

    @Flag(name: .long, help: "Print a JSON array of {id, kind, name, path, redacted, size} for the files written.")
    var json = false

    func validate() throws {
        if who != nil && whoFile != nil { throw ValidationError("give --who or --who-file, not both") }
        let filters = [tag, who, whoFile].compactMap { $0 }.count + (kind == nil ? 0 : 1)
        if ids.isEmpty && filters == 0 { throw ValidationError("name at least one entry id, or --tag, --who or --kind") }
        if !ids.isEmpty && filters > 0 { throw ValidationError("give entry ids or filters (--tag, --who, --kind), not both") }
        if output != nil && filters > 0 { throw ValidationError("-o takes a single entry; use --out-dir with --tag, --who or --kind") }
        if output != nil && outDir != nil { throw ValidationError("choose one of -o and --out-dir") }
        if json && output == "-" { throw ValidationError("--json cannot go with -o - (standard output holds the content)") }
        if output != nil && ids.count > 1 { throw ValidationError("-o takes a single entry; use --out-dir for several") }
        if clean && redacted { throw ValidationError("choose one of --clean and --redacted") }
    }

    func run() throws {
        let vault = try unlock.unlock()
        // Resolve every id first: a typo must not leave half the entries opened.
        let resolved = ids.isEmpty ? try selected(in: vault) : try ids.map { try vault.resolve($0) }
        if clean { return try openClean(vault, resolved) }
        let progress = display.make("opening")
        defer { progress?.finish() }
        var written: [OpenedJSON] = []
        var paths: Set<String> = []
        // Printed also when a later entry fails: the files already written are named.
        defer { if json { print((try? OutputJSON.string(written)) ?? "[]") } }
        for id in resolved {
            let result = try vault.open(id, redacted: redacted, to: destination, atomic: atomic, avoiding: paths,
                                        progress: progress?.handler)
            progress?.finish()
            written.append(OpenedJSON(id: id.rawValue, kind: result.metadata.kind.rawValue, name: result.metadata.name,
                                      path: result.path, redacted: redacted, size: result.metadata.size))
            if let path = result.path {
                paths.insert(path)
                var note = result.renamed ? "  (renamed: another entry here has the same name)" : ""
                if result.nameMadeSafe { note += "  (renamed: control, invisible or path characters in the name became _)" }
                if !json { Terminal.note("\(id)  ->  \(terminalSafe(path))\(note)") }
            }
        }
    }

    private var destination: OpenDestination {
        switch (output, outDir) {
        case ("-", _): return .stream(StandardOutput())
        case let (path?, _): return .file(path: path, overwrite: force)
        case let (nil, dir): return .directory(path: dir ?? ".", overwrite: force)
        }
    }

    /// `--clean`: the clean copy an export would send, never the original.
    private func openClean(_ vault: Vault, _ resolved: [EntryID]) throws {
        for id in resolved {
            let (info, path) = try vault.openClean(id, to: destination)
            if let path { Terminal.note("\(id)  ->  \(safeText(path))  (clean copy; removed: \(safeText(info.report.line)))") }
            if info.isMedia { Terminal.note("\(id): metadata removed; faces, voices and visible text were NOT redacted") }
        }
    }

    /// The entries --tag, --who and --kind select; none is an error.
    private func selected(in vault: Vault) throws -> [EntryID] {
        var filter = EntryFilter(kind: kind, tag: tag)
        if let person = try WhoCommand.person(who: who, whoFile: whoFile) {
            filter.pseudonyms = try WhoCommand.pseudonyms(for: person, in: vault)
        }
        let (ids, damaged) = try vault.select(filter)
        for d in damaged { Terminal.error("entry \(d.id) is damaged: \(d.reason)") }
        if ids.isEmpty { throw VaultError.invalidArgument("no entry matches --tag, --who or --kind; nothing was opened") }
        return ids
    }
}

/// One object of `open --json`. `path` is null for standard output; `size` is the
/// original's (a redacted version's size is the file's own).
struct OpenedJSON: Encodable {
    let id: String, kind: String, name: String?, path: String?, redacted: Bool, size: Int64

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(kind, forKey: .kind); try c.encode(name, forKey: .name)
        try c.encode(path, forKey: .path); try c.encode(redacted, forKey: .redacted); try c.encode(size, forKey: .size)
    }

    private enum CodingKeys: String, CodingKey { case id, kind, name, path, redacted, size }
}
