import ArgumentParser
import Foundation
import VaultCore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List entries: id, kind, sealed-at, size, title, tags, SHA-256 prefix.",
        discussion: "Served from the encrypted index, which is refreshed against the entries on every run."
    )

    @OptionGroup var unlock: UnlockOptions
    @OptionGroup var display: ProgressOptions

    @Option(name: .long, help: "Only entries of this kind: document or note.")
    var kind: EntryKind?

    @Option(name: .long, help: "Only entries with this tag.")
    var tag: String?

    @Option(name: .long, help: ArgumentHelp("Only entries sealed at or after this date (YYYY-MM-DD or RFC 3339).", valueName: "DATE"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only entries that mention this person (a name or a pseudonym). Prefer --who-file for a real name: arguments are visible to other local users (ps) and stay in the shell history.", valueName: "NAME"))
    var who: String?

    @Option(name: .customLong("who-file"), help: ArgumentHelp("Read the person's name from the first line of FILE (- for standard input, /dev/fd/N for a pipe), so it never appears in ps or the shell history.", valueName: "FILE"))
    var whoFile: String?

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    func validate() throws {
        if let since, Timestamp.parse(since) == nil {
            throw ValidationError("--since takes a date such as 2017-04-01 or 2017-04-01T12:00:00Z")
        }
        if who != nil && whoFile != nil { throw ValidationError("give --who or --who-file, not both") }
    }

    func run() throws {
        let vault = try unlock.unlock()
        var filter = EntryFilter(kind: kind, tag: tag, since: since.flatMap(Timestamp.parse))
        if let person = try WhoCommand.person(who: who, whoFile: whoFile) { filter.pseudonyms = try WhoCommand.pseudonyms(for: person, in: vault) }
        // Progress shows only when the index has to be rebuilt (lost, or after a key rotation).
        let progress = display.make("rebuilding the", counting: .entries)
        let (entries, damaged) = try vault.summaries(progress: progress?.handler)
        progress?.finish()
        let shown = entries.filter(filter.matches)
        if json {
            print(jsonTerminalSafe(try OutputJSON.string(shown.map(ListedEntry.init))))
        } else {
            var out = ""
            out.reserveCapacity(shown.count * 120)
            for e in shown { out += ListCommand.line(e); out += "\n" }
            print(out, terminator: "")
            if shown.isEmpty && damaged.isEmpty { Terminal.note("no entries") }
        }
        for d in damaged { Terminal.error("entry \(terminalSafe(d.id)) is damaged: \(terminalSafe(d.reason))") }
        if !damaged.isEmpty { throw ExitCode(1) }
    }

    static func line(_ e: EntrySummary) -> String {
        let m = e.metadata
        let title = m.title ?? m.name ?? (m.witness.map { "note from \($0)" } ?? "")
        let tags = m.tags.isEmpty ? "" : "  [" + m.tags.map(terminalSafe).joined(separator: ", ") + "]"
        let redacted = m.strippedOnly ? "  (stripped only, original not kept)"
            : m.kind == .document ? (m.redacted == nil ? "  (no redacted form)" : "  (redacted form)") : ""
        let size = pad(ByteCount.format(m.size), 10)
        return "\(terminalSafe(m.id))  \(pad(m.kind.rawValue, 8))  \(terminalSafe(m.sealedAt))  \(size)  \(e.sha256.prefix(12))  \(terminalSafe(title))\(tags)\(redacted)"
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}

extension EntryKind: ExpressibleByArgument {}

/// One object of `list --json`.
struct ListedEntry: Encodable {
    let id: String, kind: String, sealed_at: String, size: Int64, sha256: String, title: String?
    let tags: [String], name: String?, media_type: String, redacted: Bool, pseudonyms: [String], witness: String?, original_kept: Bool
    init(_ e: EntrySummary) {
        let m = e.metadata
        id = m.id; kind = m.kind.rawValue; sealed_at = m.sealedAt; size = m.size; sha256 = e.sha256
        title = m.title; tags = m.tags; name = m.name; media_type = m.mediaType
        redacted = m.redacted != nil || m.strippedOnly; pseudonyms = m.pseudonyms; witness = m.witness
        original_kept = !m.strippedOnly
    }

    // Every key is always present (null when there is no value), so scripts can rely on them.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(kind, forKey: .kind); try c.encode(sealed_at, forKey: .sealed_at)
        try c.encode(size, forKey: .size); try c.encode(sha256, forKey: .sha256); try c.encode(title, forKey: .title)
        try c.encode(tags, forKey: .tags); try c.encode(name, forKey: .name); try c.encode(media_type, forKey: .media_type)
        try c.encode(redacted, forKey: .redacted); try c.encode(pseudonyms, forKey: .pseudonyms); try c.encode(witness, forKey: .witness)
        try c.encode(original_kept, forKey: .original_kept)
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, sealed_at, size, sha256, title, tags, name, media_type, redacted, pseudonyms, witness, original_kept
    }
}
