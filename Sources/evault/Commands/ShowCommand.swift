import ArgumentParser
import VaultCore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a note, or a document's metadata."
    )

    @OptionGroup var unlock: UnlockOptions

    @Argument(help: ArgumentHelp("Entry id (a unique prefix is enough).", valueName: "ID"))
    var id: String

    @Flag(name: .long, help: "Print the metadata and the clean copy's report as JSON (never the commitment salt).")
    var json = false

    func run() throws {
        let vault = try unlock.unlock()
        let entry = try vault.resolve(id)
        let summary = try vault.summary(entry)
        let m = summary.metadata
        let clean = m.kind == .document && m.redacted == nil ? Result { try vault.cleanCopy(entry) } : nil
        if json {
            print(try OutputJSON.stable(ShowJSON(summary, clean: clean), JSONShapes.show))
            return
        }
        if m.kind == .note {
            if let witness = m.witness { print("Witness: \(terminalSafe(witness))") }
            print("Sealed:  \(terminalSafe(m.sealedAt))")
            if let title = m.title { print("Title:   \(terminalSafe(title))") }
            print("")
            let body = TerminalSafeOutput()
            try vault.open(entry, to: .stream(body))
            try body.finish()
            return
        }
        print("id:          \(terminalSafe(m.id))")
        print("kind:        \(m.kind.rawValue)")
        print("name:        \(terminalSafe(m.name ?? ""))")
        if let title = m.title { print("title:       \(terminalSafe(title))") }
        print("tags:        \(m.tags.map(terminalSafe).joined(separator: ", "))")
        print("media type:  \(terminalSafe(m.mediaType))")
        print("size:        \(m.size) bytes")
        print("sealed at:   \(terminalSafe(m.sealedAt))")
        print("sha256:      \(summary.sha256)")
        if m.strippedOnly {
            print("redacted:    stripped only: the original was not kept (seal --no-original)")
        } else {
            print("redacted:    \(m.redacted == nil ? "no redacted form" : "yes (open --redacted)")")
        }
        switch clean {
        case .success(let c)?:
            print("clean copy:  \(c.format), \(c.size) bytes, removed: \(safeText(c.report.line)) (open --clean)")
            if c.isMedia { print("             metadata only: faces, voices and visible text are NOT redacted") }
        case .failure(let error)?:
            print("clean copy:  none: \(safeText(ShowJSON.reason(error)))")
        case nil: break
        }
        if let origin = m.origin {
            print("imported:    from \(terminalSafe(origin.senderKey)), exported \(terminalSafe(origin.exportedAt))")
        }
    }
}

/// `show --json`: the entry's metadata without its secret salt, and its clean copy.
private struct ShowJSON: Encodable {
    struct Clean: Encodable {
        var format: String?
        var size: Int64?
        var sha256: String?
        var report: CleanSummary?
        var media: Bool?
        var reason: String?
    }
    var metadata: EntryMetadata
    var sha256: String
    var redactedSHA256: String?
    var clean: Clean?

    init(_ summary: EntrySummary, clean: Result<CleanCopyInfo, Error>?) {
        metadata = summary.metadata
        metadata.commitmentSalt = nil
        sha256 = summary.sha256
        redactedSHA256 = summary.redactedSHA256
        switch clean {
        case .success(let c)?: self.clean = Clean(format: c.format, size: c.size, sha256: c.sha256, report: c.report, media: c.isMedia)
        case .failure(let e)?: self.clean = Clean(reason: Self.reason(e))
        case nil: self.clean = nil
        }
    }

    static func reason(_ error: Error) -> String {
        if case let CleanCopyError.none(_, reason) = error { return reason }
        return "\(error)"
    }

    enum CodingKeys: String, CodingKey {
        case metadata, sha256, clean, redactedSHA256 = "redacted_sha256"
    }
}
