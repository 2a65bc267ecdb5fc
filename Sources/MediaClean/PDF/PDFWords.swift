import Foundation

/// Words and their boxes on each page, as `pdftotext -bbox-layout` reports them
/// (points, origin top-left, page as displayed).
struct PDFPageWords {
    var width: Double
    var height: Double
    var words: [Word] = []
    /// Index of the first word of each line, to join lines with newlines.
    var lineStarts: Set<Int> = []

    struct Word {
        var text: String
        var xMin: Double, yMin: Double, xMax: Double, yMax: Double
    }

    /// The page text the redactor sees, and the word each character came from.
    func text() -> (String, [Int]) {
        var scalars = String.UnicodeScalarView()
        var owner = [Int]()
        for (i, word) in words.enumerated() {
            if i > 0 {
                scalars.append(lineStarts.contains(i) ? "\n" : " ")
                owner.append(-1)
            }
            for s in word.text.unicodeScalars {
                scalars.append(s)
                owner.append(i)
            }
        }
        return (String(scalars), owner)
    }

    /// Parses the XHTML that pdftotext writes; tolerant, bounded by its input.
    static func parse(_ bytes: [UInt8]) -> [PDFPageWords] {
        var pages = [PDFPageWords]()
        var tokens = XMLTokenizer(bytes)
        var current: PDFPageWords?
        var pendingWord: Word?
        var newLine = false
        while let token = tokens.next() {
            switch token {
            case .start(let name, let raw, _):
                let attrs = attributes(raw)
                if name == "page" {
                    if let p = current { pages.append(p) }
                    current = PDFPageWords(width: attrs["width"] ?? 0, height: attrs["height"] ?? 0)
                } else if name == "line" {
                    newLine = true
                } else if name == "word" {
                    pendingWord = Word(text: "", xMin: attrs["xMin"] ?? 0, yMin: attrs["yMin"] ?? 0,
                                       xMax: attrs["xMax"] ?? 0, yMax: attrs["yMax"] ?? 0)
                }
            case .text(let raw):
                if pendingWord != nil { pendingWord?.text += XMLText.decode(raw) }
            case .end(let name, _):
                if name == "word", let word = pendingWord, var page = current {
                    current = nil // keep the page uniquely referenced while appending
                    if newLine { page.lineStarts.insert(page.words.count) }
                    newLine = false
                    page.words.append(word)
                    current = page
                    pendingWord = nil
                }
            default:
                break
            }
        }
        if let p = current { pages.append(p) }
        return pages
    }

    private static func attributes(_ raw: ArraySlice<UInt8>) -> [String: Double] {
        var out = [String: Double]()
        let text = String(decoding: raw, as: UTF8.self)
        for part in text.split(separator: " ") {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            let value = kv[1].trimmingCharacters(in: ["\"", "/", ">"])
            if let v = Double(value) { out[String(kv[0])] = v }
        }
        return out
    }
}
