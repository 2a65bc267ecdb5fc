import VaultCore

/// `--json` of `inspect`, `import` and `export`: stable keys, null when empty,
/// never missing (README, "JSON output"). Strings from a bundle are escaped by
/// `jsonTerminalSafe` when printed.
enum BundleJSON {
    /// Encodes optionals as null instead of leaving the key out.
    struct Object: Encodable {
        var fields: [(String, Value)]
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in fields { try c.encode(v, forKey: Key(k)) }
        }
    }

    indirect enum Value: Encodable {
        case string(String?)
        case int(Int64?)
        case bool(Bool)
        case strings([String])
        case object(Object?)
        case objects([Object])
        case counts([String: Int])

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let s): if let s { try c.encode(s) } else { try c.encodeNil() }
            case .int(let n): if let n { try c.encode(n) } else { try c.encodeNil() }
            case .bool(let b): try c.encode(b)
            case .strings(let a): try c.encode(a)
            case .object(let o): if let o { try c.encode(o) } else { try c.encodeNil() }
            case .objects(let a): try c.encode(a)
            case .counts(let d): try c.encode(d)
            }
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func sender(_ b: VerifiedBundle) -> Object {
        let trust: String
        var partner: String?
        switch b.trust {
        case .expected: trust = "expected"
        case .knownPartner(let name): trust = "partner"; partner = name
        case .unverified: trust = "unverified"
        }
        return Object(fields: [("minisign_public_key", .string(b.sender.base64)), ("key_id", .string(b.sender.keyIDHex)),
                               ("trust", .string(trust)), ("partner", .string(partner))])
    }

    static func custody(_ status: BundleCustody.Status) -> Object {
        switch status {
        case .absent:
            return Object(fields: [("status", .string("absent")), ("origin", .string(nil)), ("tree_size", .int(nil)),
                                   ("index", .int(nil)), ("logged_at", .string(nil))])
        case let .verified(origin, size, index, at):
            return Object(fields: [("status", .string("verified")), ("origin", .string(origin)), ("tree_size", .int(Int64(size))),
                                   ("index", .int(Int64(index))), ("logged_at", .string(at))])
        }
    }

    static func entry(_ e: ExportManifest.Entry) -> Object {
        Object(fields: [
            ("id", .string(e.id)), ("kind", .string(e.kind.rawValue)), ("sealed_at", .string(e.sealedAt)),
            ("media_type", .string(e.mediaType)), ("exported", .string(e.exported)), ("file", .string(e.file)),
            ("file_sha256", .string(e.fileSHA256)), ("file_size", .int(e.fileSize)), ("commitment", .string(e.commitment)),
            ("pseudonyms", .strings(e.pseudonyms)), ("witness", .string(e.witness)), ("redactions", .counts(e.redactions)),
        ])
    }

    /// What every bundle command says about the bundle itself.
    static func bundleFields(_ b: VerifiedBundle, file: String) -> [(String, Value)] {
        let m = b.manifest
        return [
            ("bundle", .string(file)), ("bundle_sha256", .string(b.bundleSHA256)), ("sender", .object(sender(b))),
            ("signed_comment", .string(b.trustedComment)), ("exported_at", .string(m.exportedAt)), ("to", .strings(m.to)),
            ("pseudonyms", .string(m.pseudonyms)), ("custody", .object(custody(b.custody))),
            ("entries", .objects(m.entries.map(entry))),
        ]
    }

    static func disclosure(_ c: CheckedDisclosure?) -> Value {
        guard let c else { return .object(nil) }
        let d = c.disclosure
        return .object(Object(fields: [("entry", .string(d.entry)), ("member", .string(d.member.rawValue)),
                                       ("sha256", .string(d.sha256)), ("commitment", .string(d.commitment)),
                                       ("disclosed_at", .string(d.disclosedAt)), ("signed_comment", .string(c.trustedComment))]))
    }

    static func imported(_ list: [ImportedEntry]) -> [(String, Value)] {
        [("imported", .objects(list.compactMap { i in
            i.receipt.map { r in Object(fields: [("id", .string(r.id)), ("sha256", .string(r.sha256)), ("source_id", .string(i.sourceID))]) }
        })),
         ("skipped", .objects(list.filter { $0.receipt == nil }.map { i in
            Object(fields: [("source_id", .string(i.sourceID)), ("existing", .string(i.existing))])
         }))]
    }

    static func export(_ r: ExportReceipt) -> Object {
        let rec = r.record
        return Object(fields: [
            ("file", .string(rec.file)), ("bundle_sha256", .string(rec.bundleSHA256)), ("manifest_sha256", .string(rec.manifestSHA256)),
            ("exported_at", .string(rec.exportedAt)), ("to", .strings(rec.to)), ("linkable", .bool(rec.linkable)),
            ("entries", .objects(r.manifest.entries.map { e in
                Object(fields: [("id", .string(e.id)), ("kind", .string(e.kind.rawValue)), ("exported", .string(e.exported)),
                                ("file", .string(e.file)), ("file_sha256", .string(e.fileSHA256)), ("file_size", .int(e.fileSize))])
            })),
            ("left_out", .objects(r.leftOut.map { Object(fields: [("id", .string($0.id)), ("reason", .string($0.reason))]) })),
            ("unredacted_originals", .strings(r.unredactedOriginals)), ("cleaned_media", .strings(r.cleanedMedia)),
            ("kept_in_media", .objects(r.keptInMedia.keys.sorted().map { id in
                Object(fields: [("id", .string(id)), ("kept", .strings(r.keptInMedia[id] ?? []))])
            })),
            ("custody_proof", .bool(true)),
        ])
    }
}
