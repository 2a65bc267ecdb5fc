import ArgumentParser
import EvaultCrypto
import VaultCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the vault, or whether files match sealed entries.",
        discussion: """
        Without arguments: every entry is decrypted and authenticated end to end, every SHA-256 is \
        checked, and the index is compared with the entries; damaged entries are named. With FILE or \
        --sha256 HEX: whether that document was sealed (the SHA-256 is the one sha256sum prints); no \
        content is decrypted. Exits 0 only when everything checks.
        """
    )

    @OptionGroup var unlock: UnlockOptions
    @OptionGroup var display: ProgressOptions

    @Argument(help: ArgumentHelp("Files to look up by SHA-256.", valueName: "FILE"))
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("A SHA-256 to look up (64 hex digits); repeatable.", valueName: "HEX"))
    var sha256: [String] = []

    @Option(name: .long, help: ArgumentHelp("An older checkpoint file (from `evault checkpoint`): check that the log extends it.", valueName: "FILE"))
    var checkpoint: String?

    @Option(name: .long, help: ArgumentHelp("With --checkpoint: write the consistency proofs here (new file).", valueName: "FILE"))
    var consistencyProof: String?

    @Flag(name: .long, help: "Print a JSON object (the README lists its keys); the exit status is the same.")
    var json = false

    func run() throws {
        if let checkpoint {
            try verifyCheckpoint(checkpoint)
            return
        }
        let digests = try sha256.map { hex -> (String, SHA256Digest) in
            guard let d = SHA256Digest(hex: hex) else { throw ValidationError("--sha256 takes 64 hexadecimal digits") }
            return (hex.lowercased(), d)
        }
        // Hash the files before unlocking: a missing file is reported without a passphrase prompt.
        let hashing = files.isEmpty ? nil : display.make("hashing")
        let fileDigests = try files.map { ($0, try Vault.sha256(ofFileAt: $0, progress: hashing?.handler)) }
        hashing?.finish()
        let vault = try unlock.unlock()
        if digests.isEmpty && fileDigests.isEmpty {
            try verifyVault(vault)
            return
        }
        var allMatch = true
        let lookups = fileDigests + digests
        let found = try vault.entries(matching: lookups.map(\.1))
        if json {
            let items = zip(lookups, found).map { VerifyLookupJSON(label: $0.0.0, digest: $0.0.1, matches: $0.1) }
            print(try OutputJSON.stable(items, JSONShapes.verifyLookup))
            if items.contains(where: { !$0.sealed }) { throw ExitCode(1) }
            return
        }
        for ((label, digest), matches) in zip(lookups, found) {
            if matches.isEmpty {
                print("\(terminalSafe(label)): NOT SEALED (sha256 \(digest.hex))")
                allMatch = false
            }
            for m in matches {
                print("\(terminalSafe(label)): OK  sha256 \(digest.hex)  entry \(terminalSafe(m.id))  sealed \(terminalSafe(m.sealedAt))\(m.member == "redacted.txt" ? "  (redacted version)" : "")")
            }
        }
        if !allMatch { throw ExitCode(1) }
    }

    private func verifyCheckpoint(_ path: String) throws {
        let text = try CheckpointInput.read(path)
        let report = try unlock.unlock().checkConsistency(with: text)
        if let consistencyProof { try CustodyOutput.write(report.proofText, to: consistencyProof) }
        if json {
            print(try OutputJSON.stable(report.checked.map { VerifyCheckpointJSON(origin: $0.origin, old_size: $0.oldSize, new_size: $0.newSize) }, JSONShapes.verifyCheckpoint))
            return
        }
        for c in report.checked {
            print("OK  \(terminalSafe(c.origin)): \(c.newSize) events extend the checkpoint's \(c.oldSize)")
        }
    }

    private func verifyVault(_ vault: Vault) throws {
        // A deleted entry's file that a sync brought back is removed again first (FORMAT.md, "Deletions").
        // A log that cannot be read is reported below, with everything else verify finds.
        let returned = (try? vault.removeReturnedEntries()) ?? []
        let deletions = ((try? vault.deletions()) ?? [:]).values.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        let progress = display.make("verifying", counting: .entries)
        let total = Int64(progress == nil ? 0 : try vault.entryIDs().count)
        var done: Int64 = 0
        let report = try vault.verifyAll(progress: { id in
            progress?.update(ProgressReport(item: id, done: done, total: total))
            done += 1
        })
        progress?.finish()
        if json {
            print(try OutputJSON.stable(VerifyJSON(report, deletions: deletions, returned: returned), JSONShapes.verify))
            if !report.isClean { throw ExitCode(1) }
            return
        }
        for d in deletions { print("DELETED  \(terminalSafe(d.id))  deleted by rm on \(terminalSafe(d.at)) from device \(terminalSafe(d.device))") }
        for d in returned {
            print("REMOVED  \(terminalSafe(d.id))  its file came back through a sync after it was deleted by rm on \(terminalSafe(d.at)); removed again")
        }
        for d in report.damaged { print("DAMAGED  \(terminalSafe(d.id))  \(terminalSafe(d.reason))") }
        for p in report.indexProblems { print("INDEX    \(terminalSafe(p)) (rebuilt from the entries)") }
        for p in report.logProblems { print("LOG      \(terminalSafe(p))") }
        let problems = "\(report.logProblems.count) problem\(report.logProblems.count == 1 ? "" : "s")"
        let log = report.events == 0 && !report.logProblems.isEmpty
            ? "custody log: not read, \(problems)"
            : "custody log: \(report.events) events from \(report.devices) device\(report.devices == 1 ? "" : "s"), \(problems)"
        let deleted = deletions.isEmpty ? "" : ", \(deletions.count) deleted"
        print("\(report.verified.count) entries verified, \(report.damaged.count) damaged\(deleted); \(log)")
        if !report.isClean { throw ExitCode(1) }
    }
}
