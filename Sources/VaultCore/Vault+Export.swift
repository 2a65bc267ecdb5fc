import AgeFormat
import EvaultCrypto
import Foundation
import TarFormat

/// What to export, to whom, and how.
public struct ExportRequest: Sendable {
    public var entries: [EntryID]
    /// Partner names; several only with `linkable`.
    public var partners: [String]
    public var output: String
    /// ASCII armor, for mail.
    public var armor = false
    /// Also export the unredacted bytes of documents that have no stripped version.
    public var includeOriginals = false
    /// Keep the vault's own pseudonyms instead of the partner's.
    public var linkable = false
    public var overwrite = false
    public var now = Date()

    public init(entries: [EntryID], partners: [String], output: String) {
        self.entries = entries
        self.partners = partners
        self.output = output
    }
}

/// What `export` did.
public struct ExportReceipt: Sendable {
    public var record: ExportRecord
    public var manifest: ExportManifest
    /// Entries exported as unredacted originals (the CLI warns about each).
    public var unredactedOriginals: [String]
    /// Entries listed in the manifest by hash alone.
    public var hashOnly: [String]
}

extension Vault {
    /// Writes one bundle: an age file to every partner's recipient whose payload is
    /// a tar stream `manifest.json`, `manifest.json.minisig`, `SHA256SUMS`,
    /// `files/…` (docs/FORMAT.md §7). Only stripped text goes out, except the
    /// originals of binary documents when `includeOriginals` is set.
    ///
    /// The file appears under its final name only once complete (fsynced, renamed),
    /// and the export is recorded in `state/exports.age` after that.
    public func export(_ request: ExportRequest) throws -> ExportReceipt {
        var names: [String] = []
        for name in request.partners where !names.contains(name) { names.append(name) }
        guard !names.isEmpty else { throw VaultError.invalidArgument("name at least one partner with --to") }
        if names.count > 1 && !request.linkable { throw ExportError.severalPartnersNeedLinkable }
        let partners = try names.map { try partner(named: $0) }
        let recipients = try partners.map { try $0.recipient() }
        if !request.overwrite && FileSystem.exists(request.output) { throw VaultError.outputExists(path: request.output) }

        var ids: [EntryID] = []
        for id in request.entries where !ids.contains(id) { ids.append(id) }
        guard !ids.isEmpty else { throw ExportError.nothingToExport }
        let (entries, damaged) = try summaries()
        let byID = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        // 1. Gather what goes out; text is read whole (it is at most 64 MiB, stripped).
        var items: [ExportItem] = []
        for id in ids {
            if let d = damaged.first(where: { $0.id == id.rawValue }) {
                throw VaultError.damagedEntry(id: d.id, reason: d.reason)
            }
            guard let summary = byID[id.rawValue] else { throw VaultError.unknownEntry(id.rawValue) }
            let m = summary.metadata
            var item = ExportItem(summary: summary)
            if m.kind == .note || m.redacted != nil {
                let sink = MemorySink()
                try open(id, redacted: m.kind == .document, to: .stream(sink))
                item.exported = m.kind == .note ? "note" : "redacted"
                item.file = "\(BundleMembers.filesDirectory)/\(m.id)-\(item.exported).txt"
                item.text = String(decoding: sink.bytes, as: UTF8.self)
            } else if request.includeOriginals {
                item.exported = "original"
                item.file = "\(BundleMembers.filesDirectory)/\(m.id)-original\(Vault.safeExtension(m.name))"
                item.fileSHA256 = summary.sha256
                item.fileSize = m.size
            }
            items.append(item)
        }

        // 2. The recipient's pseudonyms, assigned and remembered under the lock.
        let vaultPseudonyms = Set(items.flatMap { $0.summary.metadata.pseudonyms + ($0.summary.metadata.witness.map { [$0] } ?? []) })
        var mapping: [String: String] = [:]
        if !request.linkable {
            mapping = try locked {
                var list = try loadPartnerList()
                guard let index = list.partners.firstIndex(where: { $0.name == names[0] }) else {
                    throw ExportError.unknownPartner(names[0])
                }
                guard let salt = Hex.decode(list.partners[index].salt), salt.count == 32 else {
                    throw VaultError.damagedVaultFile(name: "partners.age", reason: "partner \(names[0]) has no valid salt")
                }
                let derivation = try PartnerPseudonyms(vaultKey: keyring.pseudonymKey, salt: salt)
                let result = derivation.mapping(for: vaultPseudonyms.sorted(), assigned: &list.partners[index].pseudonyms)
                try savePartnerList(list)
                return result
            }
        }
        for i in items.indices {
            guard let text = items[i].text else { continue }
            let bytes = Array(PartnerPseudonyms.apply(mapping, to: text).utf8)
            items[i].bytes = bytes
            items[i].fileSHA256 = SHA256Hasher.hash(bytes).hex
            items[i].fileSize = Int64(bytes.count)
        }

        // 3. The manifest, its signature and the checksums.
        let exportedAt = Timestamp.format(request.now)
        let signer = keyring.signer
        let manifest = ExportManifest(
            exportedAt: exportedAt,
            sender: .init(minisignPublicKey: signer.publicKey.base64, keyID: signer.publicKey.keyIDHex,
                          ageRecipient: keyring.recipient.encoded),
            to: names, pseudonyms: request.linkable ? "vault" : "partner",
            entries: items.map { item in
                let m = item.summary.metadata
                return ExportManifest.Entry(
                    id: m.id, kind: m.kind, sealedAt: m.sealedAt, mediaType: m.mediaType,
                    originalSHA256: item.summary.sha256, originalSize: m.size, exported: item.exported,
                    file: item.file, fileSHA256: item.fileSHA256, fileSize: item.fileSize,
                    pseudonyms: m.pseudonyms.map { mapping[$0] ?? $0 }.sorted(),
                    witness: m.witness.map { mapping[$0] ?? $0 }, redactions: m.redactions)
            })
        let manifestBytes = try JSONCoding.encode(manifest) + [UInt8(ascii: "\n")]
        let signature = signer.sign(
            message: manifestBytes,
            trustedComment: "evault export signed by minisign key \(signer.publicKey.keyIDHex) (\(signer.publicKey.base64)) at \(exportedAt)")
        var sums = "\(SHA256Hasher.hash(manifestBytes).hex)  \(BundleMembers.manifest)\n"
        for item in items {
            if let file = item.file, let sha = item.fileSHA256 { sums += "\(sha)  \(file)\n" }
        }

        // 4. The bundle: tar -> age (-> armor) -> hashing -> temporary file.
        // Unnamed until complete (O_TMPFILE): a killed export leaves nothing; where
        // that is not possible, the hidden partial is removed by the next export here.
        AtomicFile.removeStale(in: FilePathText.parent(request.output))
        let file = try UnnamedFile(finalPath: request.output)
        let output = HashingSink(file.stream)
        let armor = request.armor ? AgeArmor.Writer(output: output) : nil
        let age = try AgeWriter(recipients: recipients, output: armor ?? output)
        let tar = TarWriter(write: { try age.write($0) })
        let mtime = Int64(request.now.timeIntervalSince1970)
        do {
            try tar.addFile(name: BundleMembers.manifest, contents: manifestBytes, mode: 0o600, modificationTime: mtime)
            try tar.addFile(name: BundleMembers.signature, contents: Array(signature.utf8), mode: 0o600, modificationTime: mtime)
            try tar.addFile(name: BundleMembers.checksums, contents: Array(sums.utf8), mode: 0o600, modificationTime: mtime)
            try tar.beginEntry(TarEntryHeader(name: BundleMembers.filesDirectory, size: 0, mode: 0o700,
                                              modificationTime: mtime, kind: .directory))
            try tar.endEntry()
            for item in items {
                guard let name = item.file else { continue }
                if let bytes = item.bytes {
                    try tar.addFile(name: name, contents: bytes, mode: 0o600, modificationTime: mtime)
                    continue
                }
                // An original streams from its entry, hashed on the way: the manifest
                // already names its SHA-256, so a mismatch aborts the export.
                let m = item.summary.metadata
                try tar.beginEntry(TarEntryHeader(name: name, size: m.size, mode: 0o600, modificationTime: mtime))
                let sink = TarSink(tar)
                guard let id = EntryID(m.id) else { throw VaultError.unknownEntry(m.id) }
                try open(id, to: .stream(sink))
                try tar.endEntry()
                guard sink.digest.hex == item.summary.sha256 else {
                    throw VaultError.damagedEntry(id: m.id, reason: "its content no longer matches its recorded SHA-256")
                }
            }
            try tar.finish()
            try age.close()
            try armor?.close()
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.cannotWrite(path: request.output, reason: "\(error)")
        }
        try file.commit(replace: request.overwrite)

        let record = ExportRecord(
            exportedAt: exportedAt, to: names, file: request.output, bundleSHA256: output.digest.hex,
            manifestSHA256: SHA256Hasher.hash(manifestBytes).hex, linkable: request.linkable,
            entries: manifest.entries.map { .init(id: $0.id, exported: $0.exported, originalSHA256: $0.originalSHA256, fileSHA256: $0.fileSHA256) })
        try appendExportRecord(record)
        return ExportReceipt(record: record, manifest: manifest,
                             unredactedOriginals: items.filter { $0.exported == "original" }.map(\.summary.id),
                             hashOnly: items.filter { $0.exported == "none" }.map(\.summary.id))
    }

    /// `.pdf` from `report.pdf`: letters and digits only, so the exported name says
    /// nothing the original name said beyond its type.
    static func safeExtension(_ name: String?) -> String {
        guard let name else { return "" }
        let ext = MediaType.fileExtension(name)
        guard !ext.isEmpty, ext.count <= 10, ext.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else {
            return ""
        }
        return "." + ext
    }
}

/// One entry on its way into a bundle.
private struct ExportItem {
    var summary: EntrySummary
    var exported = "none"
    var file: String?
    var text: String?
    var bytes: [UInt8]?
    var fileSHA256: String?
    var fileSize: Int64?
}

/// Passes bytes on and hashes them (the bundle's own SHA-256 for the record).
final class HashingSink: ByteSink {
    private let output: any ByteSink
    private var hasher = SHA256Hasher()

    init(_ output: any ByteSink) { self.output = output }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        try output.write(bytes)
    }

    var digest: SHA256Digest { hasher.finalize() }
}

/// Writes into the open tar entry, hashing what passes.
private final class TarSink: ByteSink {
    private let tar: TarWriter
    private var hasher = SHA256Hasher()

    init(_ tar: TarWriter) { self.tar = tar }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        try tar.write(bytes)
    }

    var digest: SHA256Digest { hasher.finalize() }
}
