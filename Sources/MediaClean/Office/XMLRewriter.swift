/// Edits one XML part of an Office document: drops elements with their content
/// (deletions, comments), unwraps others (insertions: accepted), strips attributes
/// (rsid, author, date) and redacts the text of each paragraph as one string, so a
/// name split over several runs is still found.
struct XMLRewriter {
    var drop: Set<String> = []
    var unwrap: Set<String> = []
    var dropAttribute: (String) -> Bool = { _ in false }
    var paragraphs: Set<String> = []
    /// Elements whose character data is text (w:t); nil: all character data in a paragraph.
    var textElements: Set<String>?
    /// Attributes whose values are text a reader sees: alt text, external link targets.
    /// `element@attribute` limits one to an element (`s@v`: a pivot cache's strings).
    var redactedAttributes: Set<String> = []
    /// Spreadsheet cells: the cached `<v>` of a formula cell with a string result
    /// (`<c t="str">`) is text, redacted like a paragraph.
    var stringCellValues = false

    struct Result {
        var bytes: [UInt8]
        var dropped: Set<String>
        var strippedAttributes: Set<String>
        var replacements: Int
        /// Sheet names already written (a workbook's names must stay distinct).
        var sheetNames: Set<String> = []
    }

    func rewrite(_ input: [UInt8], redactor: TextRedactor?) throws -> Result {
        var tokenizer = XMLTokenizer(input)
        var out = [UInt8]()
        out.reserveCapacity(input.count)
        var result = Result(bytes: [], dropped: [], strippedAttributes: [], replacements: 0)
        var dropDepth = 0
        var paragraph: [Piece]?
        var paragraphDepth = 0
        var textDepth = 0
        var inStringCell = false
        var cellValueDepth = 0
        while let token = tokenizer.next() {
            if dropDepth > 0 {
                if case .start(_, _, let selfClosing) = token, !selfClosing { dropDepth += 1 }
                if case .end = token { dropDepth -= 1 }
                continue
            }
            var emitted: [UInt8]?
            var piece: Piece?
            switch token {
            case .comment:
                result.dropped.insert("comments")
            case .other(let raw):
                emitted = Array(raw)
            case .text(let raw):
                if paragraph != nil && (textElements == nil || textDepth > 0 || cellValueDepth > 0) {
                    piece = .text(raw)
                } else {
                    emitted = Array(raw)
                }
            case .start(let name, let raw, let selfClosing):
                if drop.contains(name) {
                    result.dropped.insert(name)
                    if !selfClosing { dropDepth = 1 }
                    continue
                }
                if unwrap.contains(name) {
                    result.dropped.insert(name)
                    continue
                }
                emitted = stripAttributes(raw, redactor, &result)
                if stringCellValues && name == "c" {
                    inStringCell = !selfClosing && Self.hasAttribute(raw, "t", "str")
                }
                let isCellValue = stringCellValues && inStringCell && name == "v" && !selfClosing
                if !selfClosing {
                    if isCellValue {
                        if paragraph == nil { paragraph = [] }
                        paragraphDepth += 1
                        cellValueDepth += 1
                    }
                    if paragraphs.contains(name) {
                        if paragraph == nil { paragraph = [] }
                        paragraphDepth += 1
                    }
                    if textElements?.contains(name) == true { textDepth += 1 }
                }
            case .end(let name, let raw):
                if unwrap.contains(name) { continue }
                emitted = Array(raw)
                if textElements?.contains(name) == true { textDepth = max(0, textDepth - 1) }
                if name == "c" { inStringCell = false }
                let endsCellValue = cellValueDepth > 0 && name == "v"
                if endsCellValue { cellValueDepth -= 1 }
                if (paragraphs.contains(name) || endsCellValue) && paragraph != nil {
                    paragraphDepth -= 1
                    if paragraphDepth == 0, var pieces = paragraph {
                        pieces.append(.markup(Array(raw)))
                        out += redactParagraph(pieces, redactor, &result)
                        paragraph = nil
                        continue
                    }
                }
            }
            if paragraph != nil {
                if let piece { paragraph?.append(piece) } else if let emitted { paragraph?.append(.markup(emitted)) }
            } else if let emitted {
                out += emitted
            }
        }
        if let error = tokenizer.error { throw MediaCleanError.malformed(error) }
        if let pieces = paragraph { out += redactParagraph(pieces, redactor, &result) }
        result.bytes = out
        return result
    }

    private enum Piece {
        case markup([UInt8])
        case text(ArraySlice<UInt8>)
    }

    private func redactParagraph(_ pieces: [Piece], _ redactor: TextRedactor?, _ result: inout Result) -> [UInt8] {
        let texts: [String] = pieces.compactMap { if case .text(let raw) = $0 { return XMLText.decode(raw) } else { return nil } }
        var replaced: [String]?
        if let redactor, !texts.isEmpty {
            let joined = texts.joined()
            let redacted = redactor.redact(joined)
            if redacted.replacements > 0 && redacted.text != joined {
                result.replacements += redacted.replacements
                replaced = TextDiff.redistribute(original: texts, redacted: redacted.text)
            }
        }
        var out = [UInt8]()
        var slot = 0
        for piece in pieces {
            switch piece {
            case .markup(let bytes):
                // Word trims spaces at run edges unless told to keep them.
                if replaced != nil && bytes.elementsEqual("<w:t>".utf8) {
                    out += Array("<w:t xml:space=\"preserve\">".utf8)
                } else {
                    out += bytes
                }
            case .text(let raw):
                if let replaced { out += XMLText.encode(replaced[slot]) } else { out += raw }
                slot += 1
            }
        }
        return out
    }

    /// Whether a start tag carries `name="value"` (either quote).
    static func hasAttribute(_ raw: ArraySlice<UInt8>, _ name: String, _ value: String) -> Bool {
        let tag = String(decoding: raw, as: UTF8.self)
        return tag.contains(" \(name)=\"\(value)\"") || tag.contains(" \(name)='\(value)'")
    }

    /// Removes attributes matched by `dropAttribute` from a start tag, keeping the rest verbatim.
    private func stripAttributes(_ raw: ArraySlice<UInt8>, _ redactor: TextRedactor?, _ result: inout Result) -> [UInt8] {
        let bytes = Array(raw)
        var out = [UInt8]()
        var i = 0
        // Copy the element name.
        while i < bytes.count && !XMLTokenizer.isSpace(bytes[i]) && bytes[i] != UInt8(ascii: ">") && !(bytes[i] == UInt8(ascii: "/") && i > 1) {
            out.append(bytes[i]); i += 1
        }
        let element = String(decoding: out.drop(while: { $0 == UInt8(ascii: "<") }), as: UTF8.self)
        while i < bytes.count {
            let spaceStart = i
            while i < bytes.count && XMLTokenizer.isSpace(bytes[i]) { i += 1 }
            let nameStart = i
            while i < bytes.count && bytes[i] != UInt8(ascii: "=") && !XMLTokenizer.isSpace(bytes[i])
                && bytes[i] != UInt8(ascii: ">") && bytes[i] != UInt8(ascii: "/") { i += 1 }
            if i == nameStart {
                out += bytes[spaceStart..<min(bytes.count, i + 1)]
                i += 1
                continue
            }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
            while i < bytes.count && bytes[i] != UInt8(ascii: "\"") && bytes[i] != UInt8(ascii: "'") { i += 1 }
            guard i < bytes.count else { return bytes }
            let quote = bytes[i]
            i += 1
            let valueStart = i
            while i < bytes.count && bytes[i] != quote { i += 1 }
            i += 1
            if dropAttribute(name) {
                result.strippedAttributes.insert(name)
            } else if let redactor, redactedAttributes.contains(name) || redactedAttributes.contains(element + "@" + name),
                      i - 1 > valueStart {
                let value = XMLText.decode(bytes[valueStart..<(i - 1)])
                let redacted = redactor.redact(value)
                if redacted.replacements > 0 && redacted.text != value {
                    result.replacements += redacted.replacements
                    let text = element == "sheet" && name == "name" ? Self.sheetName(redacted.text, taken: &result.sheetNames) : redacted.text
                    out += bytes[spaceStart..<valueStart] + XMLText.encode(text, attribute: true) + [quote]
                } else {
                    out += bytes[spaceStart..<min(i, bytes.count)]
                }
            } else {
                out += bytes[spaceStart..<min(i, bytes.count)]
            }
        }
        return out
    }

    /// A redacted sheet name Excel still accepts: no `[ ] : * ? / \`, at most
    /// 31 characters, distinct from the other redacted names ("(person) 2").
    static func sheetName(_ redacted: String, taken: inout Set<String>) -> String {
        let legal = String(redacted.map { c -> Character in
            switch c {
            case "[": return "("
            case "]": return ")"
            case ":", "*", "?", "/", "\\": return "_"
            default: return c
            }
        }.prefix(27))
        var candidate = legal
        var n = 2
        while taken.contains(candidate.lowercased()) {
            candidate = legal + " \(n)"
            n += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }
}
