import ArgumentParser
import VaultCore

struct KeepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keep",
        abstract: "Manage the vault's keep list: names never replaced (public figures, institutions, places).",
        subcommands: [Add.self, Remove.self, List.self],
        defaultSubcommand: List.self
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add names to the keep list.")
        @OptionGroup var unlock: UnlockOptions
        @Argument(help: "Names to keep, e.g. \"Ramzan Kadyrov\" \"Novaya Gazeta\".") var names: [String]

        func run() throws {
            guard !names.isEmpty else { throw ValidationError("name at least one name to keep") }
            try unlock.unlock().addToKeepList(names)
            print("keep list: added \(names.count) name\(names.count == 1 ? "" : "s")")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove names from the keep list.")
        @OptionGroup var unlock: UnlockOptions
        @Argument(help: "Names to remove.") var names: [String]

        func run() throws {
            let missing = try unlock.unlock().removeFromKeepList(names)
            for name in missing { Terminal.error("\(name) was not on the keep list") }
            if !missing.isEmpty { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the keep list.")
        @OptionGroup var unlock: UnlockOptions
        @Flag(name: .long, help: "Print a JSON array of objects with the key name.") var json = false

        func run() throws {
            let names = try unlock.unlock().keepList()
            if json {
                print(try OutputJSON.stable(names.map { ["name": $0] }, JSONShapes.keepList))
                return
            }
            for name in names { print(terminalSafe(name)) }
        }
    }
}
