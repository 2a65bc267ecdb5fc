import EvaultCrypto
import Foundation
import VaultCore

/// The keys a `--json` output always has (docs: README, "JSON"). A key whose
/// value is absent is written as `null`, never left out, so scripts can rely
/// on every documented key.
indirect enum JSONShape: Sendable {
    /// Any value (a string, number, list of strings, …).
    case value
    /// An object with at least these keys (null when the object itself is null).
    case object([String: JSONShape])
    case array(JSONShape)

    static func keys(_ names: String) -> JSONShape {
        .object(Dictionary(uniqueKeysWithValues: names.split(separator: " ").map { (String($0), JSONShape.value) }))
    }

    /// `value` with every key of this shape present (NSNull where missing).
    func fill(_ value: Any) -> Any {
        switch self {
        case .value:
            return value
        case .object(let keys):
            guard var dict = value as? [String: Any] else { return value }
            for (key, shape) in keys { dict[key] = dict[key].map(shape.fill) ?? NSNull() }
            return dict
        case .array(let element):
            guard let items = value as? [Any] else { return value }
            return items.map(element.fill)
        }
    }
}

extension OutputJSON {
    /// Encodes `value`, then adds every key of `shape` that the encoding left out, as null.
    static func stable<T: Encodable>(_ value: T, _ shape: JSONShape) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let object = try JSONSerialization.jsonObject(with: encoder.encode(value), options: [.fragmentsAllowed])
        let data = try JSONSerialization.data(withJSONObject: shape.fill(object),
                                              options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes, .fragmentsAllowed])
        return jsonTerminalSafe(String(decoding: data, as: UTF8.self))
    }
}

/// The documented shapes of every `--json` output that has optional values.
enum JSONShapes {
    static let deletion = JSONShape.keys("id at device")
    static let verify = JSONShape.object([
        "ok": .value, "verified": .value, "damaged": .array(.keys("id reason")), "deleted": .array(deletion),
        "returned": .array(deletion), "index_problems": .value, "log_problems": .value, "events": .value, "devices": .value,
    ])
    static let verifyLookup = JSONShape.array(.object([
        "label": .value, "sha256": .value, "sealed": .value, "entries": .array(.keys("id sealed_at member")),
    ]))
    static let verifyCheckpoint = JSONShape.array(.keys("origin old_size new_size"))
    static let who = JSONShape.keys("pseudonym witness known")
    static let keepList = JSONShape.array(.keys("name"))
    static let partnerList = JSONShape.array(.keys("name age_recipient minisign_public_key added_at"))
    static let memberList = JSONShape.array(.keys("name id age_recipient minisign_public_key added_at"))
    static let log = JSONShape.array(.keys("at kind device position entry member"))
    static let exports = JSONShape.array(.object([
        "exported_at": .value, "to": .value, "file": .value, "bundle_sha256": .value, "manifest_sha256": .value, "linkable": .value,
        "entries": .array(.keys("id exported original_sha256 file_sha256 commitment")),
    ]))
    static let metadataKeys = """
        format id kind sealed_at name title tags media_type size content redacted pseudonyms redactions witness origin \
        clean clean_size clean_error clean_report
        """
    static let show = JSONShape.object([
        "metadata": .keys(metadataKeys), "sha256": .value, "redacted_sha256": .value,
        "clean": .keys("format size sha256 report media reason"),
    ])
}

/// `verify --json` over the whole vault.
struct VerifyJSON: Encodable {
    struct Damaged: Encodable { var id: String; var reason: String }
    struct Deletion: Encodable {
        var id: String, at: String, device: String
        init(_ d: DeletionRecord) { id = d.id; at = d.at; device = d.device }
    }
    var ok: Bool
    var verified: [String]
    var damaged: [Damaged]
    var deleted: [Deletion]
    var returned: [Deletion]
    var index_problems: [String]
    var log_problems: [String]
    var events: Int
    var devices: Int

    init(_ r: VaultReport, deletions: [DeletionRecord], returned: [DeletionRecord]) {
        ok = r.isClean; verified = r.verified; damaged = r.damaged.map { Damaged(id: $0.id, reason: $0.reason) }
        deleted = deletions.map(Deletion.init); self.returned = returned.map(Deletion.init)
        index_problems = r.indexProblems; log_problems = r.logProblems; events = r.events; devices = r.devices
    }
}

/// `verify FILE|--sha256 HEX --json`: one object per file or digest.
struct VerifyLookupJSON: Encodable {
    struct Match: Encodable { var id: String; var sealed_at: String; var member: String }
    var label: String
    var sha256: String
    var sealed: Bool
    var entries: [Match]

    init(label: String, digest: SHA256Digest, matches: [DigestMatch]) {
        self.label = label
        sha256 = digest.hex
        sealed = !matches.isEmpty
        entries = matches.map { Match(id: $0.id, sealed_at: $0.sealedAt, member: $0.member) }
    }
}

/// `verify --checkpoint FILE --json`: one object per device log checked.
struct VerifyCheckpointJSON: Encodable {
    var origin: String
    var old_size: Int
    var new_size: Int
}
