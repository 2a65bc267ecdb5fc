#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import VaultCore

struct RmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete entries from this vault, recording a signed deletion in the custody log.",
        discussion: """
        The entry file is removed and the custody log records a deletion event naming only the entry id \
        and the commitment of its seal (never its content, title or a name); `verify` then reports it as \
        deleted, not as damage. Copies elsewhere survive: exports already sent, backups, partners' copies, \
        and laptops that have not synced yet (when such a laptop syncs the file back, `verify` removes it \
        again). On a terminal, asks before deleting; in scripts give --yes.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: ArgumentHelp("Entry ids (a unique prefix is enough).", valueName: "ID"))
    var ids: [String]

    @Flag(name: .long, help: "Delete without asking (required when standard input is not a terminal).")
    var yes = false

    @Flag(name: .long, help: "Print a JSON array: id, title, file_removed.")
    var json = false

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("name at least one entry id to delete") }
    }

    func run() throws {
        // Refuse before unlocking: a script without --yes must not wait for a passphrase either.
        guard yes || Terminal.standardInputIsTerminal else {
            throw CommandFailure("deleting needs confirmation: run on a terminal, or give --yes")
        }
        let vault = try unlock.unlock()
        var targets: [EntryID] = []
        for typed in ids {
            let id = try resolve(typed, in: vault)
            if !targets.contains(id) { targets.append(id) }
        }
        if !yes {
            let titles = targets.map { id in (try? vault.summary(id))?.metadata.title.map { "  \(terminalSafe($0))" } ?? "" }
            for (id, title) in zip(targets, titles) { Terminal.note("\(id.rawValue)\(title)") }
            guard Self.confirm("Delete \(targets.count) entr\(targets.count == 1 ? "y" : "ies") from this vault? [y/N] ") else {
                throw CommandFailure("nothing was deleted")
            }
        }
        let removed = try vault.remove(targets)
        if json {
            print(jsonTerminalSafe(try OutputJSON.string(removed.map(RemovedJSON.init))))
        } else {
            for r in removed { print("deleted \(r.id)\(r.title.map { "  \(terminalSafe($0))" } ?? "")") }
        }
        Terminal.note("""
            The custody log records each deletion (entry id and commitment only). Copies elsewhere survive: \
            exports already sent, backups, partners' copies, and devices that have not synced yet.
            """)
    }

    private func resolve(_ typed: String, in vault: Vault) throws -> EntryID {
        do { return try vault.resolve(typed) } catch VaultError.unknownEntry(let text) {
            if let d = vault.deletion(of: text.lowercased()) {
                throw CommandFailure("entry \(d.id) was already deleted by rm on \(d.at) from device \(d.device)")
            }
            throw VaultError.unknownEntry(text)
        }
    }

    /// Reads y or yes from the terminal on standard input.
    static func confirm(_ prompt: String) -> Bool {
        FileHandle.standardError.write(Data(prompt.utf8))
        guard let answer = readLine(strippingNewline: true) else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// One object of `rm --json`.
struct RemovedJSON: Encodable {
    let id: String, title: String?, file_removed: Bool
    init(_ r: RemovedEntry) { id = r.id; title = r.title; file_removed = r.fileRemoved }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(title, forKey: .title); try c.encode(file_removed, forKey: .file_removed)
    }

    private enum CodingKeys: String, CodingKey { case id, title, file_removed }
}
