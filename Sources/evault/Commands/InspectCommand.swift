import ArgumentParser
import VaultCore

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Decrypt a bundle, verify its signature and every hash, and list its contents.",
        discussion: """
        Decrypts with this vault's key (the usual unlock options) or with an age identity file \
        (--identity). The signature is checked against --sender, else against a partner of this \
        vault with that minisign key; otherwise only against the key the bundle names, which proves \
        integrity but not who sent it (a warning says so). With --identity no vault is opened, so \
        only --sender can vouch for the sender. With --disclosure, also checks a disclosure from the \
        same sender: its signature, and that it opens the commitment this manifest carries. Writes nothing.
        """
    )

    @OptionGroup var bundle: BundleOptions

    @Option(name: .long, help: ArgumentHelp("Also check this disclosure (from `evault disclose`) against the bundle's manifest.", valueName: "FILE"))
    var disclosure: String?

    @Flag(name: .long, help: "Print the bundle as JSON (keys in the README).")
    var json = false

    func run() throws {
        let (key, _) = try bundle.key()
        let verified = try BundleReader.open(path: bundle.file, key: key, expectedSender: try bundle.expectedSender(), spool: .discard)
        let checked = try disclosure.map { try DisclosureReader.open(path: $0, key: key, bundle: verified) }
        if json {
            let fields = BundleJSON.bundleFields(verified, file: bundle.file) + [("disclosure", BundleJSON.disclosure(checked))]
            print(jsonTerminalSafe(try OutputJSON.string(BundleJSON.Object(fields: fields))))
            BundleOptions.warnIfUnverified(verified)
            return
        }
        BundleOptions.describe(verified, file: bundle.file)
        BundleOptions.list(verified.manifest.entries)
        if let checked { DiscloseCommand.describe(checked) }
    }
}

/// How to open a bundle: shared by inspect, unpack and import.
struct BundleOptions: ParsableArguments {
    @OptionGroup var unlock: UnlockOptions

    @Argument(help: ArgumentHelp("The bundle (binary or armored age file).", valueName: "FILE"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Decrypt with this age identity file instead of the vault's key.", valueName: "KEYFILE"))
    var identity: String?

    @Option(name: .long, help: ArgumentHelp("The sender's minisign public key (RW…, or a .pub file); the bundle must be signed by it.", valueName: "PUBKEY"))
    var sender: String?

    /// The key to decrypt with; the vault too when one was unlocked.
    func key(needVault: Bool = false) throws -> (BundleKey, Vault?) {
        if let identity, !needVault { return (.identityFile(path: identity), nil) }
        let vault = try unlock.unlock()
        return (identity.map { .identityFile(path: $0) } ?? .vault(vault), vault)
    }

    func expectedSender() throws -> String? { try sender.map(KeyArgument.read) }

    /// The lines every bundle command starts with; a loud warning for an unverified sender.
    /// Every string from the bundle goes through `safeText`.
    static func describe(_ b: VerifiedBundle, file: String) {
        let m = b.manifest
        print("bundle:    \(safeText(file))  sha256 \(b.bundleSHA256)")
        switch b.trust {
        case .expected: print("sender:    \(b.sender.base64) (key id \(b.sender.keyIDHex)), the key given with --sender")
        case .knownPartner(let name): print("sender:    partner \(safeText(name)), \(b.sender.base64) (key id \(b.sender.keyIDHex))")
        case .unverified: print("sender:    UNVERIFIED \(b.sender.base64) (key id \(b.sender.keyIDHex))")
        }
        print("signed:    \(safeText(b.trustedComment))")
        print("exported:  \(safeText(m.exportedAt)) to \(safeText(m.to.joined(separator: ", "))), \(m.pseudonyms == "vault" ? "the sender's vault pseudonyms" : "pseudonyms for this recipient")")
        print("verified:  signature, manifest and \(m.entries.count) file\(m.entries.count == 1 ? "" : "s") (SHA-256)")
        print("entries:   \(m.entries.count)")
        print("custody:   \(custodyLine(b.custody))")
        warnIfUnverified(b)
    }

    static func warnIfUnverified(_ b: VerifiedBundle) {
        if b.trust == .unverified {
            Terminal.error("WARNING: the sender is UNVERIFIED: the signature matches only the key the bundle itself names (\(b.sender.base64)). Confirm that key with the sender, then pass --sender PUBKEY or add them with `evault partner add NAME --age … --minisign PUBKEY`.")
        }
    }

    /// What the bundle's custody proof showed (checked by `BundleReader`; a proof that fails was refused).
    static func custodyLine(_ status: BundleCustody.Status) -> String {
        switch status {
        case .absent:
            return "no custody proof (a bundle from before exports carried one)"
        case let .verified(origin, size, index, _):
            return "export event \(index) of \(size) in the sender's signed log \(safeText(origin)) (checkpoint signature, inclusion proof, manifest commitment)"
        }
    }

    /// One block per manifest entry.
    static func list(_ entries: [ExportManifest.Entry]) {
        for e in entries {
            let what: String
            switch e.exported {
            case "original": what = "\(safeText(e.file))  ORIGINAL, NOT REDACTED"
            case "clean": what = "\(safeText(e.file))  clean copy (metadata removed)"
            default: what = safeText(e.file)
            }
            print("  \(safeText(e.id))  \(e.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  sealed \(safeText(e.sealedAt))  \(safeText(e.mediaType))")
            print("      \(what)  sha256 \(safeText(e.fileSHA256))")
            print("      commitment: \(e.commitment.map(safeText) ?? "none (sealed before commitments)")")
            if !e.pseudonyms.isEmpty { print("      pseudonyms: \(safeText(e.pseudonyms.joined(separator: ", ")))") }
            if let w = e.witness { print("      witness: \(safeText(w))") }
            if !e.redactions.isEmpty {
                print("      redacted: " + safeText(e.redactions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
            }
        }
    }
}
