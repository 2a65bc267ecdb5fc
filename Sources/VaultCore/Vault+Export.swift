import AgeFormat
import EvaultCrypto
import Foundation
import MediaClean
import TarFormat

/// What to export, to whom, and how.
public struct ExportRequest: Sendable {
    public var entries: [EntryID]
    /// Partner names; several only with `linkable`.
    public var partners: [String]
    public var output: String
    /// ASCII armor, for mail.
    public var armor = false
    /// Also export the unredacted bytes of documents that have no stripped or clean version.
    public var includeOriginals = false
    /// Leave photos, audio and video out (their clean copies keep faces, voices, visible text).
    public var noMedia = false
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

/// An entry that did not go out, and why (one line each in the CLI).
public struct LeftOutEntry: Equatable, Sendable {
    public var id: String
    public var reason: String
}

/// What `export` did.
public struct ExportReceipt: Sendable {
    public var record: ExportRecord
    public var manifest: ExportManifest
    /// Entries exported as unredacted originals (the CLI warns about each).
    public var unredactedOriginals: [String]
    /// Photos, audio and video sent as clean copies: metadata removed, content
    /// (faces, voices, visible text) not redacted.
    public var cleanedMedia: [String]
    /// Entries selected but not exported.
    public var leftOut: [LeftOutEntry]
    /// For clean media copies: what may identify someone but was knowingly kept
    /// (H.264/H.265 SEI user data), by entry id.
    public var keptInMedia: [String: [String]] = [:]
}

extension Vault {
    /// Writes one bundle: an age file to every partner's recipient whose payload is
    /// a tar stream `manifest.json`, `manifest.json.minisig`, `SHA256SUMS`,
    /// `files/…` (docs/FORMAT.md §7). Only stripped text and clean copies go out,
    /// and originals of documents without either when `includeOriginals` is set.
    ///
    /// The export is logged first (its proof goes into the bundle), the bundle is
    /// written unnamed and fsynced, the record is completed with its SHA-256, and
    /// only then is the bundle linked under its name: a bundle never exists
    /// without its record.
    /// `progress` is called as each file goes into the bundle (nil: nobody watches).
    public func export(_ request: ExportRequest, progress: ProgressHandler? = nil) throws -> ExportReceipt {
        let names = Self.unique(request.partners)
        guard !names.isEmpty else { throw VaultError.invalidArgument("name at least one partner with --to") }
        if names.count > 1 && !request.linkable { throw ExportError.severalPartnersNeedLinkable }
        let recipients = try names.map { try partner(named: $0).recipient() }
        if !request.overwrite && FileSystem.exists(request.output) { throw VaultError.outputExists(path: request.output) }
        let ids = Self.unique(request.entries)
        guard !ids.isEmpty else { throw ExportError.nothingToExport }

        var (items, leftOut) = try exportItems(ids, request)
        guard !items.isEmpty else { throw ExportError.nothingExportable(leftOut.map(\.id)) }
        let mapping = request.linkable ? [:] : try partnerMapping(names[0], for: items)
        for i in items.indices { items[i].applyPseudonyms(mapping) }

        let exportedAt = Timestamp.format(request.now)
        let manifest = makeManifest(items, to: names, linkable: request.linkable, exportedAt: exportedAt, mapping: mapping)
        let manifestBytes = try JSONCoding.encode(manifest) + [UInt8(ascii: "\n")]
        // Manifest -> export event logged -> checkpoint -> proof -> bundle: the
        // bundle carries the proof of its own export (FORMAT.md §7). The
        // bundle's SHA-256 is known only once it is written: a second event
        // completes the record, still before the bundle is linked.
        var record = ExportRecord(
            exportedAt: exportedAt, to: names, file: request.output, bundleSHA256: "",
            manifestSHA256: SHA256Hasher.hash(manifestBytes).hex, linkable: request.linkable,
            entries: items.map { .init(id: $0.entry.metadata.id, exported: $0.exported, originalSHA256: $0.originalSHA256,
                                       fileSHA256: $0.fileSHA256, commitment: $0.entry.commitment(.original)?.hex) })
        let proof = try recordExportEvent(record, manifest: manifestBytes, at: request.now)
        let (file, bundleSHA256) = try writeBundle(items, manifestBytes: manifestBytes, proof: proof, exportedAt: exportedAt,
                                                   recipients: recipients, request: request, progress: progress)
        do { try file.stream.sync() } catch { throw VaultError.cannotWrite(path: request.output, reason: "\(error)") }
        record.bundleSHA256 = bundleSHA256
        try appendExportRecord(record)
        try file.commit(replace: request.overwrite)
        return ExportReceipt(record: record, manifest: manifest,
                             unredactedOriginals: items.filter { $0.exported == "original" }.map(\.entry.metadata.id),
                             cleanedMedia: items.filter { $0.cleanFormat != nil }.map(\.entry.metadata.id),
                             leftOut: leftOut, keptInMedia: Self.keptInMedia(items))
    }

    /// What goes out for each entry: its stripped text, its clean copy, or (on
    /// request) its original; anything else is left out with a reason.
    private func exportItems(_ ids: [EntryID], _ request: ExportRequest) throws -> ([ExportItem], [LeftOutEntry]) {
        var items: [ExportItem] = []
        var leftOut: [LeftOutEntry] = []
        for id in ids {
            let entry = try sealedEntry(id)
            let m = entry.metadata
            let format = m.kind == .document && m.redacted == nil && m.clean == nil ? try mediaFormat(entry) : nil
            let isMedia = format != nil || MediaType.isMedia(m.mediaType)
            if m.kind == .note || m.redacted != nil {
                let sink = MemorySink()
                try streamMember(entry, role: m.kind == .note ? .original : .redacted, to: sink)
                items.append(ExportItem(entry: entry, exported: m.kind == .note ? "note" : "redacted",
                                        text: String(decoding: sink.bytes, as: UTF8.self)))
            } else if request.noMedia && isMedia {
                leftOut.append(.init(id: m.id, reason: "photo, audio or video left out (--no-media)"))
            } else if m.clean != nil, entry.digest(.clean) != nil {
                items.append(ExportItem(entry: entry, exported: "clean", role: .clean))
            } else if let format, let item = try cleanAtExport(entry, format, &leftOut, request) {
                items.append(item)
            } else if leftOut.last?.id == m.id {
                continue
            } else if request.includeOriginals {
                items.append(ExportItem(entry: entry, exported: "original", role: .original))
            } else {
                let why = m.cleanError.map { "it could not be cleaned when sealed (\($0))" }
                    ?? "no clean copy (\(m.mediaType) is not a format evault cleans)"
                leftOut.append(.init(id: m.id, reason: "\(why); --include-originals sends it UNREDACTED"))
            }
        }
        return (items, leftOut)
    }

    /// A photo, audio or video is cleaned as it goes into the bundle. The signed
    /// manifest precedes the files and names their SHA-256, so a first pass
    /// measures the clean copy and the second (in `writeBundle`) must match it.
    /// A file that fails to clean is left out (or sent as its original with
    /// `includeOriginals`, in which case this returns nil and leaves no line).
    private func cleanAtExport(_ entry: SealedEntry, _ format: MediaFormat, _ leftOut: inout [LeftOutEntry],
                               _ request: ExportRequest) throws -> ExportItem? {
        let measure = MeasuringSink()
        let summary: CleanSummary
        do { summary = try cleanOriginal(entry, format: format, to: measure) } catch let error as CleanCopyError {
            if request.includeOriginals { return nil }
            leftOut.append(.init(id: entry.metadata.id, reason: "\(error); --include-originals sends it UNREDACTED"))
            return nil
        }
        var item = ExportItem(entry: entry, exported: "clean", role: .original)
        item.cleanFormat = format
        item.fileSHA256 = measure.digest.hex
        item.fileSize = measure.count
        item.kept = summary.kept ?? []
        return item
    }

    /// The partner's pseudonyms for every vault pseudonym the items carry,
    /// assigned and remembered under the lock.
    private func partnerMapping(_ name: String, for items: [ExportItem]) throws -> [String: String] {
        let vaultPseudonyms = Set(items.filter { $0.text != nil }.flatMap { item in
            item.entry.metadata.pseudonyms + (item.entry.metadata.witness.map { [$0] } ?? [])
        })
        return try locked {
            let base = try loadPartnerList()
            var list = base
            guard let index = list.partners.firstIndex(where: { $0.name == name }) else {
                throw ExportError.unknownPartner(name)
            }
            guard let salt = Hex.decode(list.partners[index].salt), salt.count == 32 else {
                throw VaultError.damagedVaultFile(name: "partners.age", reason: "partner \(name) has no valid salt")
            }
            let derivation = try PartnerPseudonyms(vaultKey: keyring.pseudonymKey, salt: salt)
            let result = derivation.mapping(for: vaultPseudonyms.sorted(), assigned: &list.partners[index].pseudonyms)
            try savePartnerList(list, base: base)
            return result
        }
    }

    /// The manifest names each sealed file only by its commitments: nothing in
    /// it is a function of what the partner does not hold (FORMAT.md §7).
    private func makeManifest(_ items: [ExportItem], to names: [String], linkable: Bool, exportedAt: String,
                              mapping: [String: String]) -> ExportManifest {
        let signer = keyring.signer
        return ExportManifest(
            exportedAt: exportedAt,
            sender: .init(minisignPublicKey: signer.publicKey.base64, keyID: signer.publicKey.keyIDHex,
                          ageRecipient: keyring.recipient.encoded),
            to: names, pseudonyms: linkable ? "vault" : "partner",
            entries: items.map { item in
                let m = item.entry.metadata
                let commitments = item.entry.commitments
                // Media and binary files carry no pseudonyms; text carries the partner's.
                let pseudonyms = item.text == nil ? [] : m.pseudonyms.map { mapping[$0] ?? $0 }.sorted()
                return ExportManifest.Entry(
                    id: m.id, kind: m.kind, sealedAt: m.sealedAt, mediaType: m.mediaType,
                    commitment: commitments[SealedMember.original.rawValue],
                    commitments: commitments.isEmpty ? nil : commitments, exported: item.exported,
                    file: item.file, fileSHA256: item.fileSHA256, fileSize: item.fileSize, pseudonyms: pseudonyms,
                    witness: m.witness.map { mapping[$0] ?? $0 }, redactions: item.text == nil ? [:] : m.redactions)
            })
    }

    /// tar -> Padmé padding -> age (-> armor) -> hashing -> temporary file beside
    /// the output. Returns the unpublished file and the bundle's SHA-256.
    private func writeBundle(_ items: [ExportItem], manifestBytes: [UInt8], proof: [UInt8], exportedAt: String,
                             recipients: [AgeX25519Recipient], request: ExportRequest,
                             progress: ProgressHandler?) throws -> (UnnamedFile, String) {
        let signer = keyring.signer
        let signature = signer.sign(
            message: manifestBytes,
            trustedComment: "evault export signed by minisign key \(signer.publicKey.keyIDHex) (\(signer.publicKey.base64)) at \(exportedAt)")
        var sums = "\(SHA256Hasher.hash(manifestBytes).hex)  \(BundleMembers.manifest)\n"
        sums += "\(SHA256Hasher.hash(proof).hex)  \(BundleMembers.custodyProof)\n"
        for item in items { sums += "\(item.fileSHA256)  \(item.file)\n" }

        // 4. The bundle: tar -> age (-> armor) -> hashing -> temporary file.
        // Unnamed until complete (O_TMPFILE): a killed export leaves nothing; where
        // that is not possible, the hidden partial is removed by the next export here.
        AtomicFile.removeStale(in: FilePathText.parent(request.output))
        let file = try UnnamedFile(finalPath: request.output)
        let output = HashingSink(file.stream)
        let armor = request.armor ? AgeArmor.Writer(output: output) : nil
        let age = try AgeWriter(recipients: recipients, output: armor ?? output)
        let counter = CountingWriter { try age.write($0) }
        let tar = TarWriter(write: { try counter.write($0) })
        let mtime = Int64(request.now.timeIntervalSince1970)
        do {
            try tar.addFile(name: BundleMembers.manifest, contents: manifestBytes, mode: 0o600, modificationTime: mtime)
            try tar.addFile(name: BundleMembers.signature, contents: Array(signature.utf8), mode: 0o600, modificationTime: mtime)
            try tar.addFile(name: BundleMembers.checksums, contents: Array(sums.utf8), mode: 0o600, modificationTime: mtime)
            try tar.addFile(name: BundleMembers.custodyProof, contents: proof, mode: 0o600, modificationTime: mtime)
            try tar.beginEntry(TarEntryHeader(name: BundleMembers.filesDirectory, size: 0, mode: 0o700,
                                              modificationTime: mtime, kind: .directory))
            try tar.endEntry()
            for item in items {
                let label = item.entry.metadata.id
                if let bytes = item.bytes {
                    try tar.addFile(name: item.file, contents: bytes, mode: 0o600, modificationTime: mtime)
                    progress?(ProgressReport(item: label, done: Int64(bytes.count), total: Int64(bytes.count)))
                    continue
                }
                let tarSink: any ByteSink = progress.map { ProgressSink(TarSink(tar), item: label, total: item.fileSize, report: $0) }
                    ?? TarSink(tar)
                // A clean copy or an original streams from its entry, checked
                // against the entry's SHA256SUMS on the way.
                try tar.beginEntry(TarEntryHeader(name: item.file, size: item.fileSize, mode: 0o600, modificationTime: mtime))
                if let format = item.cleanFormat {
                    let sink = HashingSink(tarSink)
                    try cleanOriginal(item.entry, format: format, to: sink)
                    guard sink.digest.hex == item.fileSHA256 else {
                        throw VaultError.damagedEntry(id: item.entry.metadata.id, reason: "its clean copy changed between two passes")
                    }
                } else {
                    try streamMember(item.entry, role: item.role, to: tarSink)
                }
                try tar.endEntry()
            }
            try tar.finish()
            try counter.padToPadme()
            try age.close()
            try armor?.close()
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.cannotWrite(path: request.output, reason: "\(error)")
        }
        return (file, output.digest.hex)
    }

    /// What cleaning knowingly left in each media file (video SEI user data), by entry id.
    private static func keptInMedia(_ items: [ExportItem]) -> [String: [String]] {
        var kept: [String: [String]] = [:]
        for item in items where !item.kept.isEmpty { kept[item.entry.metadata.id] = item.kept }
        return kept
    }

    static func unique<T: Equatable>(_ values: [T]) -> [T] {
        var out: [T] = []
        for v in values where !out.contains(v) { out.append(v) }
        return out
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
    let entry: SealedEntry
    /// `note`, `redacted`, `clean` or `original`.
    let exported: String
    /// The sealed member sent (clean copies and originals stream from it).
    var role: SealedMember = .original
    /// A photo, audio or video cleaned from the original as it is written.
    var cleanFormat: MediaFormat?
    /// What its cleaning knowingly left in place (video SEI user data).
    var kept: [String] = []
    /// Stripped text, before the partner's pseudonyms are applied.
    var text: String?
    /// The bytes that go out, once pseudonyms are applied (text only).
    var bytes: [UInt8]?
    var fileSHA256: String
    var fileSize: Int64

    /// A stored text (note or redacted form).
    init(entry: SealedEntry, exported: String, text: String) {
        self.entry = entry
        self.exported = exported
        self.text = text
        fileSHA256 = ""
        fileSize = 0
    }

    /// A member streamed from the entry as it is (clean copy or original).
    init(entry: SealedEntry, exported: String, role: SealedMember) {
        self.entry = entry
        self.exported = exported
        self.role = role
        let member = entry.metadata.member(role) ?? entry.metadata.content
        fileSHA256 = entry.digests[member]?.hex ?? ""
        fileSize = role == .original ? entry.metadata.size : (entry.metadata.cleanSize ?? 0)
    }

    var file: String {
        let m = entry.metadata
        switch exported {
        case "note", "redacted": return "\(BundleMembers.filesDirectory)/\(m.id)-\(exported).txt"
        case "clean": return "\(BundleMembers.filesDirectory)/\(m.id)-clean\(Vault.safeExtension(m.name))"
        default: return "\(BundleMembers.filesDirectory)/\(m.id)-original\(Vault.safeExtension(m.name))"
        }
    }

    /// The vault's own record keeps the sealed original's SHA-256 (never exported).
    var originalSHA256: String { entry.digest(.original)?.hex ?? "" }

    mutating func applyPseudonyms(_ mapping: [String: String]) {
        guard let text else { return }
        let out = Array(PartnerPseudonyms.apply(mapping, to: text).utf8)
        bytes = out
        fileSHA256 = SHA256Hasher.hash(out).hex
        fileSize = Int64(out.count)
    }
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

/// Passes bytes on and reports how many went (export progress).
private final class ProgressSink: ByteSink {
    private let output: any ByteSink
    private let item: String
    private let total: Int64
    private let report: ProgressHandler
    private var done: Int64 = 0

    init(_ output: any ByteSink, item: String, total: Int64, report: @escaping ProgressHandler) {
        self.output = output
        self.item = item
        self.total = total
        self.report = report
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try output.write(bytes)
        done += Int64(bytes.count)
        report(ProgressReport(item: item, done: done, total: total))
    }
}

/// Writes into the open tar entry.
private final class TarSink: ByteSink {
    private let tar: TarWriter

    init(_ tar: TarWriter) { self.tar = tar }

    func write(_ bytes: UnsafeRawBufferPointer) throws { try tar.write(bytes) }
}

extension MediaType {
    /// Photos, audio and video: their clean copies keep what they show and say.
    static func isMedia(_ type: String) -> Bool {
        type.hasPrefix("image/") || type.hasPrefix("audio/") || type.hasPrefix("video/")
    }
}
