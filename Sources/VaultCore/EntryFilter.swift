import Foundation

/// The filters of `list` (and of `export`'s selection).
public struct EntryFilter: Sendable {
    public var kind: EntryKind?
    public var tag: String?
    public var since: Date?
    /// Pseudonyms, any of which the entry must carry.
    public var pseudonyms: Set<String>?

    public init(kind: EntryKind? = nil, tag: String? = nil, since: Date? = nil, pseudonyms: Set<String>? = nil) {
        self.kind = kind
        self.tag = tag
        self.since = since
        self.pseudonyms = pseudonyms
    }

    public func matches(_ s: EntrySummary) -> Bool {
        if let kind, s.metadata.kind != kind { return false }
        if let tag, !s.metadata.tags.contains(where: { $0.caseInsensitiveCompare(tag) == .orderedSame }) { return false }
        if let since {
            guard let sealed = Timestamp.parse(s.metadata.sealedAt), sealed >= since else { return false }
        }
        if let pseudonyms {
            let carried = Set(s.metadata.pseudonyms + (s.metadata.witness.map { [$0] } ?? []))
            if carried.isDisjoint(with: pseudonyms) { return false }
        }
        return true
    }
}

extension Vault {
    /// The entries a filter selects, oldest first, and the entries that could not be
    /// read to decide (named so that a damaged entry is never silently left out).
    public func select(_ filter: EntryFilter) throws -> (ids: [EntryID], damaged: [DamagedEntry]) {
        let (entries, damaged) = try summaries()
        let ids = entries.filter(filter.matches)
            .sorted { ($0.metadata.sealedAt, $0.id) < ($1.metadata.sealedAt, $1.id) }
            .compactMap { EntryID($0.id) }
        return (ids, damaged)
    }
}
