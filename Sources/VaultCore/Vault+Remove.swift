#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A deletion recorded in the custody log: which entry, when, from which device.
public struct DeletionRecord: Equatable, Sendable {
    public var id: String
    /// RFC 3339 UTC: when the deleting device says it happened.
    public var at: String
    public var device: String
    /// The commitment the deletion event carries (the seal's), nil when the seal was never logged.
    public var commitment: String?
}

/// What `remove` did to one entry.
public struct RemovedEntry: Equatable, Sendable {
    public var id: String
    public var title: String?
    /// False when the file was already gone (a deletion logged for a file another device removed).
    public var fileRemoved: Bool
}

extension Vault {
    /// Removes entries: one signed `deletion` event per entry (its id and the
    /// commitment of its seal event, never content or a name) is written as one
    /// log segment, then the files go. The event goes first, so a crash between
    /// the two leaves a file the log says is deleted, which `verify` removes
    /// again; never a missing file the log still lists.
    public func remove(_ ids: [EntryID], now: Date = Date()) throws -> [RemovedEntry] {
        try locked {
            let state = try custody.state()
            var removed: [RemovedEntry] = []
            let titles = ids.map { (try? summary($0))?.metadata.title }
            try custody.batch {
                for id in ids where state.deletions[id.rawValue] == nil {
                    let seal = state.entries[id.rawValue]
                    try custody.record(NewEvent(kind: .deletion, at: now, entry: id.rawValue, commitment: seal?.leaf.commitment))
                }
            }
            for (id, title) in zip(ids, titles) {
                let path = layout.entry(id)
                let existed = FileSystem.exists(path)
                if existed, unlink(path) != 0 {
                    throw VaultError.cannotWrite(path: path, reason: FileSystem.reason() + "; the deletion is logged, `evault verify` removes the file")
                }
                removed.append(RemovedEntry(id: id.rawValue, title: title, fileRemoved: existed))
            }
            FileSystem.syncDirectory(layout.entries)
            // The index is a cache keyed by the files: refreshing drops the removed records now.
            _ = try? summaries()
            return removed
        }
    }

    /// Every deletion in the custody log, by entry id.
    public func deletions() throws -> [String: DeletionRecord] {
        try custody.state().deletions.mapValues { DeletionRecord($0) }
    }

    /// The deletion of entry `id`, if it was deleted (for messages about an unknown id).
    public func deletion(of id: String) -> DeletionRecord? {
        (try? custody.state().deletions[id]).map { DeletionRecord($0) }
    }

    /// Entry files that came back after their deletion (a device that had not
    /// seen the deletion synced its copy): removed again, under the lock, and returned.
    public func removeReturnedEntries() throws -> [DeletionRecord] {
        try locked {
            let deleted = try custody.state().deletions
            var returned: [DeletionRecord] = []
            for id in try entryIDs() {
                guard let event = deleted[id.rawValue] else { continue }
                FileSystem.remove(layout.entry(id))
                returned.append(DeletionRecord(event))
            }
            if !returned.isEmpty {
                FileSystem.syncDirectory(layout.entries)
                // A `list` may have indexed the file while it was back: the refresh drops the record.
                _ = try? summaries()
            }
            return returned
        }
    }
}

extension DeletionRecord {
    init(_ event: LogEvent) {
        self.init(id: event.leaf.entry ?? "", at: event.leaf.at, device: event.leaf.writer, commitment: event.leaf.commitment)
    }
}
