import EvaultCrypto
import Foundation
import Testing
@testable import VaultCore

/// The log cache (Log/LogCache.swift): replaying from it gives exactly what a
/// full replay gives, and a damaged or stale cache is never believed.
@Suite("Log cache")
struct LogCacheTests {
    // MARK: Incremental replay equals full replay

    /// A random event of `writer` at `position`, having seen `seen`.
    /// Partner additions so far: each has a fresh salt (as `addPartner` draws
    /// one), and a partner-pseudonyms event names only an addition its writer had seen.
    struct Adds { var list: [(writer: String, position: Int, name: String, salt: String)] = [] }

    static func event(_ rng: inout SystemRandomNumberGenerator, writer: String, position: Int, seen: [String: Int], adds: inout Adds) -> LogEvent {
        let kinds: [EventKind] = [.seal, .deletion, .edit, .keepAdd, .keepRemove, .partnerAdd, .partnerRemove, .pseudonym, .export, .partnerPseudonyms, .keyChange]
        let kind = kinds[Int.random(in: 0..<kinds.count, using: &rng)]
        var d = EventDetails()
        let n = Int.random(in: 0..<4, using: &rng)
        var entry: String?
        switch kind {
        case .seal, .deletion: entry = "entry\(n)"
        case .edit:
            entry = "entry\(n)"
            d.title = "title\(position)"
        case .keepAdd, .keepRemove: d.name = ["Ann", "ann", "Bob", "Cy"][n]
        case .partnerAdd, .partnerRemove:
            let salt = "\(writer)-\(position)"
            d.partner = Partner(name: "p\(n % 2)", ageRecipient: "age1x", minisignPublicKey: nil, addedAt: "t", salt: salt, pseudonyms: [:])
            if kind == .partnerAdd { adds.list.append((writer, position, "p\(n % 2)", salt)) }
        case .partnerPseudonyms:
            let visible = adds.list.filter { $0.writer == writer ? $0.position < position : (seen[$0.writer] ?? 0) > $0.position }
            if let add = visible.randomElement(using: &rng) {
                d.partnerName = add.name
                d.partnerSalt = add.salt
                d.partnerPseudonyms = ["V\(n)": "P\(position)"]
            }
        case .pseudonym:
            d.hash = "h\(n)"
            d.pseudonym = "Pseudo\(Int.random(in: 0..<3, using: &rng))"
        case .export:
            d.export = ExportRecord(exportedAt: "t\(n)", to: [], file: "f", bundleSHA256: "b\(n)", manifestSHA256: "m", linkable: false, entries: [])
        default: break
        }
        let leaf = EventLeaf(kind: kind, at: "2026-01-01T00:00:00Z", writer: writer, seen: seen, salt: Hex.encode(randomBytes(32)),
                             entry: entry, commitment: nil, details: nil)
        let data = (try? JSONCoding.encode(leaf, pretty: false)) ?? []
        return LogEvent(leaf: leaf, leafData: data, details: d, position: position, leafHash: Merkle.leafHash(data))
    }

    static func summary(_ s: VaultState) -> String {
        let entries = s.entries.keys.sorted().map { "\($0)@\(s.entries[$0]?.leaf.writer ?? "")/\(s.entries[$0]?.position ?? -1)" }
        return "\(entries) keep=\(s.keep) reg=\(s.registryByHash.sorted { $0.key < $1.key }) pse=\(s.registryByPseudonym.sorted { $0.key < $1.key }) "
            + "partners=\(s.partners.map { "\($0.name)/\($0.salt)/\($0.pseudonyms.sorted { $0.key < $1.key })" }) exports=\(s.exports.map(\.bundleSHA256)) "
            + "deleted=\(s.deletions.keys.sorted()) edits=\(s.edits.keys.sorted().map { "\($0):\(s.edits[$0]?.map(\.position) ?? [])" })"
    }

    @Test(arguments: 0..<200)
    func applyingLaterEventsEqualsFullReplay(round: Int) {
        var rng = SystemRandomNumberGenerator()
        // Two writers interleaved (each sometimes behind the other), then writer a alone, having seen everything.
        var sizes = ["aaaaaaaaaaaaaaaa": 0, "bbbbbbbbbbbbbbbb": 0]
        var prefix: [LogEvent] = []
        var adds = Adds()
        for _ in 0..<Int.random(in: 0..<30, using: &rng) {
            let w = Bool.random(using: &rng) ? "aaaaaaaaaaaaaaaa" : "bbbbbbbbbbbbbbbb"
            let other = w == "aaaaaaaaaaaaaaaa" ? "bbbbbbbbbbbbbbbb" : "aaaaaaaaaaaaaaaa"
            let seen = (sizes[other] ?? 0) == 0 ? [:] : [other: Int.random(in: 0...(sizes[other] ?? 0), using: &rng)]
            prefix.append(Self.event(&rng, writer: w, position: sizes[w] ?? 0, seen: seen, adds: &adds))
            sizes[w, default: 0] += 1
        }
        var later: [LogEvent] = []
        let b = sizes["bbbbbbbbbbbbbbbb"] ?? 0
        for i in 0..<Int.random(in: 1..<20, using: &rng) {
            later.append(Self.event(&rng, writer: "aaaaaaaaaaaaaaaa", position: (sizes["aaaaaaaaaaaaaaaa"] ?? 0) + i,
                                    seen: b == 0 ? [:] : ["bbbbbbbbbbbbbbbb": b], adds: &adds))
        }
        var incremental = VaultState(events: prefix)
        for e in later { incremental.apply(e) }
        #expect(Self.summary(incremental) == Self.summary(VaultState(events: prefix + later)))
    }

    // MARK: Through a vault

    static func makeVault() throws -> (Vault, String, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("evault-cache-\(UUID().uuidString)").path
        let vault = try Vault.create(at: dir + "/vault", protection: .keyFile(path: dir + "/key"))
        return (vault, dir + "/vault", dir)
    }

    static func reopen(_ path: String, key: String) throws -> Vault {
        try LockedVault(path: path).unlock(.keyFile(path: key))
    }

    /// The state a fresh command derives (through the cache) against a full replay of every segment.
    static func cachedAndFull(_ path: String, key: String) throws -> (String, String) {
        let cached = try reopen(path, key: key)
        let viaCache = try withExtendedLifetime(cached) { summary(try cached.custody.state()) }
        let full = try reopen(path, key: key)
        let all = try withExtendedLifetime(full) { try full.custody.logs() }
        return (viaCache, summary(VaultState(events: all.values.flatMap(\.events))))
    }

    @Test func laterCommandsReadOnlyNewSegmentsAndAgree() throws {
        let (vault, path, dir) = try Self.makeVault()
        defer {
            vault.dropLogCache()
            try? FileManager.default.removeItem(atPath: dir)
        }
        try vault.addToKeepList(["Alpha Person", "Beta Person"])
        _ = try vault.sealNote("a note", options: SealOptions())
        var (viaCache, full) = try Self.cachedAndFull(path, key: dir + "/key")
        #expect(viaCache == full)
        let cachePath = LogCache.path(LogCache.headsName, vaultID: vault.vaultID)
        #expect(FileSystem.isRegularFile(cachePath))
        #expect(FileSystem.mode(cachePath).map { $0 & 0o077 } == 0)
        // A new command continues from the cache: no event before it is read.
        let next = try Self.reopen(path, key: dir + "/key")
        #expect(try withExtendedLifetime(next) { try next.custody.heads().values.allSatisfy { !$0.isComplete } })

        // Another command (a new Vault object) appends; the next one continues from the cache.
        let second = try Self.reopen(path, key: dir + "/key")
        _ = try second.removeFromKeepList(["Alpha Person"])
        try second.addToKeepList(["Gamma Person"])
        (viaCache, full) = try Self.cachedAndFull(path, key: dir + "/key")
        #expect(viaCache == full)
        #expect(try Self.reopen(path, key: dir + "/key").keepList() == ["Beta Person", "Gamma Person"])
    }

    @Test func damagedCacheIsIgnoredAndReplaced() throws {
        let (vault, path, dir) = try Self.makeVault()
        defer {
            vault.dropLogCache()
            try? FileManager.default.removeItem(atPath: dir)
        }
        try vault.addToKeepList(["Alpha Person"])
        _ = try Self.reopen(path, key: dir + "/key").keepList()
        for name in [LogCache.headsName, LogCache.stateName] {
            let p = LogCache.path(name, vaultID: vault.vaultID)
            #expect(FileSystem.isRegularFile(p))
            try Data("garbage".utf8).write(to: URL(fileURLWithPath: p))
        }
        #expect(try Self.reopen(path, key: dir + "/key").keepList() == ["Alpha Person"])
        // Replaced by a readable one.
        #expect(LogCache.read(LogCache.stateName, vaultID: vault.vaultID, keyring: vault.keyring).flatMap(StateCache.decode) != nil)
        #expect(LogCache.read(LogCache.headsName, vaultID: vault.vaultID, keyring: vault.keyring).flatMap(HeadsCache.decode) != nil)
    }

    /// A cache that covers more than the folder holds (the folder was rolled
    /// back) is not used: the rollback is refused as without a cache.
    @Test func rollbackIsRefusedWithACache() throws {
        let (vault, path, dir) = try Self.makeVault()
        defer {
            vault.dropLogCache()
            try? FileManager.default.removeItem(atPath: dir)
        }
        try vault.addToKeepList(["Alpha Person"])
        let copy = dir + "/copy"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try vault.addToKeepList(["Beta Person"])
        _ = try Self.reopen(path, key: dir + "/key").keepList()
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: copy, toPath: path)
        #expect(throws: LogError.self) { try Self.reopen(path, key: dir + "/key").keepList() }
    }

    /// A segment replaced by another file that authenticates (the same
    /// segment written again: a fork) is noticed although the cache covers it.
    @Test func replacedSegmentIsNotTakenFromTheCache() throws {
        let (vault, path, dir) = try Self.makeVault()
        defer {
            vault.dropLogCache()
            try? FileManager.default.removeItem(atPath: dir)
        }
        try vault.addToKeepList(["Alpha Person"])
        let writer = try vault.custody.writer
        let first = vault.layout.logSegment(writer: writer, seq: 1)
        let saved = try Data(contentsOf: URL(fileURLWithPath: first))
        try vault.addToKeepList(["Beta Person"])
        _ = try Self.reopen(path, key: dir + "/key").keepList()
        // Segment 2 replaced by segment 1's bytes: does not authenticate at that place.
        let second = vault.layout.logSegment(writer: writer, seq: 2)
        FileSystem.remove(second)
        try saved.write(to: URL(fileURLWithPath: second))
        #expect(throws: LogError.self) { try Self.reopen(path, key: dir + "/key").keepList() }
    }
}
