import ArgumentParser
import VaultCore

struct UnpackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpack",
        abstract: "Verify a bundle, then write its files into a new directory.",
        discussion: """
        Same checks as `inspect`; nothing is written unless all of them pass. DIR is created (0700, \
        files 0600) and holds manifest.json, manifest.json.minisig, SHA256SUMS and files/, as `tar -x` \
        would write them, so `sha256sum -c SHA256SUMS` works inside it.
        """
    )

    @OptionGroup var bundle: BundleOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The directory to create (must not exist, or be empty).", valueName: "DIR"))
    var output: String

    func run() throws {
        let (key, _) = try bundle.key()
        let verified = try BundleReader.unpack(path: bundle.file, key: key, expectedSender: try bundle.expectedSender(), to: output)
        BundleOptions.describe(verified, file: bundle.file)
        for m in verified.members where m.name.hasPrefix("files/") { print("  \(safeText(output))/\(safeText(m.name))") }
        print("wrote \(safeText(output))")
    }
}
