import ArgumentParser
import EvaultCrypto
import Foundation
import IdentityStripping
import VaultCore

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Seal documents, or a witness note, into the vault.",
        discussion: """
        Documents of any type and size are sealed byte for byte, streaming; text documents (.txt, .md, \
        .html, .eml) also get a stripped version for `open --redacted`. With --note, each PATH (or \
        standard input, or -) is a witness note: it is stripped of identities before anything is \
        written, so the vault never holds the names. Prints each entry's id and SHA-256. \
        A FOLDER is sealed recursively, one entry per file; symbolic links and special files are \
        skipped and listed, and the exit status is then 1. `seal - --name NAME` seals a document from \
        standard input. A document whose SHA-256 is already in the vault is named as such; with \
        --dedupe it is not sealed again.
        """
    )

    @OptionGroup var unlock: UnlockOptions
    @OptionGroup var stripping: StrippingOptions
    @OptionGroup var display: ProgressOptions

    @Argument(help: ArgumentHelp("Files or folders to seal; - for standard input (with --name, or --note).", valueName: "PATH"))
    var paths: [String] = []

    @Flag(name: .long, help: "Seal witness notes instead of documents.")
    var note = false

    @Option(name: .long, help: ArgumentHelp("The witness who gave the note (stored only as a pseudonym). Prefer --witness-file: arguments are visible to other local users (ps) and stay in the shell history.", valueName: "NAME"))
    var witness: String?

    @Option(name: .customLong("witness-file"), help: ArgumentHelp("Read the witness's name from the first line of FILE (- for standard input, /dev/fd/N for a pipe), so it never appears in ps or the shell history.", valueName: "FILE"))
    var witnessFile: String?

    @Flag(name: .long, help: "With --note: show the stripped note with every replacement marked and ask before sealing; add a name or drop a replacement on the spot (needs a terminal; give the note as a FILE).")
    var review = false

    @Flag(name: .customLong("no-original"), help: "Text documents: keep only the stripped text; the original (and its file name) is never written, e.g. when a source asks that it be destroyed.")
    var noOriginal = false

    @Option(name: .long, help: "A title for the entries.")
    var title: String?

    @Option(name: .long, help: ArgumentHelp("A tag; repeatable.", valueName: "TAG"))
    var tag: [String] = []

    @Flag(name: .long, help: "Print a JSON array of {id, sha256, size, kind, …}.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("The file name of a document read from standard input (-).", valueName: "NAME"))
    var name: String?

    @Flag(name: .long, help: "Do not seal a document whose SHA-256 is already in the vault.")
    var dedupe = false

    func validate() throws {
        if !note && paths.isEmpty { throw ValidationError("name at least one file to seal, or use --note") }
        if (witness != nil || witnessFile != nil) && !note { throw ValidationError("--witness goes with --note") }
        if witness != nil && witnessFile != nil { throw ValidationError("give --witness or --witness-file, not both") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
        let notesFromStdin: String? = note && (paths.isEmpty || paths.contains("-")) ? "-" : nil
        let documentFromStdin: String? = !note && paths.contains("-") ? "-" : nil
        try NameInput.checkOneStdin([notesFromStdin, documentFromStdin, witnessFile, stripping.identities])
        if review && !note { throw ValidationError("--review goes with --note") }
        if noOriginal && note { throw ValidationError("--no-original is for documents; a note is always stored stripped") }
        if review && (notesFromStdin != nil || witnessFile == "-" || stripping.identities == "-") {
            throw ValidationError("--review reads answers from standard input: give the note and names as files")
        }
        if !note && paths.contains("-") && name == nil { throw ValidationError("a document from standard input (-) needs --name NAME") }
        if name != nil && (note || !paths.contains("-")) { throw ValidationError("--name goes with - (a document from standard input)") }
        if name.map({ $0.isEmpty || $0.contains("/") }) == true { throw ValidationError("--name takes a file name without /") }
    }

    func run() throws {
        var options = SealOptions()
        options.title = title
        options.tags = tag
        try stripping.apply(to: &options)
        options.discardOriginal = noOriginal
        let witnessName = try witnessFile.map { try NameInput.name($0, option: "--witness-file") } ?? witness
        options.witness = try witnessName.map { try DeclaredIdentity(parsing: $0) }
        options.dedupe = dedupe
        // Check every input before sealing any, so bad input writes nothing.
        let inputs = note && paths.isEmpty ? ["-"] : paths
        var documents: [String] = []
        var skipped: [SkippedInput] = []
        for path in inputs where path != "-" {
            if !note && SealCommand.isFolder(path) {
                let walk = FolderWalk(folder: path)
                documents += walk.files
                skipped += walk.skipped
                continue
            }
            if !FileManager.default.isReadableFile(atPath: path) {
                throw VaultError.unreadableInput(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
            }
            if !note, (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) != .typeRegular {
                throw VaultError.unreadableInput(path: path, reason: "not a regular file")
            }
            documents.append(path)
        }
        // Folders with nothing to seal: say so without asking for keys.
        if !note && documents.isEmpty && !inputs.contains("-") {
            SealCommand.list(skipped)
            throw VaultError.invalidArgument("nothing to seal: no regular file in \(inputs.map { Printable.line($0) }.joined(separator: ", "))")
        }
        let vault = try unlock.unlock()
        let progress = display.make("sealing")
        // Each id is printed as soon as its entry is durable (unless --json).
        let report = { (r: SealReceipt) in
            progress?.finish()
            SealCommand.report(r, json: json)
        }
        var receipts: [SealReceipt] = []
        if note {
            receipts = try inputs.map { path in
                let text = try NoteInput.read(path)
                var noteOptions = options
                if review {
                    _ = try Review.run(text: text, options: &noteOptions) { o in try vault.strip(text, options: o, persist: false) }
                }
                let r = try vault.sealNote(text, options: noteOptions)
                report(r)
                return r
            }
        } else {
            defer { progress?.finish() }
            if let name, inputs.contains("-") {
                let r = try vault.sealStandardInput(FileStream(descriptor: 0), name: name, options: options,
                                                    progress: progress?.handler)
                report(r)
                receipts.append(r)
            }
            // Files named one by one stop the run at the first bad one (one line);
            // a folder's files are sealed around the ones that cannot be.
            let fromFolder = inputs.contains { SealCommand.isFolder($0) }
            receipts += try vault.sealDocuments(at: documents, options: options, skipUnreadable: fromFolder,
                                                progress: progress?.handler,
                                                skipped: { skipped.append($0) }, sealed: report)
        }
        if json { print(try OutputJSON.string(receipts.map(ReceiptJSON.init))) }
        if !skipped.isEmpty {
            SealCommand.list(skipped)
            Terminal.error("\(skipped.count) not sealed (listed above); the others were sealed")
            throw ExitCode(1)
        }
    }

    private static func list(_ skipped: [SkippedInput]) {
        for s in skipped { Terminal.error("skipped \(Printable.line(s.path)): \(Printable.line(s.reason))") }
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// One line per entry; duplicates are said to be duplicates.
    private static func report(_ r: SealReceipt, json: Bool) {
        let name = Printable.line(r.name ?? "note")
        if r.skippedAsDuplicate {
            Terminal.note("\(name): already sealed as \(r.sameAs.joined(separator: ", ")) (same SHA-256); not sealed again (--dedupe)")
            return
        }
        if !json { print("\(r.id)  \(r.sha256)  \(name)") }
        if !r.sameAs.isEmpty {
            Terminal.note("note: \(name) has the same SHA-256 as entry \(r.sameAs.joined(separator: ", ")) (use --dedupe to skip such documents)")
        }
    }
}

/// Reads a note's text: a file or standard input, UTF-8, at most 16 MiB.
enum NoteInput {
    static let maxLineBytes = 1 << 20

    static func read(_ path: String) throws -> String {
        var bytes: [UInt8]
        do {
            let source = path == "-" ? FileStream(descriptor: 0) : try FileStream.openForReading(path: path)
            bytes = try source.readToEnd(limit: 16 << 20)
        } catch ByteStreamError.inputTooLarge {
            throw VaultError.tooLarge(what: path == "-" ? "the note on standard input" : path, limit: 16 << 20)
        } catch {
            throw VaultError.unreadableInput(path: path == "-" ? "standard input" : path, reason: "\(error)")
        }
        defer { wipe(&bytes) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw VaultError.unreadableInput(path: path == "-" ? "standard input" : path, reason: "a note must be UTF-8 text")
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            throw VaultError.unreadableInput(path: path == "-" ? "standard input" : path, reason: "the note is empty")
        }
        // A megabyte without a line break is no note a person wrote (a binary or a dump): refuse it.
        var run = 0
        for b in text.utf8 {
            run = b == 0x0A ? 0 : run + 1
            if run > maxLineBytes {
                throw VaultError.unreadableInput(path: path == "-" ? "standard input" : path, reason: "a line is longer than 1 MB; this is not a note")
            }
        }
        return text
    }
}

struct ReceiptJSON: Encodable {
    let id: String, kind: String, sha256: String, size: Int64, name: String?, redacted: Bool, pseudonyms: [String]
    /// Entries already holding this SHA-256; `sealed` is false when --dedupe left it out.
    let sameAs: [String], sealed: Bool
    init(_ r: SealReceipt) {
        id = r.id; kind = r.kind.rawValue; sha256 = r.sha256; size = r.size; name = r.name
        redacted = r.redacted; pseudonyms = r.pseudonyms
        sameAs = r.sameAs; sealed = !r.skippedAsDuplicate
    }

    // Absent values are written as null, so scripts can rely on every key.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(kind, forKey: .kind); try c.encode(sha256, forKey: .sha256)
        try c.encode(size, forKey: .size); try c.encode(name, forKey: .name); try c.encode(redacted, forKey: .redacted)
        try c.encode(pseudonyms, forKey: .pseudonyms); try c.encode(sameAs, forKey: .same_as); try c.encode(sealed, forKey: .sealed)
    }

    private enum CodingKeys: String, CodingKey { case id, kind, sha256, size, name, redacted, pseudonyms, same_as, sealed }
}
