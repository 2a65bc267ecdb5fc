import Foundation

/// One entry of an imported bundle.
public struct ImportedEntry: Sendable {
    /// The id the entry had in the sender's vault.
    public var sourceID: String
    /// The new entry; nil when the bundle listed the entry by hash alone.
    public var receipt: SealReceipt?
}

extension Vault {
    /// Adds a verified bundle's files to this vault as new entries whose metadata
    /// `origin` records the sender's key, the signature and the export time.
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
        let previous = try summaries().entries.filter { $0.metadata.origin?.bundleSHA256 == bundle.bundleSHA256 }
        if !previous.isEmpty { throw ExportError.alreadyImported(previous.map(\.id).joined(separator: ", ")) }

        let origin = EntryOrigin(senderKey: bundle.sender.base64, signature: bundle.signature,
                                 exportedAt: bundle.manifest.exportedAt, bundleSHA256: bundle.bundleSHA256)
        var result: [ImportedEntry] = []
        for e in bundle.manifest.entries {
            guard let file = e.file, let bytes = bundle.contents(of: file) else {
                result.append(ImportedEntry(sourceID: e.id, receipt: nil))
                continue
            }
            let name = FilePathText.base(file)
            // A stripped text document stays one here too: its text is also its
            // redacted form, so `open --redacted` and a re-export send it as such.
            let stripped = e.kind == .document && e.exported == "redacted"
            let metadata = EntryMetadata(
                id: "", kind: e.kind, sealedAt: e.sealedAt, name: name, title: "imported from \(from)", tags: [],
                mediaType: e.exported == "original" ? e.mediaType : "text/plain; charset=utf-8",
                size: Int64(bytes.count), content: e.kind == .note ? EntryMembers.note : EntryMembers.safeName(name),
                redacted: stripped ? EntryMembers.redacted : nil, pseudonyms: e.pseudonyms, redactions: e.redactions,
                witness: e.witness, origin: origin)
            let receipt = try sealImported(metadata: metadata, content: bytes, redacted: stripped ? bytes : nil)
            result.append(ImportedEntry(sourceID: e.id, receipt: receipt))
        }
        return result
    }
}
