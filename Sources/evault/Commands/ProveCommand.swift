import ArgumentParser
import VaultCore

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Write a c2sp.org/tlog-proof@v1 file proving when an entry was sealed.",
        discussion: """
        The proof holds the vault's signed checkpoint, the Merkle inclusion proof of the entry's seal \
        event, and (extra line) the event's leaf data with the salt that opens its commitment to the \
        document: whoever has the document, the proof and the vault's minisign public key can check \
        that the document was sealed by then (docs/FORMAT.md section 8). It discloses nothing about any \
        other entry; it does let its holder confirm a guess about this one document.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: "The entry id (or a unique prefix).")
    var id: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the proof here (new file) instead of standard output.", valueName: "FILE"))
    var output: String?

    func run() throws {
        let vault = try unlock.unlock()
        let proof = try vault.prove(try vault.resolve(id))
        try CustodyOutput.write(proof.proof.text, to: output)
    }
}

/// Writes a custody file (proof, checkpoint) to a new file or standard output.
enum CustodyOutput {
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        try Vault.writePublicFile(Array(text.utf8), to: path)
        Terminal.note("wrote \(path)")
    }
}
