import ArgumentParser
import VaultCore

struct ExportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exports",
        abstract: "List every export made from this vault: when, to whom, what, and the hashes."
    )

    @OptionGroup var unlock: UnlockOptions

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    func run() throws {
        let records = try unlock.unlock().exportRecords()
        if json {
            print(try OutputJSON.stable(records, JSONShapes.exports))
            return
        }
        if records.isEmpty { Terminal.note("no exports") }
        for r in records {
            print("\(terminalSafe(r.exportedAt))  to \(terminalSafe(r.to.joined(separator: ",")))  \(r.entries.count) entr\(r.entries.count == 1 ? "y" : "ies")  \(terminalSafe(r.file))  \(r.bundleSHA256.isEmpty ? "bundle not written (interrupted)" : "sha256 " + r.bundleSHA256)\(r.linkable ? "  (linkable)" : "")")
            for e in r.entries {
                print("    \(terminalSafe(e.id))  \(terminalSafe(e.exported).padding(toLength: 8, withPad: " ", startingAt: 0))  sealed \(e.originalSHA256)\(e.fileSHA256.map { "  file \($0)" } ?? "")")
            }
        }
    }
}
