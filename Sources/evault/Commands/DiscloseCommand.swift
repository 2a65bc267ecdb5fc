import ArgumentParser
import VaultCore

extension SealedMember: ExpressibleByArgument {}

struct DiscloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclose",
        abstract: "Open an exported entry's commitment for one partner (a lawyer, a court).",
        discussion: """
        An export names each sealed file only by a commitment. This writes a small age file, readable \
        only by PARTNER, holding a signed disclosure.json: the entry id, the member (original, \
        redacted or clean), that member's salt and its SHA-256. With the bundle it already holds, the \
        partner checks it with `evault inspect BUNDLE --disclosure FILE`, or by hand (docs/FORMAT.md \
        section 7). Only that member's commitment opens. Disclosing an original hands the partner its \
        SHA-256, against which anyone holding it can test guesses about what was redacted: disclose \
        it only to whoever will receive the original.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: ArgumentHelp("Entry id (a unique prefix is enough).", valueName: "ID"))
    var id: String

    @Option(name: .long, help: "Which sealed member: original, redacted or clean.")
    var member: SealedMember = .original

    @Option(name: .long, help: ArgumentHelp("The partner to disclose to.", valueName: "PARTNER"))
    var to: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The disclosure file to write.", valueName: "FILE"))
    var output: String

    @Flag(name: .long, help: "Replace an existing output file.")
    var force = false

    func run() throws {
        let vault = try unlock.unlock()
        var request = DisclosureRequest(entry: try vault.resolve(id), partner: to, output: output)
        request.member = member
        request.overwrite = force
        let d = try vault.disclose(request)
        if member != .clean {
            Terminal.error("warning: \(safeText(to)) can now test guesses about entry \(d.entry)'s \(member.rawValue) form against its SHA-256")
        }
        print("wrote \(safeText(output)) for \(safeText(to)): entry \(d.entry) \(d.member.rawValue) sha256 \(d.sha256) opens commitment \(d.commitment)")
    }

    /// What `inspect --disclosure` prints once a disclosure checks out.
    static func describe(_ c: CheckedDisclosure) {
        let d = c.disclosure
        print("disclosure: entry \(safeText(d.entry)) \(d.member.rawValue) sha256 \(safeText(d.sha256))")
        print("            opens the manifest's commitment \(safeText(d.commitment))")
        print("            \(safeText(c.trustedComment))")
    }
}
