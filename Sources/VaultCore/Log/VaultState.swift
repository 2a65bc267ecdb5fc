import Foundation
import IdentityStripping

/// The vault's state, derived by replaying every writer's events (FORMAT.md
/// section 8, "Replay"): nothing else is stored.
///
/// Order: events sort by (how many events of all writers the event had seen,
/// counting its own earlier ones; writer id; position). An event always sorts
/// after every event it had seen, so the order extends what each writer knew,
/// and it depends on no clock. Rules where two writers disagree:
/// - keep list and partners: an addition stands unless a removal of the same
///   name had not seen it (a concurrent removal wins);
/// - the same person declared on two machines gets the same keyed hash and so
///   the same pseudonym; two people who drew the same pseudonym concurrently
///   both keep it (it is already in their sealed notes) and later assignments
///   avoid it;
/// - a partner added on two machines: the first in order is kept; pseudonym
///   assignments: the first in order for each vault pseudonym.
struct VaultState {
    var entries: [String: LogEvent] = [:]
    var keep: [String] = []
    var registryByHash: [String: String] = [:]
    var registryByPseudonym: [String: String] = [:]
    var partners: [Partner] = []
    var exports: [ExportRecord] = []
    /// Deletions (`evault rm`) by entry id, the first in order; final whatever
    /// the order, since entry ids are random and never reused.
    var deletions: [String: LogEvent] = [:]
    /// Edits (`evault edit`) by entry id, in merge order (Vault+Edit.swift applies them).
    var edits: [String: [LogEvent]] = [:]

    init() {}

    init(events unordered: [LogEvent]) {
        let events = unordered.sorted { $0.orderKey < $1.orderKey }
        keep = VaultState.survivors(events, add: .keepAdd, remove: .keepRemove, key: { $0.details.name?.lowercased() })
            .compactMap(\.details.name).sorted()
        var exportKeys: [String: Int] = [:]
        var partnerAdds = VaultState.survivors(events, add: .partnerAdd, remove: .partnerRemove, key: { $0.details.partner?.name })
            .compactMap(\.details.partner)
        for e in events {
            switch e.leaf.kind {
            case .seal, .import:
                if let id = e.leaf.entry { entries[id] = e }
            case .deletion:
                if let id = e.leaf.entry, deletions[id] == nil { deletions[id] = e }
            case .edit:
                if let id = e.leaf.entry { edits[id, default: []].append(e) }
            case .pseudonym:
                guard let h = e.details.hash, let p = e.details.pseudonym, registryByHash[h] == nil else { continue }
                registryByHash[h] = p
                if registryByPseudonym[p] == nil { registryByPseudonym[p] = h }
            case .export:
                guard let r = e.details.export else { continue }
                // An export is logged before its bundle is written, then completed
                // with the bundle's SHA-256 (Vault+Export): the later event wins.
                let key = r.exportedAt + " " + r.manifestSHA256
                if let i = exportKeys[key] {
                    if !r.bundleSHA256.isEmpty { exports[i] = r }
                } else {
                    exportKeys[key] = exports.count
                    exports.append(r)
                }
            case .partnerPseudonyms:
                guard let name = e.details.partnerName, let salt = e.details.partnerSalt,
                      let i = partnerAdds.firstIndex(where: { $0.name == name && $0.salt == salt }) else { continue }
                for (k, v) in e.details.partnerPseudonyms ?? [:] where partnerAdds[i].pseudonyms[k] == nil {
                    partnerAdds[i].pseudonyms[k] = v
                }
            default:
                continue
            }
        }
        partners = partnerAdds
        for id in deletions.keys { entries[id] = nil }
    }

    /// For each key, the first addition in order that every removal of that key
    /// had seen (a removal that had not seen an addition wins over it).
    ///
    /// An addition has seen every removal of one writer when it has seen that
    /// writer's latest one, so only the latest position per key and writer is
    /// kept: linear in the events, not in additions times removals.
    static func survivors(_ events: [LogEvent], add: EventKind, remove: EventKind, key: (LogEvent) -> String?) -> [LogEvent] {
        var latestRemoval: [String: [String: Int]] = [:]
        for e in events where e.leaf.kind == remove {
            if let k = key(e) { latestRemoval[k, default: [:]][e.leaf.writer] = max(latestRemoval[k]?[e.leaf.writer] ?? -1, e.position) }
        }
        var result: [String: LogEvent] = [:]
        var order: [String] = []
        for e in events where e.leaf.kind == add {
            guard let k = key(e), result[k] == nil else { continue }
            let seenAll = (latestRemoval[k] ?? [:]).allSatisfy { writer, position in
                writer == e.leaf.writer ? position < e.position : (e.leaf.seen[writer] ?? 0) > position
            }
            if seenAll {
                result[k] = e
                order.append(k)
            }
        }
        return order.compactMap { result[$0] }
    }

    /// Replays one more event that had seen every event already replayed (the
    /// next event of the only writer that moved on): it sorts after all of them,
    /// so this gives what `init(events:)` gives over all the events (the log
    /// cache relies on it; LogCacheTests compares the two on random histories).
    /// Partner pseudonyms rely on each partner addition having its own random
    /// salt, as `addPartner` draws one.
    mutating func apply(_ e: LogEvent) {
        switch e.leaf.kind {
        case .seal, .import:
            if let id = e.leaf.entry, deletions[id] == nil { entries[id] = e }
        case .deletion:
            guard let id = e.leaf.entry, deletions[id] == nil else { return }
            deletions[id] = e
            entries[id] = nil
        case .edit:
            if let id = e.leaf.entry { edits[id, default: []].append(e) }
        case .keepAdd:
            guard let name = e.details.name, !keep.contains(where: { $0.lowercased() == name.lowercased() }) else { return }
            keep.append(name)
            keep.sort()
        case .keepRemove:
            guard let name = e.details.name?.lowercased() else { return }
            keep.removeAll { $0.lowercased() == name }
        case .partnerAdd:
            guard let p = e.details.partner, !partners.contains(where: { $0.name == p.name }) else { return }
            partners.append(p)
        case .partnerRemove:
            guard let name = e.details.partner?.name else { return }
            partners.removeAll { $0.name == name }
        case .pseudonym:
            guard let h = e.details.hash, let p = e.details.pseudonym, registryByHash[h] == nil else { return }
            registryByHash[h] = p
            if registryByPseudonym[p] == nil { registryByPseudonym[p] = h }
        case .export:
            // As in init(events:): keyed by time and manifest, the completed record wins.
            guard let r = e.details.export else { return }
            if let i = exports.firstIndex(where: { $0.exportedAt == r.exportedAt && $0.manifestSHA256 == r.manifestSHA256 }) {
                if !r.bundleSHA256.isEmpty { exports[i] = r }
            } else {
                exports.append(r)
            }
        case .partnerPseudonyms:
            guard let name = e.details.partnerName, let salt = e.details.partnerSalt,
                  let i = partners.firstIndex(where: { $0.name == name && $0.salt == salt }) else { return }
            for (k, v) in e.details.partnerPseudonyms ?? [:] where partners[i].pseudonyms[k] == nil {
                partners[i].pseudonyms[k] = v
            }
        default:
            return
        }
    }

    /// The pseudonym registry as IdentityStripping stores it.
    var registry: PseudonymRegistry {
        struct Shape: Codable { var byHash: [String: String]; var byPseudonym: [String: String] }
        let shape = Shape(byHash: registryByHash, byPseudonym: registryByPseudonym)
        guard let data = try? JSONEncoder().encode(shape), let r = try? JSONDecoder().decode(PseudonymRegistry.self, from: data) else {
            return PseudonymRegistry()
        }
        return r
    }

    /// Keyed hash -> pseudonym of a registry (to find what a strip added).
    static func assignments(of registry: PseudonymRegistry) -> [String: String] {
        struct Shape: Codable { var byHash: [String: String] }
        guard let data = try? JSONEncoder().encode(registry), let s = try? JSONDecoder().decode(Shape.self, from: data) else { return [:] }
        return s.byHash
    }
}
