/// The stripped text with every replacement marked for review: `⟦3 person:
/// Person amber-falcon⟧`, numbered in order, plus one line per replacement
/// giving what it replaced. Control characters of the input are shown escaped,
/// so a text cannot drive the reviewer's terminal.
public struct ReviewText: Sendable {
    public let marked: String
    /// "3  person  \"Ruslan Ismailov\" -> Person amber-falcon" for each replacement.
    public let legend: [String]
    /// The original text of each replacement, by number - 1.
    public let originals: [String]

    public init(original: String, result: StripResult) {
        let scalars = Array(original.unicodeScalars)
        var out = String.UnicodeScalarView()
        var legend: [String] = []
        var originals: [String] = []
        var p = 0
        for (n, r) in result.replacements.enumerated() {
            Self.appendSafe(scalars[p..<max(p, min(r.start, scalars.count))], to: &out)
            let source = String(String.UnicodeScalarView(scalars[min(r.start, scalars.count)..<min(r.end, scalars.count)]))
            originals.append(source)
            let mark = "⟦\(n + 1) \(r.kind.rawValue): \(r.pseudonym)⟧"
            out.append(contentsOf: mark.unicodeScalars)
            var safe = String.UnicodeScalarView()
            Self.appendSafe(source.unicodeScalars[...], to: &safe)
            legend.append("\(n + 1)  \(r.kind.rawValue)\(r.declared ? " (declared)" : "")  \"\(String(safe))\" -> \(r.pseudonym)")
            p = min(r.end, scalars.count)
        }
        Self.appendSafe(scalars[p...], to: &out)
        marked = String(out)
        self.legend = legend
        self.originals = originals
    }

    /// Keeps newlines and tabs; other control and format characters become `\u{…}`.
    static func appendSafe<C: Collection>(_ scalars: C, to out: inout String.UnicodeScalarView) where C.Element == Unicode.Scalar {
        for u in scalars {
            let v = u.value
            if v == 0x0A || v == 0x09 || (v >= 0x20 && v != 0x7F && !(v >= 0x80 && v < 0xA0) && u.properties.generalCategory != .format) {
                out.append(u)
            } else {
                out.append(contentsOf: "\\u{\(String(v, radix: 16))}".unicodeScalars)
            }
        }
    }
}
