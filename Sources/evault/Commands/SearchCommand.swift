import ArgumentParser
import Foundation
import VaultCore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find notes and redacted texts containing a text (case-insensitive).",
        discussion: """
        Each note and each document's redacted text is decrypted in memory, never to a file, and \
        authenticated as it is read; originals of binary documents are not searched. Stored texts carry \
        pseudonyms, never names: when the text is the name of a person this vault has a pseudonym for, \
        their pseudonym is searched too, and the output says so. A name given as an argument is visible \
        to other local users (ps) and stays in the shell history: give - to read the text from standard \
        input, or --text-file FILE.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: ArgumentHelp("The text to find, or - to read it from standard input.", valueName: "TEXT"))
    var text: String?

    @Option(name: .customLong("text-file"), help: ArgumentHelp("Read the text from the first line of FILE (- for standard input).", valueName: "FILE"))
    var textFile: String?

    @Flag(name: .long, help: "Print a JSON array: id, kind, title, member, matches, context, via_pseudonym.")
    var json = false

    func validate() throws {
        guard (text == nil) != (textFile == nil) else { throw ValidationError("give the text to find, or --text-file FILE (one of them)") }
    }

    func run() throws {
        let term: String
        if let textFile {
            term = try NameInput.name(textFile, option: "--text-file")
        } else if text == "-" {
            term = try NameInput.name("-", option: "search")
        } else {
            term = text ?? ""
        }
        let vault = try unlock.unlock()
        let result = try vault.search(term)
        if json {
            print(jsonTerminalSafe(try OutputJSON.string(result.hits.map(SearchHitJSON.init))))
        } else {
            if let p = result.pseudonym {
                // Never repeat the name itself: only that it is a declared person's.
                Terminal.note("the text is the name of a person this vault knows: also searched for their pseudonym \(terminalSafe(p))")
            }
            for h in result.hits {
                let title = h.title ?? h.name ?? (h.kind == .note ? "(note)" : "(no title)")
                let count = h.matches > 1 ? "  (\(h.matches) lines)" : ""
                print("\(h.id)  \(terminalSafe(title))\(count)\(h.viaPseudonym ? "  [pseudonym]" : "")")
                print("    \(terminalSafe(h.context))")
            }
            if result.hits.isEmpty && result.damaged.isEmpty { Terminal.note("no entry contains it") }
        }
        for d in result.damaged { Terminal.error("entry \(terminalSafe(d.id)) could not be searched: \(terminalSafe(d.reason))") }
        if !result.damaged.isEmpty { throw ExitCode(1) }
    }
}

/// One object of `search --json`.
struct SearchHitJSON: Encodable {
    let hit: SearchHit
    init(_ hit: SearchHit) { self.hit = hit }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hit.id, forKey: .id); try c.encode(hit.kind.rawValue, forKey: .kind); try c.encode(hit.title, forKey: .title)
        try c.encode(hit.member, forKey: .member); try c.encode(hit.matches, forKey: .matches)
        try c.encode(hit.context, forKey: .context); try c.encode(hit.viaPseudonym, forKey: .via_pseudonym)
    }

    private enum CodingKeys: String, CodingKey { case id, kind, title, member, matches, context, via_pseudonym }
}
