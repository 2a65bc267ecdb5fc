import EvaultCrypto
import Foundation
import IdentityStripping

/// One entry whose stored text contains what was searched for.
public struct SearchHit: Equatable, Sendable {
    public var id: String
    public var kind: EntryKind
    public var title: String?
    /// A document's original file name (shown when it has no title).
    public var name: String?
    /// The member searched: `note.txt` for a note, the redacted text of a document.
    public var member: String
    /// How many lines match.
    public var matches: Int
    /// The first matching line, cut to a short window around the match (not escaped).
    public var context: String
    /// True when it matched the person's pseudonym rather than the text typed.
    public var viaPseudonym: Bool
}

/// What `search` found, and whether the text was a declared person's name.
public struct SearchResult: Sendable {
    public var hits: [SearchHit]
    /// The declared person's pseudonym also searched for, when the text was their name.
    public var pseudonym: String?
    /// Entries whose text could not be read (damaged), never dropped silently.
    public var damaged: [DamagedEntry]
}

extension Vault {
    /// Finds notes and the redacted texts of documents containing `text`,
    /// case-insensitively. Each entry is decrypted into memory, line by line
    /// (no temporary file), and authenticated as it streams. When `text` is the
    /// name of a person this vault has a pseudonym for, their pseudonym is
    /// searched too: the stored texts carry the pseudonym, never the name.
    public func search(_ text: String, contextWidth: Int = 40) throws -> SearchResult {
        let term = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !term.isEmpty else { throw VaultError.invalidArgument("nothing to search for: the text is empty") }
        let pseudonym = try declaredPseudonym(of: term)
        var terms = [(term, false)]
        if let pseudonym {
            // Notes show the witness as `Witness words`, the text as `Person words`.
            for form in Vault.personForms(pseudonym) where form.caseInsensitiveCompare(term) != .orderedSame {
                terms.append((form, true))
            }
        }
        var hits: [SearchHit] = []
        var damaged: [DamagedEntry] = []
        for s in try summaries().entries {
            let m = s.metadata
            let redacted = m.kind == .document
            guard m.kind == .note || m.redacted != nil, let id = EntryID(m.id) else { continue }
            let sink = LineSearchSink(terms: terms, width: contextWidth)
            do {
                try self.open(id, redacted: redacted && !m.strippedOnly, to: .stream(sink))
                sink.finish()
            } catch {
                damaged.append(DamagedEntry(id: m.id, reason: Vault.reason(error)))
                continue
            }
            guard let first = sink.first else { continue }
            hits.append(SearchHit(id: m.id, kind: m.kind, title: m.title, name: m.name, member: redacted ? (m.redacted ?? m.content) : m.content,
                                  matches: sink.count, context: first.context, viaPseudonym: first.viaPseudonym))
        }
        return SearchResult(hits: hits, pseudonym: pseudonym, damaged: damaged)
    }

    /// The pseudonym of a person this vault has one for (a declared person), or nil.
    func declaredPseudonym(of name: String) throws -> String? {
        let hash = pseudonymizer.hash(of: name, kind: .person)
        return try loadRegistry().pseudonym(forHash: hash)
    }

    /// Whether this vault has given the person named `name` a pseudonym (`who --json`).
    public func knowsPerson(_ name: String) throws -> Bool {
        try declaredPseudonym(of: name) != nil
    }

    static func personForms(_ pseudonym: String) -> [String] {
        for prefix in ["Witness ", "Person "] where pseudonym.hasPrefix(prefix) {
            let words = pseudonym.dropFirst(prefix.count)
            return ["Person " + words, "Witness " + words]
        }
        return [pseudonym]
    }
}

/// Receives decrypted text and looks at it one line at a time, keeping only
/// the first match's context and a count: memory stays bounded by the longest
/// line (cut at 64 KiB; a match across such a cut is missed).
final class LineSearchSink: ByteSink {
    static let maxLine = 64 * 1024
    private let terms: [(String, Bool)]
    private let width: Int
    private var line: [UInt8] = []
    private(set) var count = 0
    private(set) var first: (context: String, viaPseudonym: Bool)?

    init(terms: [(String, Bool)], width: Int) {
        self.terms = terms
        self.width = width
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        for b in bytes {
            if b == UInt8(ascii: "\n") || line.count >= LineSearchSink.maxLine {
                check()
                if b == UInt8(ascii: "\n") { continue }
            }
            line.append(b)
        }
    }

    func finish() {
        if !line.isEmpty { check() }
    }

    private func check() {
        defer { wipe(&line); line.removeAll(keepingCapacity: true) }
        let text = String(decoding: line, as: UTF8.self)
        for (term, viaPseudonym) in terms {
            guard let range = text.range(of: term, options: [.caseInsensitive]) else { continue }
            count += 1
            if first == nil { first = (LineSearchSink.window(text, range, width), viaPseudonym) }
            return
        }
    }

    /// `width` characters either side of the match, with an ellipsis where cut.
    static func window(_ text: String, _ range: Range<String.Index>, _ width: Int) -> String {
        let start = text.index(range.lowerBound, offsetBy: -width, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(range.upperBound, offsetBy: width, limitedBy: text.endIndex) ?? text.endIndex
        let cut = String(text[start..<end]).trimmingCharacters(in: .whitespaces)
        return (start > text.startIndex ? "…" : "") + cut + (end < text.endIndex ? "…" : "")
    }
}
