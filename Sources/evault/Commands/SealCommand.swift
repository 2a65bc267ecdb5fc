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
        written, so the vault never holds the names. Prints each entry's id and SHA-256.
        """
    )

    @OptionGroup var unlock: UnlockOptions
    @OptionGroup var stripping: StrippingOptions

    @Argument(help: ArgumentHelp("Files to seal (with --note: note files, or - for standard input).", valueName: "PATH"))
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

    func validate() throws {
        if !note && paths.isEmpty { throw ValidationError("name at least one file to seal, or use --note") }
        if (witness != nil || witnessFile != nil) && !note { throw ValidationError("--witness goes with --note") }
        if witness != nil && witnessFile != nil { throw ValidationError("give --witness or --witness-file, not both") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
        let notesFromStdin: String? = note && (paths.isEmpty || paths.contains("-")) ? "-" : nil
        try NameInput.checkOneStdin([notesFromStdin, witnessFile, stripping.identities])
        if review && !note { throw ValidationError("--review goes with --note") }
        if noOriginal && note { throw ValidationError("--no-original is for documents; a note is always stored stripped") }
        if review && (notesFromStdin != nil || witnessFile == "-" || stripping.identities == "-") {
            throw ValidationError("--review reads answers from standard input: give the note and names as files")
        }
    }

    func run() throws {
        var options = SealOptions()
        options.title = title
        options.tags = tag
        try stripping.apply(to: &options)
        options.discardOriginal = noOriginal
        let witnessName = try witnessFile.map { try NameInput.name($0, option: "--witness-file") } ?? witness
        options.witness = try witnessName.map { try DeclaredIdentity(parsing: $0) }
        // Check every input before sealing any, so bad input writes nothing.
        let inputs = note && paths.isEmpty ? ["-"] : paths
        for path in inputs where path != "-" {
            if !FileManager.default.isReadableFile(atPath: path) {
                throw VaultError.unreadableInput(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
            }
            if !note, (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) != .typeRegular {
                throw VaultError.unreadableInput(path: path, reason: "not a regular file")
            }
        }
        let vault = try unlock.unlock()
        // Each id is printed as soon as its entry is durable (unless --json).
        let report = { (r: SealReceipt) in
            if !json { print("\(r.id)  \(r.sha256)  \(r.name ?? "note")") }
        }
        let receipts: [SealReceipt]
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
            receipts = try vault.sealDocuments(at: inputs, options: options, sealed: report)
        }
        if json { print(try OutputJSON.string(receipts.map(ReceiptJSON.init))) }
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
    init(_ r: SealReceipt) {
        id = r.id; kind = r.kind.rawValue; sha256 = r.sha256; size = r.size; name = r.name
        redacted = r.redacted; pseudonyms = r.pseudonyms
    }
}
