import Foundation
import IdentityStripping

/// A correction of an entry's labels (`evault edit`). Names never come from
/// the command line: the new title and tags are stripped whatever is declared.
public struct EntryEdit: Sendable {
    /// The new title; "" removes it; nil leaves it.
    public var title: String?
    public var addTags: [String] = []
    public var removeTags: [String] = []

    public init(title: String? = nil, addTags: [String] = [], removeTags: [String] = []) {
        self.title = title
        self.addTags = addTags
        self.removeTags = removeTags
    }

    public var isEmpty: Bool { title == nil && addTags.isEmpty && removeTags.isEmpty }
}

/// Why an edit was refused.
public enum EditError: Error, Equatable, CustomStringConvertible {
    case nothingToChange(id: String)
    case noSuchTag(id: String, tag: String)

    public var description: String {
        switch self {
        case .nothingToChange(let id):
            return "entry \(id) already has that title and those tags; nothing was changed"
        case let .noSuchTag(id, tag):
            return "entry \(id) has no tag \(tag); nothing was changed"
        }
    }
}

extension Vault {
    /// Records an `edit` event for entry `id`: the new title and the tags added
    /// are stripped exactly like labels at sealing (the declared identities, the
    /// keep list, the detectors; any new pseudonym is logged as at sealing), and
    /// the entry file is not rewritten (entries are write-once). Returns the
    /// entry's summary with the edit applied.
    public func edit(_ id: EntryID, _ change: EntryEdit, stripping options: SealOptions = SealOptions()) throws -> EntrySummary {
        guard !change.isEmpty else { throw EditError.nothingToChange(id: id.rawValue) }
        return try locked {
            let current = try summary(id)
            var details = EventDetails()
            try custody.batch {
                if let title = change.title {
                    var stripped = ""
                    if !title.isEmpty { stripped = try strip(title, options: options).text }
                    if stripped != (current.metadata.title ?? "") { details.title = stripped }
                }
                var added: [String] = []
                for tag in change.addTags {
                    let stripped = try strip(tag, options: options).text
                    if !current.metadata.tags.contains(stripped) && !added.contains(stripped) { added.append(stripped) }
                }
                var removed: [String] = []
                for tag in change.removeTags {
                    // The stored tag is stripped: the user may type it either way.
                    let forms = try [tag, strip(tag, options: options).text]
                    let matching = current.metadata.tags.filter(forms.contains)
                    guard !matching.isEmpty else { throw EditError.noSuchTag(id: id.rawValue, tag: tag) }
                    removed += matching
                }
                if !added.isEmpty { details.tagsAdded = added }
                if !removed.isEmpty { details.tagsRemoved = Array(Set(removed)).sorted() }
                guard details.title != nil || details.tagsAdded != nil || details.tagsRemoved != nil else {
                    throw EditError.nothingToChange(id: id.rawValue)
                }
                try custody.record(NewEvent(kind: .edit, entry: id.rawValue, details: details))
            }
            return try summary(id)
        }
    }

    /// The summaries with the log's changes: deleted entries dropped (a file
    /// that came back through a sync stays hidden until `verify` removes it),
    /// edits applied in the log's merge order.
    /// A log that cannot be read (forked, rolled back) changes nothing here:
    /// `verify` names the problem, and listing still works.
    func applyingLogChanges<S: Sequence>(_ summaries: S) -> [EntrySummary] where S.Element == EntrySummary {
        guard let state = try? custody.state(), !state.deletions.isEmpty || !state.edits.isEmpty else { return Array(summaries) }
        return summaries.compactMap { s in
            state.deletions[s.id] == nil ? Vault.applying(state.edits[s.id] ?? [], to: s) : nil
        }
    }

    /// One entry's summary as the log says it is now; a deleted entry is unknown.
    func applyingLogChanges(_ summary: EntrySummary) throws -> EntrySummary {
        guard let s = applyingLogChanges([summary]).first else { throw VaultError.unknownEntry(summary.id) }
        return s
    }

    /// One summary with its edits applied, in order: the last title set wins;
    /// tags are removed then added, edit by edit, so concurrent edits on two
    /// devices both take effect unless they touch the same tag.
    static func applying(_ edits: [LogEvent], to summary: EntrySummary) -> EntrySummary {
        var s = summary
        for e in edits {
            if let title = e.details.title { s.metadata.title = title.isEmpty ? nil : title }
            let removed = Set(e.details.tagsRemoved ?? [])
            s.metadata.tags.removeAll { removed.contains($0) }
            for tag in e.details.tagsAdded ?? [] where !s.metadata.tags.contains(tag) { s.metadata.tags.append(tag) }
        }
        return s
    }
}
