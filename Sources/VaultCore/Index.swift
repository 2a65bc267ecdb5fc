import EvaultCrypto
import Foundation

/// The index: an encrypted cache of every entry's summary, so `list` does not
/// decrypt every entry. It is never trusted over the entries: each load compares
/// it with the files in `entries/`, reads the summaries of entries it lacks,
/// drops records of entries that are gone, and `verify` checks every record.
struct Index {
    var entries: [String: EntrySummary] = [:]
}

/// An entry that could not be read while refreshing the index.
public struct DamagedEntry: Equatable, Sendable {
    public var id: String
    public var reason: String
}

extension Vault {
    /// Ids of the entry files on disk, the ground truth.
    public func entryIDs() throws -> [EntryID] {
        try FileSystem.listByKind(layout.entries).regular.compactMap { name in
            guard name.hasSuffix(".age") else { return nil }
            return EntryID(String(name.dropLast(4)))
        }.sorted()
    }

    /// Resolves a typed id or unique prefix.
    public func resolve(_ typed: String) throws -> EntryID {
        try EntryID.resolve(typed, among: try entryIDs())
    }

    func readIndex() -> Index? {
        guard let data = try? readState(at: layout.index), let records = IndexCodec.decode(Array(data)) else { return nil }
        var index = Index()
        index.entries.reserveCapacity(records.count)
        for r in records { index.entries[r.id] = r }
        return index
    }

    func writeIndex(_ index: Index) throws {
        try writeState(Data(IndexCodec.encode(index.entries.keys.sorted().compactMap { index.entries[$0] })), at: layout.index)
    }

    /// The summaries of every entry, from the index refreshed against `entries/`.
    /// Entries that cannot be read are returned separately, never dropped silently.
    /// `progress` counts the entries read to rebuild missing records (a lost index: all of them).
    public func summaries(progress: ProgressHandler? = nil) throws -> (entries: [EntrySummary], damaged: [DamagedEntry]) {
        let ids = try entryIDs()
        var index = readIndex() ?? Index()
        let onDisk = Set(ids.map(\.rawValue))
        var damaged: [DamagedEntry] = []
        var changed = false
        for stale in index.entries.keys where !onDisk.contains(stale) {
            index.entries[stale] = nil
            changed = true
        }
        let missing = ids.filter { index.entries[$0.rawValue] == nil }
        for (n, id) in missing.enumerated() {
            progress?(ProgressReport(item: "index", done: Int64(n), total: Int64(missing.count)))
            do {
                index.entries[id.rawValue] = try EntryReader(vault: self, id: id).readSummary()
                changed = true
            } catch {
                damaged.append(DamagedEntry(id: id.rawValue, reason: Vault.reason(error)))
            }
        }
        if !missing.isEmpty { progress?(ProgressReport(item: "index", done: Int64(missing.count), total: Int64(missing.count))) }
        if changed { try mergeIntoIndex(index.entries, removing: Set(index.entries.keys).subtracting(onDisk)) }
        let entries = applyingLogChanges(index.entries.values).sorted {
            ($0.metadata.sealedAt, $0.id) < ($1.metadata.sealedAt, $1.id)
        }
        return (entries, damaged)
    }

    func addToIndex(_ summaries: [EntrySummary]) throws {
        try mergeIntoIndex(Dictionary(summaries.map { ($0.id, $0) }, uniquingKeysWith: { $1 }), removing: [])
    }

    /// Read-modify-write under the vault lock, so concurrent seals both land.
    private func mergeIntoIndex(_ records: [String: EntrySummary], removing: Set<String>) throws {
        try locked {
            var index = readIndex() ?? Index()
            for (id, record) in records { index.entries[id] = record }
            for id in removing { index.entries[id] = nil }
            let onDisk = Set(try entryIDs().map(\.rawValue))
            index.entries = index.entries.filter { onDisk.contains($0.key) }
            try writeIndex(index)
        }
    }

    /// Rebuilds the index from the entries alone.
    func rebuildIndex(from summaries: [EntrySummary]) throws {
        try locked {
            var index = Index()
            for s in summaries { index.entries[s.id] = s }
            try writeIndex(index)
        }
    }

    static func reason(_ error: Error) -> String {
        if case let VaultError.damagedEntry(_, reason) = error { return reason }
        return "\(error)"
    }
}
