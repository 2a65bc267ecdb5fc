/// The index's serialisation: one line per entry, tab-separated fields.
///
/// JSON through Codable cost about 50 ms per 1,000 entries here, which alone
/// broke `list`'s 300 ms budget for 10,000 entries; this format parses in a
/// few milliseconds. It is only a cache inside an encrypted file, rebuilt from
/// the entries whenever it cannot be read, so a private format costs nothing
/// in durability. docs/FORMAT.md section 4 specifies it.
enum IndexCodec {
    static let header = "evault-index/2"

    private enum Field: Int, CaseIterable {
        case id, kind, sealedAt, size, sha256, redactedSHA256, name, title, tags, mediaType
        case content, redacted, pseudonyms, redactions, witness, origin
    }

    static func encode(_ summaries: [EntrySummary]) -> [UInt8] {
        var out = header + "\n"
        out.reserveCapacity(summaries.count * 300)
        for s in summaries {
            let m = s.metadata
            var fields = [String](repeating: "", count: Field.allCases.count)
            fields[Field.id.rawValue] = escape(m.id)
            fields[Field.kind.rawValue] = m.kind.rawValue
            fields[Field.sealedAt.rawValue] = escape(m.sealedAt)
            fields[Field.size.rawValue] = String(m.size)
            fields[Field.sha256.rawValue] = escape(s.sha256)
            fields[Field.redactedSHA256.rawValue] = optional(s.redactedSHA256)
            fields[Field.name.rawValue] = optional(m.name)
            fields[Field.title.rawValue] = optional(m.title)
            fields[Field.tags.rawValue] = list(m.tags)
            fields[Field.mediaType.rawValue] = escape(m.mediaType)
            fields[Field.content.rawValue] = escape(m.content)
            fields[Field.redacted.rawValue] = optional(m.redacted)
            fields[Field.pseudonyms.rawValue] = list(m.pseudonyms)
            fields[Field.redactions.rawValue] = list(m.redactions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
            fields[Field.witness.rawValue] = optional(m.witness)
            fields[Field.origin.rawValue] = optional(m.origin.flatMap { try? JSONCoding.encode($0, pretty: false) }
                .map { String(decoding: $0, as: UTF8.self) })
            out += fields.joined(separator: "\t")
            out += "\n"
        }
        return Array(out.utf8)
    }

    /// Nil when the bytes are not an index of this version (the caller rebuilds).
    /// Works on UTF-8 bytes: Character-level splitting was most of `list`'s time.
    static func decode(_ bytes: [UInt8]) -> [EntrySummary]? {
        bytes.withUnsafeBufferPointer { buffer -> [EntrySummary]? in
            var lines = buffer.split(separator: 0x0A, omittingEmptySubsequences: true)[...]
            guard let first = lines.first, String(decoding: first, as: UTF8.self) == header else { return nil }
            lines = lines.dropFirst()
            var result: [EntrySummary] = []
            result.reserveCapacity(lines.count)
            for line in lines {
                let f = line.split(separator: 0x09, omittingEmptySubsequences: false)
                guard f.count == Field.allCases.count else { return nil }
                func text(_ field: Field) -> String { unescape(f[field.rawValue]) }
                func optionalText(_ field: Field) -> String? { parseOptional(f[field.rawValue]) }
                func items(_ field: Field) -> [String] { parseList(f[field.rawValue]) }
                guard let kind = EntryKind(rawValue: text(.kind)), let size = Int64(text(.size)) else { return nil }
                var redactions: [String: Int] = [:]
                for pair in items(.redactions) {
                    let kv = pair.split(separator: "=")
                    guard kv.count == 2, let n = Int(kv[1]) else { return nil }
                    redactions[String(kv[0])] = n
                }
                let origin = optionalText(.origin).flatMap { try? JSONCoding.decode(EntryOrigin.self, from: Array($0.utf8)) }
                let metadata = EntryMetadata(
                    id: text(.id), kind: kind, sealedAt: text(.sealedAt), name: optionalText(.name),
                    title: optionalText(.title), tags: items(.tags), mediaType: text(.mediaType), size: size,
                    content: text(.content), redacted: optionalText(.redacted), pseudonyms: items(.pseudonyms),
                    redactions: redactions, witness: optionalText(.witness), origin: origin)
                result.append(EntrySummary(metadata: metadata, sha256: text(.sha256), redactedSHA256: optionalText(.redactedSHA256)))
            }
            return result
        }
    }

    // Strings: backslash escapes for the separators. Optionals: "-" or "+value".
    // Lists: items separated by U+001F.

    private static let itemSeparator: Character = "\u{1F}"

    private static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == itemSeparator }) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case itemSeparator: out += "\\u"
            default: out.append(c)
            }
        }
        return out
    }

    private static func unescape(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        guard bytes.contains(0x5C) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var escaped = false
        for b in bytes {
            if escaped {
                switch b {
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "u"): out.append(0x1F)
                default: out.append(b)
                }
                escaped = false
            } else if b == 0x5C {
                escaped = true
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func optional(_ s: String?) -> String { s.map { "+" + escape($0) } ?? "-" }

    private static func parseOptional(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        s.first == UInt8(ascii: "+") ? unescape(s.dropFirst()) : nil
    }

    private static func list(_ items: [String]) -> String {
        items.map(escape).joined(separator: String(itemSeparator))
    }

    private static func parseList(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> [String] {
        s.isEmpty ? [] : s.split(separator: 0x1F, omittingEmptySubsequences: false).map(unescape)
    }
}
