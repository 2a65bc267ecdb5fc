import EvaultCrypto
import Foundation

/// One entry of an imported bundle.
public struct ImportedEntry: Sendable {
    /// The id the entry had in the sender's vault.
    public var sourceID: String
    /// The new entry; nil when this vault already held it.
    public var receipt: SealReceipt?
    /// The entry that already held it (an earlier or concurrent import).
    public var existing: String?
}

/// What makes two imports the same: who signed, which of their entries, which bytes.
struct ImportKey: Hashable {
    var senderKey: String
    var sourceID: String
    var sha256: String
}

extension Vault {
    /// Adds a verified bundle's files to this vault as new entries whose metadata
    /// `origin` records the sender's key, the sender's entry id, the signature and
    /// the export time.
    ///
    /// Idempotent by what the bundle carries, not by its bytes: an entry whose
    /// (sender key, sender's entry id, file SHA-256) this vault already holds is
    /// skipped, so the same export imported armored and binary, twice at once, or
    /// again after an interruption lands once. The check and the writes happen
    /// under the vault lock.
    ///
    /// Only a bundle from a sender the user vouched for (`--sender`, or a partner
    /// with that minisign key) is imported: evidence of unknown provenance must
    /// not sit in the vault looking like the rest.
    public func importBundle(_ bundle: VerifiedBundle) throws -> [ImportedEntry] {
        try custody.batch { try importEntries(bundle) }
    }

    private func importEntries(_ bundle: VerifiedBundle) throws -> [ImportedEntry] {
        let from: String
        switch bundle.trust {
        case .unverified: throw ExportError.unverifiedSender(bundle.sender.base64)
        case .expected: from = "key \(bundle.sender.keyIDHex)"
        case .knownPartner(let name): from = name
        }
        var added: [EntrySummary] = []
        // Entry files are durable as soon as written; the index is a cache that
        // the next load refreshes, so it is updated after the lock is released.
        defer { if !added.isEmpty { try? addToIndex(added) } }
        let result: [ImportedEntry] = try locked {
            let (present, bundles) = try importedSoFar()
            var result: [ImportedEntry] = []
            for e in bundle.manifest.entries {
                let key = ImportKey(senderKey: bundle.sender.base64, sourceID: e.id, sha256: e.fileSHA256)
                if let existing = present[key] ?? bundles[bundle.bundleSHA256] {
                    try logIfMissing(existing)
                    result.append(ImportedEntry(sourceID: e.id, receipt: nil, existing: existing))
                    continue
                }
                guard let bytes = bundle.contents(of: e.file) else {
                    throw ExportError.malformedBundle("\(BundleReader.printable(e.file)) was not read into memory")
                }
                let (receipt, summary) = try writeImported(e, bytes: bytes, bundle: bundle, from: from)
                added.append(summary)
                result.append(ImportedEntry(sourceID: e.id, receipt: receipt, existing: nil))
            }
            return result
        }
        if !result.isEmpty && result.allSatisfy({ $0.receipt == nil }) {
            throw ExportError.alreadyImported(Vault.unique(result.compactMap(\.existing)).joined(separator: ", "))
        }
        return result
    }

    /// Import keys of every imported entry, and (for entries imported before
    /// format 2, which lack the sender's entry id) the bundles they came from.
    /// Reads the index and any entry it lacks, without writing: the caller holds the lock.
    private func importedSoFar() throws -> (keys: [ImportKey: String], bundles: [String: String]) {
        var index = readIndex() ?? Index()
        for id in try entryIDs() where index.entries[id.rawValue] == nil {
            if let summary = try? EntryReader(vault: self, id: id).readSummary() { index.entries[id.rawValue] = summary }
        }
        var keys: [ImportKey: String] = [:]
        var bundles: [String: String] = [:]
        for summary in index.entries.values {
            guard let origin = summary.metadata.origin else { continue }
            if let source = origin.sourceID {
                keys[ImportKey(senderKey: origin.senderKey, sourceID: source, sha256: summary.sha256)] = summary.id
            } else {
                bundles[origin.bundleSHA256] = summary.id
            }
        }
        return (keys, bundles)
    }

    /// An entry written by an import that was killed before its log segment:
    /// the re-run logs it, so the retry finishes what the first run began.
    private func logIfMissing(_ existing: String) throws {
        guard try custody.state().entries[existing] == nil, let id = EntryID(existing) else { return }
        let entry = try sealedEntry(id)
        guard let digest = entry.digests[entry.metadata.content] else { return }
        try recordEntry(.import, id: id, member: entry.metadata.content, sha256: digest,
                        salt: entry.metadata.salt, at: Date())
    }

    /// Writes one imported file as an entry (format 2, its own commitment salt).
    private func writeImported(_ e: ExportManifest.Entry, bytes: [UInt8], bundle: VerifiedBundle,
                               from: String) throws -> (SealReceipt, EntrySummary) {
        let origin = EntryOrigin(senderKey: bundle.sender.base64, signature: bundle.signature,
                                 exportedAt: bundle.manifest.exportedAt, bundleSHA256: bundle.bundleSHA256, sourceID: e.id)
        let name = FilePathText.base(e.file)
        // A stripped text document stays one here too: its text is also its
        // redacted form, so `open --redacted` and a re-export send it as such.
        let stripped = e.kind == .document && e.exported == "redacted"
        let isText = e.kind == .note || stripped
        let id = try newEntryID()
        let metadata = EntryMetadata(
            id: id.rawValue, kind: e.kind, sealedAt: e.sealedAt, name: name, title: "imported from \(from)", tags: [],
            mediaType: isText ? "text/plain; charset=utf-8" : e.mediaType,
            size: Int64(bytes.count), content: e.kind == .note ? EntryMembers.note : EntryMembers.safeName(name),
            redacted: stripped ? EntryMembers.redacted : nil, pseudonyms: e.pseudonyms, redactions: e.redactions,
            witness: e.witness, origin: origin)
        let writer = try EntryWriter(vault: self, id: id, modificationTime: Int64(Date().timeIntervalSince1970))
        let written = try writer.addMetadata(metadata)
        try writer.addMember(metadata.content, contents: bytes)
        if stripped { try writer.addMember(EntryMembers.redacted, contents: bytes) }
        try writer.commit()
        try recordEntry(.import, id: id, member: metadata.content, sha256: SHA256Hasher.hash(bytes),
                        salt: written.salt, at: Date())
        let digest = SHA256Hasher.hash(bytes).hex
        let receipt = SealReceipt(id: id.rawValue, kind: e.kind, sha256: digest, size: Int64(bytes.count),
                                  name: name, redacted: stripped, pseudonyms: e.pseudonyms)
        return (receipt, EntrySummary(metadata: written, sha256: digest, redactedSHA256: stripped ? digest : nil))
    }
}
