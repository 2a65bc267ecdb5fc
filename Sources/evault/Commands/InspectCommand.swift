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
        only --sender can vouch for the sender. Writes nothing.
        """
    )

    @OptionGroup var bundle: BundleOptions

    func run() throws {
        let (key, _) = try bundle.key()
        let verified = try BundleReader.open(path: bundle.file, key: key, expectedSender: try bundle.expectedSender(), spool: .discard)
        BundleOptions.describe(verified, file: bundle.file)
        for e in verified.manifest.entries {
            let what: String
            switch e.exported {
            case "none": what = "not included (compare a copy by its SHA-256)"
            case "original": what = "\(e.file ?? "")  ORIGINAL, NOT REDACTED"
            default: what = e.file ?? ""
            }
            print("  \(e.id)  \(e.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  sealed \(e.sealedAt)  original sha256 \(e.originalSHA256)")
            print("      \(what)\(e.fileSHA256.map { "  sha256 \($0)" } ?? "")")
            if !e.pseudonyms.isEmpty { print("      pseudonyms: \(e.pseudonyms.joined(separator: ", "))") }
            if !e.redactions.isEmpty {
                print("      redacted: " + e.redactions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
        }
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
    static func describe(_ b: VerifiedBundle, file: String) {
        let m = b.manifest
        print("bundle:    \(file)  sha256 \(b.bundleSHA256)")
        switch b.trust {
        case .expected: print("sender:    \(b.sender.base64) (key id \(b.sender.keyIDHex)), the key given with --sender")
        case .knownPartner(let name): print("sender:    partner \(name), \(b.sender.base64) (key id \(b.sender.keyIDHex))")
        case .unverified: print("sender:    UNVERIFIED \(b.sender.base64) (key id \(b.sender.keyIDHex))")
        }
        print("signed:    \(b.trustedComment)")
        print("exported:  \(m.exportedAt) to \(m.to.joined(separator: ", ")), \(m.pseudonyms == "vault" ? "the sender's vault pseudonyms" : "pseudonyms for this recipient")")
        print("verified:  signature, manifest and \(m.entries.compactMap(\.file).count) file\(m.entries.compactMap(\.file).count == 1 ? "" : "s") (SHA-256)")
        print("entries:   \(m.entries.count)")
        if b.trust == .unverified {
            Terminal.error("WARNING: the sender is UNVERIFIED: the signature matches only the key the bundle itself names (\(b.sender.base64)). Confirm that key with the sender, then pass --sender PUBKEY or add them with `evault partner add NAME --age … --minisign PUBKEY`.")
        }
    }
}
