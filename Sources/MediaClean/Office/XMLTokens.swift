/// A minimal XML tokenizer over UTF-8 bytes, enough to edit Office parts without
/// a DOM: tags and text come back verbatim, so untouched parts are re-emitted exactly.
/// It never expands entities or DTDs (no billion laughs, no external entities).
enum XMLToken {
    case text(ArraySlice<UInt8>)
    case start(name: String, raw: ArraySlice<UInt8>, selfClosing: Bool)
    case end(name: String, raw: ArraySlice<UInt8>)
    case other(ArraySlice<UInt8>) // declarations, processing instructions, CDATA
    case comment
}

struct XMLTokenizer: Sequence, IteratorProtocol {
    private let bytes: [UInt8]
    private var at = 0
    private(set) var error: String?

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> XMLToken? {
        guard at < bytes.count, error == nil else { return nil }
        if bytes[at] != UInt8(ascii: "<") {
            let start = at
            while at < bytes.count && bytes[at] != UInt8(ascii: "<") { at += 1 }
            return .text(bytes[start..<at])
        }
        let start = at
        if starts("<!--") {
            guard let end = find("-->", from: at + 4) else { return fail("unterminated XML comment") }
            at = end + 3
            return .comment
        }
        if starts("<![CDATA[") {
            guard let end = find("]]>", from: at + 9) else { return fail("unterminated CDATA") }
            at = end + 3
            return .other(bytes[start..<at])
        }
        if starts("<?") {
            guard let end = find("?>", from: at + 2) else { return fail("unterminated XML declaration") }
            at = end + 2
            return .other(bytes[start..<at])
        }
        // Tags: find the closing '>' outside quoted attribute values.
        var quote: UInt8 = 0
        var i = at + 1
        while i < bytes.count {
            let c = bytes[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                break
            }
            i += 1
        }
        guard i < bytes.count else { return fail("unterminated XML tag") }
        at = i + 1
        let raw = bytes[start..<at]
        if bytes[start + 1] == UInt8(ascii: "!") { return .other(raw) }
        let isEnd = bytes[start + 1] == UInt8(ascii: "/")
        var nameStart = start + (isEnd ? 2 : 1)
        while nameStart < i && bytes[nameStart] == 0x20 { nameStart += 1 }
        var nameEnd = nameStart
        while nameEnd < i, !XMLTokenizer.isSpace(bytes[nameEnd]), bytes[nameEnd] != UInt8(ascii: "/"), bytes[nameEnd] != UInt8(ascii: ">") {
            nameEnd += 1
        }
        let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
        if isEnd { return .end(name: name, raw: raw) }
        return .start(name: name, raw: raw, selfClosing: bytes[i - 1] == UInt8(ascii: "/"))
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private mutating func fail(_ message: String) -> XMLToken? {
        error = message
        return nil
    }

    private func starts(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard at + n <= bytes.count else { return false }
        return s.withUTF8Buffer { p in (0..<n).allSatisfy { bytes[at + $0] == p[$0] } }
    }

    private func find(_ s: StaticString, from: Int) -> Int? {
        let n = s.utf8CodeUnitCount
        return s.withUTF8Buffer { p -> Int? in
            var i = from
            while i + n <= bytes.count {
                if (0..<n).allSatisfy({ bytes[i + $0] == p[$0] }) { return i }
                i += 1
            }
            return nil
        }
    }
}

/// XML character data escaping, for the text the redactor sees and rewrites.
enum XMLText {
    static func decode(_ raw: ArraySlice<UInt8>) -> String {
        let s = String(decoding: raw, as: UTF8.self)
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16) { scalar = Unicode.Scalar(v) }
                else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst(1)) { scalar = Unicode.Scalar(v) }
                if let scalar { out.unicodeScalars.append(scalar) } else { out += "&" + entity + ";" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    static func encode(_ s: String, attribute: Bool = false) -> [UInt8] {
        var out = [UInt8]()
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if attribute { out += Array("&#\(b);".utf8) } else { out.append(b) }
            default: out.append(b)
            }
        }
        return out
    }
}
