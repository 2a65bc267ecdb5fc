import ArgumentParser
import VaultCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Verify a bundle and add its files to this vault as entries that record their origin.",
        discussion: """
        Same checks as `inspect`, and the sender must be vouched for: --sender PUBKEY, or a partner of \
        this vault with that minisign key. Each file becomes a new entry whose metadata records the \
        sender's key, the sender's entry id, the signature and the export time (`evault show ID`). \
        Importing is idempotent: an entry this vault already holds (same sender key, sender's entry \
        and file SHA-256) is skipped, so an interrupted import finishes when run again.
        """
    )

    @OptionGroup var bundle: BundleOptions

    @Flag(name: .long, help: "Print the bundle and what was imported as JSON (keys in the README).")
    var json = false

    @OptionGroup var display: ProgressOptions

    func run() throws {
        let (key, opened) = try bundle.key(needVault: true)
        guard let vault = opened else { throw CommandFailure("import needs a vault to add the entries to") }
        let progress = display.make("reading")
        let verified: VerifiedBundle
        do {
            verified = try BundleReader.open(path: bundle.file, key: key, expectedSender: try bundle.expectedSender(), spool: .memory,
                                             progress: progress?.handler)
            progress?.finish()
        } catch {
            progress?.finish()
            throw error
        }
        let imported = try vault.importBundle(verified)
        if json {
            let fields = BundleJSON.bundleFields(verified, file: bundle.file) + BundleJSON.imported(imported)
            print(jsonTerminalSafe(try OutputJSON.string(BundleJSON.Object(fields: fields))))
            return
        }
        BundleOptions.describe(verified, file: bundle.file)
        for i in imported {
            if let r = i.receipt {
                print("\(r.id)  \(r.sha256)  imported from entry \(safeText(i.sourceID))")
            } else {
                Terminal.note("entry \(safeText(i.sourceID)) is already in this vault as \(i.existing ?? "?"): skipped")
            }
        }
    }
}
