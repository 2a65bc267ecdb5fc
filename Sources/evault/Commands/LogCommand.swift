import ArgumentParser
import VaultCore

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the custody log: every change to the vault, newest first.",
        discussion: """
        Each line: when, what (seal, import, export, keep-add, keep-remove, partner-add, \
        partner-remove, partner-pseudonyms, pseudonym, key-change, deletion, migration, member-add, \
        member-remove, key-rotation, edit), which device (its random id) and the event's position in that \
        device's log, "by NAME" when a member made it (their signature verifies), and the entry id for \
        seals, imports, deletions and edits. Never a name: kept names, partners and pseudonyms stay inside the encrypted log.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    func run() throws {
        let lines = try unlock.unlock().logLines()
        if json {
            print(try OutputJSON.stable(lines, JSONShapes.log))
            return
        }
        if lines.isEmpty { Terminal.note("the custody log is empty") }
        for l in lines {
            print("\(l.at)  \(l.kind.padding(toLength: 18, withPad: " ", startingAt: 0))  device \(l.device) #\(l.position)\(l.member.map { "  by \($0)" } ?? "")\(l.entry.map { "  entry \($0)" } ?? "")")
        }
    }
}
