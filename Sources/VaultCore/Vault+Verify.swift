import EvaultCrypto

/// The outcome of `verify` over the whole vault.
public struct VaultReport: Sendable {
    public var verified: [String] = []
    public var damaged: [DamagedEntry] = []
    /// Index records that disagreed with their entries (the index was then rebuilt).
    public var indexProblems: [String] = []
    /// The custody log: damaged, rolled back or forked logs, entries it names
    /// that are missing, entries it does not name, sync conflict copies.
    public var logProblems: [String] = []
    /// Events read from every device's log.
    public var events = 0
    public var devices = 0

    public var isClean: Bool { damaged.isEmpty && indexProblems.isEmpty && logProblems.isEmpty }
}

/// One sealed entry that a file or digest matches.
public struct DigestMatch: Equatable, Sendable {
    public var id: String
    public var sealedAt: String
    public var member: String
}

extension Vault {
    /// Reads every entry end to end: every chunk authenticates, the tar stream is
    /// well formed, each member's SHA-256 equals the SHA256SUMS trailer, and the
    /// index agrees. Damaged entries are named; the others stay readable.
    /// Entries are checked on every core at once; `progress` is told of each as it
    /// starts, one call at a time, possibly from another thread.
    public func verifyAll(progress: (String) -> Void = { _ in }) throws -> VaultReport {
        var report = VaultReport()
        var good: [EntrySummary] = []
        // Entries are independent: one per core at once (ParallelWork), reported in order.
        let ids = try entryIDs()
        let outcomes = ParallelWork.map(count: ids.count, started: { progress(ids[$0].rawValue) }) { i in
            Result { try self.verifyEntry(ids[i]) }
        }
        for (id, outcome) in zip(ids, outcomes) {
            switch outcome {
            case .success(let summary):
                good.append(summary)
                report.verified.append(id.rawValue)
            case .failure(let error):
                report.damaged.append(DamagedEntry(id: id.rawValue, reason: Vault.reason(error)))
            }
        }
        let index = readIndex()
        // An index under retired keys (synced from a laptop that had not seen a removal) is only stale.
        if index == nil, FileSystem.exists(layout.index), !indexIsUnderRetiredKeys() {
            report.indexProblems.append("the index cannot be decrypted")
        }
        let indexed = index?.entries ?? [:]
        for summary in good {
            if let record = indexed[summary.id], record != summary {
                report.indexProblems.append("index record for \(summary.id) disagrees with the entry")
            }
        }
        let onDisk = Set(report.verified + report.damaged.map(\.id))
        for id in indexed.keys where !onDisk.contains(id) {
            report.indexProblems.append("index lists \(id), which has no entry file")
        }
        // The index is a cache: whatever it said, it now matches the entries.
        if !report.indexProblems.isEmpty || indexed.count != good.count { try rebuildIndex(from: good) }
        checkLog(onDisk: onDisk, into: &report)
        return report
    }

    /// Every log segment and checkpoint, and every entry the log names.
    private func checkLog(onDisk: Set<String>, into report: inout VaultReport) {
        for copy in SyncConflicts.find(in: layout) {
            switch SyncConflicts.resolve(copy, in: layout) {
            case .removed, .kept: continue
            case .unknown: report.logProblems.append("sync conflict copy \(copy) is not a file evault can merge")
            }
        }
        let state: VaultState
        do {
            let logs = try custody.logs()
            report.devices = logs.count
            report.events = logs.values.reduce(0) { $0 + $1.size }
            state = try custody.state()
            for (writer, gap) in custody.gaps.sorted(by: { $0.key < $1.key }) {
                report.logProblems.append("\(LogError.missingSegment(writer: writer, seq: gap)), or not yet synced; its later segments were not read")
            }
        } catch {
            report.logProblems.append("\(error)")
            return
        }
        for id in state.entries.keys.sorted() where !onDisk.contains(id) {
            report.logProblems.append("entry \(id) is named by the custody log but its file entries/\(id).age is missing")
        }
        for id in onDisk.sorted() where state.entries[id] == nil {
            report.logProblems.append("entry \(id) is not in the custody log (left by a crash, the next writing command of the machine that sealed it adopts it if it authenticates; or its segment is still being synced)")
        }
    }

    /// Authenticates one entry fully and returns its summary.
    func verifyEntry(_ id: EntryID) throws -> EntrySummary {
        let reader = try EntryReader(vault: self, id: id)
        let metadata = try reader.readMetadata()
        var digests: [String: String] = [:]
        var sumsBytes: [UInt8]?
        var tag: [UInt8]?
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 64)
        defer { buffer.deallocate() }
        try reader.guarded {
            while let header = try reader.tar.nextEntry() {
                let prefix = id.rawValue + "/"
                guard header.name.hasPrefix(prefix) else {
                    throw VaultError.damagedEntry(id: id.rawValue, reason: "member \(header.name) is outside \(prefix)")
                }
                let member = String(header.name.dropFirst(prefix.count))
                if member == EntryMembers.checksums {
                    sumsBytes = try reader.tar.readAll(limit: 64 * 1024)
                    continue
                }
                if member == EntryMembers.mac {
                    tag = Authenticator.parseEntryMACFile(try reader.tar.readAll(limit: 1024))
                    continue
                }
                var hasher = SHA256Hasher()
                while true {
                    let n = try reader.tar.read(into: buffer)
                    if n == 0 { break }
                    hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                }
                digests[member] = hasher.finalize().hex
            }
        }
        try reader.drain()
        guard let sumsBytes else { throw VaultError.damagedEntry(id: id.rawValue, reason: "SHA256SUMS trailer is missing") }
        guard let tag else {
            throw VaultError.damagedEntry(id: id.rawValue, reason: "the authentication tag (evault.mac) is missing")
        }
        try reader.authenticate(checksums: sumsBytes, tag: tag)
        let sums = try EntryReader.parseChecksums(sumsBytes, id: id)
        for (member, expected) in sums where digests[member] != expected {
            throw VaultError.damagedEntry(id: id.rawValue, reason: "SHA-256 of \(member) does not match SHA256SUMS")
        }
        for member in digests.keys where member != EntryMembers.metadata && sums[member] == nil {
            throw VaultError.damagedEntry(id: id.rawValue, reason: "member \(member) is not listed in SHA256SUMS")
        }
        guard let sha = sums[metadata.content] else {
            throw VaultError.damagedEntry(id: id.rawValue, reason: "no checksum for its content")
        }
        return EntrySummary(metadata: metadata, sha256: sha, redactedSHA256: metadata.redacted.flatMap { sums[$0] })
    }

    /// Sealed entries whose original (or stored note) has this SHA-256.
    public func entries(matching digest: SHA256Digest) throws -> [DigestMatch] {
        try entries(matching: [digest])[0]
    }

    /// For each digest, the sealed entries whose original or stripped version
    /// has it. Answered from the index, refreshed against the entries once for
    /// all digests; no content is decrypted.
    public func entries(matching digests: [SHA256Digest]) throws -> [[DigestMatch]] {
        // The index is a cache: a match is confirmed against the entry itself
        // (its metadata and checksums, authenticated by its tag), so a deleted,
        // emptied or replaced entry file is never reported as sealed.
        let wanted = Set(digests.map(\.hex))
        let all = try summaries().entries.compactMap { s -> EntrySummary? in
            guard wanted.contains(s.sha256) || s.redactedSHA256.map(wanted.contains) == true else { return s }
            guard let id = EntryID(s.id), let fresh = try? summary(id), fresh == s else { return nil }
            return fresh
        }
        return digests.map { digest in
            all.compactMap { s in
                if s.sha256 == digest.hex { return DigestMatch(id: s.id, sealedAt: s.metadata.sealedAt, member: s.metadata.content) }
                if s.redactedSHA256 == digest.hex, let r = s.metadata.redacted {
                    return DigestMatch(id: s.id, sealedAt: s.metadata.sealedAt, member: r)
                }
                return nil
            }
        }
    }

    /// SHA-256 of a file, as `sha256sum` computes it.
    public static func sha256(ofFileAt path: String, progress: ProgressHandler? = nil) throws -> SHA256Digest {
        guard FileSystem.isRegularFile(path) else {
            throw VaultError.unreadableInput(path: path, reason: FileSystem.exists(path) ? "not a regular file" : "no such file")
        }
        let stream: FileStream
        do { stream = try FileSystem.openRegular(path, followingLinks: true) } catch {
            throw VaultError.unreadableInput(path: path, reason: FileSystem.reason())
        }
        var hasher = SHA256Hasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        let size = stream.size
        var done: Int64 = 0
        do {
            while true {
                let n = try stream.read(into: buffer)
                if n == 0 { break }
                hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                done += Int64(n)
                progress?(ProgressReport(item: FilePathText.base(path), done: done, total: size))
            }
        } catch {
            throw VaultError.unreadableInput(path: path, reason: "\(error)")
        }
        return hasher.finalize()
    }
}
