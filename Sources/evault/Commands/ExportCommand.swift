import ArgumentParser
import Foundation
import VaultCore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a signed, encrypted bundle of stripped entries for partners.",
        discussion: """
        The bundle is one age file (--armor for mail) that only the named partners can open. Inside, \
        a tar stream: manifest.json (ids, commitments, the hashes of the files sent, pseudonyms, \
        redaction counts), its minisign signature manifest.json.minisig, SHA256SUMS, and files/. \
        Notes go out as stored (stripped), text documents as their stripped version, other documents \
        as their clean copy where evault makes one (metadata removed; photos, audio and video keep \
        what they show and say: faces, voices, visible text are not redacted; --no-media leaves them \
        out). Anything else is left out with one line each, unless --include-originals, which sends \
        it unredacted. Nothing in the bundle lets a partner test a guess about what was redacted: a \
        sealed file is named only by a commitment that `evault disclose` opens. Each partner gets its own \
        pseudonyms; --linkable keeps the vault's (required for several partners in one bundle). \
        A partner opens it with `evault inspect`, or with `age -d -i KEY FILE | tar -x`, \
        `minisign -Vm manifest.json -p SENDER.pub` and `sha256sum -c SHA256SUMS`. The bundle also carries \
        custody-proof.txt: the proof that this export is recorded in the vault's signed custody log.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: ArgumentHelp("Entry ids (a unique prefix is enough).", valueName: "ID"))
    var ids: [String] = []

    @Option(name: .long, help: "Every entry with this tag.")
    var tag: String?

    @Option(name: .long, help: ArgumentHelp("Every entry that mentions this person (a name or a pseudonym). Prefer --who-file for a real name: arguments are visible to other local users (ps) and stay in the shell history.", valueName: "NAME"))
    var who: String?

    @Option(name: .customLong("who-file"), help: ArgumentHelp("Read the person's name from the first line of FILE (- for standard input, /dev/fd/N for a pipe), so it never appears in ps or the shell history.", valueName: "FILE"))
    var whoFile: String?

    @Option(name: .long, help: "Every entry of this kind: document or note.")
    var kind: EntryKind?

    @Option(name: .long, help: ArgumentHelp("Partner names, comma-separated.", valueName: "PARTNER[,PARTNER…]"))
    var to: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The bundle file to write.", valueName: "FILE"))
    var output: String

    @Flag(name: .long, help: "ASCII-armor the bundle (for mail).")
    var armor = false

    @Flag(name: .long, help: "Also send documents that have no stripped text or clean copy, UNREDACTED.")
    var includeOriginals = false

    @Flag(name: .long, help: "Leave photos, audio and video out.")
    var noMedia = false

    @Flag(name: .long, help: "Keep the vault's own pseudonyms (partners can then join exports on them).")
    var linkable = false

    @Flag(name: .long, help: "Replace an existing output file.")
    var force = false

    @Flag(name: .long, help: "Print what was written as JSON (keys in the README); notes stay on standard error.")
    var json = false

    @OptionGroup var display: ProgressOptions

    func validate() throws {
        let selectors = (ids.isEmpty ? 0 : 1) + [tag, who ?? whoFile].compactMap { $0 }.count + (kind == nil ? 0 : 1)
        if selectors == 0 { throw ValidationError("choose what to export: entry ids, --tag, --who or --kind") }
        if !ids.isEmpty && selectors > 1 { throw ValidationError("give entry ids or filters (--tag, --who, --kind), not both") }
        if to.split(separator: ",", omittingEmptySubsequences: true).isEmpty { throw ValidationError("--to names at least one partner") }
        if who != nil && whoFile != nil { throw ValidationError("give --who or --who-file, not both") }
    }

    func run() throws {
        let vault = try unlock.unlock()
        var selected: [EntryID]
        if !ids.isEmpty {
            selected = try ids.map { try vault.resolve($0) }
        } else {
            var filter = EntryFilter(kind: kind, tag: tag)
            if let person = try WhoCommand.person(who: who, whoFile: whoFile) { filter.pseudonyms = try WhoCommand.pseudonyms(for: person, in: vault) }
            let (entries, damaged) = try vault.summaries()
            for d in damaged { Terminal.error("entry \(d.id) is damaged: \(d.reason)") }
            selected = entries.filter(filter.matches).compactMap { EntryID($0.id) }
            if selected.isEmpty { throw ExportError.nothingToExport }
        }
        var request = ExportRequest(entries: selected, partners: to.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }, output: output)
        request.armor = armor
        request.includeOriginals = includeOriginals
        request.noMedia = noMedia
        request.linkable = linkable
        request.overwrite = force
        let progress = display.make("exporting")
        let receipt: ExportReceipt
        do {
            receipt = try vault.export(request, progress: progress?.handler)
            progress?.finish()
        } catch {
            progress?.finish()
            throw error
        }
        for id in receipt.unredactedOriginals {
            Terminal.error("warning: entry \(id) was exported as its original bytes, which are NOT redacted")
        }
        for id in receipt.cleanedMedia {
            let kept = receipt.keptInMedia[id].map { "; KEPT: " + $0.joined(separator: ", ") } ?? ""
            Terminal.note("entry \(id): metadata removed; faces, voices and visible text were NOT redacted\(kept)")
        }
        for left in receipt.leftOut {
            Terminal.note("entry \(left.id) left out: \(left.reason)")
        }
        if json {
            print(jsonTerminalSafe(try OutputJSON.string(BundleJSON.export(receipt))))
            return
        }
        for e in receipt.manifest.entries {
            print("\(e.id)  \(e.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(e.exported.padding(toLength: 8, withPad: " ", startingAt: 0))  \(e.fileSHA256)")
        }
        print("wrote \(output) for \(receipt.record.to.joined(separator: ", ")): \(receipt.manifest.entries.count) entr\(receipt.manifest.entries.count == 1 ? "y" : "ies"), sha256 \(receipt.record.bundleSHA256)")
    }
}
