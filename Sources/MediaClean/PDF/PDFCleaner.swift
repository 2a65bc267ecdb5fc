import CQPDF
import Foundation

/// PDF: removes the information dictionary, XMP (document, page and image level),
/// annotations (with their authors and comments), embedded files, JavaScript and
/// automatic actions, form data, bookmarks, tagged structure and page thumbnails.
/// Text redaction: a page whose text holds a declared identity is rebuilt as an
/// image with black boxes over the redacted words; other pages keep their text.
enum PDFCleaner {
    static let limit = 512 << 20
    /// Resolution of rebuilt pages: readable, and small enough to share.
    static let dpi = 150.0
    /// Longest side of a rebuilt page in pixels: a hostile page size cannot exhaust memory.
    static let maxPixels = 5000.0

    static func clean(_ r: BufferedReader, _ w: BufferedWriter, redactor: TextRedactor?, _ report: inout ReportBuilder) throws {
        let input = try r.readBytes(limit + 1, whatIfShort: true)
        guard input.count <= limit else { throw MediaCleanError.tooLarge("PDF over \(limit >> 20) MiB") }
        guard input.starts(with: Array("%PDF-".utf8)) else { throw MediaCleanError.malformed("not a PDF file") }
        let doc = try QPDFDocument(input)
        try stripStructure(doc, &report)
        try doc.check()
        var output = try doc.write()
        if let redactor {
            let hits = try findRedactions(in: output, redactor, &report)
            if !hits.isEmpty {
                for (page, boxes) in hits.sorted(by: { $0.key < $1.key }) {
                    try rasterise(page: page, boxes: boxes, of: output, in: doc)
                    report.rasterisedPages.append(page + 1)
                }
                try doc.check()
                output = try doc.write()
            }
        }
        try w.write(output)
    }

    private static func stripStructure(_ doc: QPDFDocument, _ report: inout ReportBuilder) throws {
        if doc.remove(doc.trailer, "/Info") { report.removed("document properties") }
        doc.remove(doc.trailer, "/ID") // the original's ID would link the copy to it
        let root = doc.root
        let rootKeys: [(String, String)] = [
            ("/Metadata", "XMP metadata"), ("/AcroForm", "form data"), ("/OpenAction", "automatic actions"),
            ("/AA", "automatic actions"), ("/Outlines", "bookmarks"), ("/StructTreeRoot", "tagged structure"),
            ("/PieceInfo", "application data"), ("/SpiderInfo", "application data"), ("/Perms", "signatures"),
            ("/Collection", "embedded files"), ("/Threads", "article threads"),
        ]
        for (key, category) in rootKeys where doc.remove(root, key) { report.removed(category) }
        doc.remove(root, "/MarkInfo")
        if doc.has(root, "/Names") {
            let names = doc.get(root, "/Names")
            if doc.remove(names, "/JavaScript") { report.removed("JavaScript") }
            if doc.remove(names, "/EmbeddedFiles") { report.removed("embedded files") }
        }
        for index in 0..<doc.pageCount {
            let page = doc.page(index)
            let pageKeys: [(String, String)] = [
                ("/Annots", "annotations"), ("/Metadata", "XMP metadata"), ("/PieceInfo", "application data"),
                ("/AA", "automatic actions"), ("/Thumb", "thumbnail"), ("/B", "article threads"),
            ]
            for (key, category) in pageKeys where doc.remove(page, key) { report.removed(category) }
            var seen = Set<UInt32>()
            stripXObjects(doc, resourcesOf: page, depth: 0, seen: &seen, &report)
        }
    }

    /// Image and form XObjects can carry their own XMP; forms nest, so bounded recursion.
    private static func stripXObjects(_ doc: QPDFDocument, resourcesOf owner: qpdf_oh, depth: Int,
                                      seen: inout Set<UInt32>, _ report: inout ReportBuilder) {
        guard depth < 8 else { return }
        let holder = doc.isStream(owner) ? doc.dict(owner) : owner
        guard doc.has(holder, "/Resources") else { return }
        let resources = doc.get(holder, "/Resources")
        guard doc.has(resources, "/XObject") else { return }
        let xobjects = doc.get(resources, "/XObject")
        for key in doc.keys(xobjects).prefix(10_000) {
            let x = doc.get(xobjects, key)
            guard doc.isStream(x), seen.insert(x).inserted else { continue }
            let d = doc.dict(x)
            if doc.remove(d, "/Metadata") { report.removed("XMP metadata") }
            if doc.remove(d, "/PieceInfo") { report.removed("application data") }
            stripXObjects(doc, resourcesOf: x, depth: depth + 1, seen: &seen, &report)
        }
    }

    /// Pages (0-based) whose text holds a redaction, with the boxes of the words to cover.
    private static func findRedactions(in pdf: [UInt8], _ redactor: TextRedactor,
                                       _ report: inout ReportBuilder) throws -> [Int: PDFPageWords] {
        let xhtml = try ExternalTool.run("pdftotext", ["-q", "-bbox-layout", "/proc/self/fd/0", "-"], input: pdf)
        var hits = [Int: PDFPageWords]()
        for (index, page) in PDFPageWords.parse(xhtml).enumerated() {
            let (text, owner) = page.text()
            let redacted = redactor.redact(text)
            guard redacted.replacements > 0, redacted.text != text else { continue }
            report.namesInText += redacted.replacements
            var covered = page
            covered.words = coveredWords(page, text: text, owner: owner, redacted: redacted, redactor).sorted().map { page.words[$0] }
            hits[index] = covered
        }
        return hits
    }

    /// The words whose characters the redactor replaced. Lines are diffed one by one
    /// (small and fast); if a name spans two lines, the whole page is diffed; if that
    /// is too costly, every word on the page is covered.
    private static func coveredWords(_ page: PDFPageWords, text: String, owner: [Int], redacted: RedactedText,
                                     _ redactor: TextRedactor) -> Set<Int> {
        let scalars = Array(text.unicodeScalars)
        var lineRanges = [Range<Int>]()
        var start = 0
        for (i, s) in scalars.enumerated() where s == "\n" {
            lineRanges.append(start..<i)
            start = i + 1
        }
        lineRanges.append(start..<scalars.count)
        var marked = Set<Int>()
        var perLine = 0
        for range in lineRanges {
            let line = String(String.UnicodeScalarView(scalars[range]))
            let r = redactor.redact(line)
            guard r.replacements > 0, r.text != line else { continue }
            perLine += r.replacements
            guard let ops = TextDiff.diff(Array(scalars[range]), Array(r.text.unicodeScalars)) else { return Set(page.words.indices) }
            marked.formUnion(deletedOwners(ops, owner, offset: range.lowerBound))
        }
        if perLine >= redacted.replacements { return marked }
        guard let ops = TextDiff.diff(scalars, Array(redacted.text.unicodeScalars)) else { return Set(page.words.indices) }
        return marked.union(deletedOwners(ops, owner, offset: 0))
    }

    private static func deletedOwners(_ ops: [TextDiff.Op], _ owner: [Int], offset: Int) -> Set<Int> {
        var out = Set<Int>()
        var i = offset
        for op in ops {
            switch op {
            case .keep: i += 1
            case .delete:
                if i < owner.count, owner[i] >= 0 { out.insert(owner[i]) }
                i += 1
            case .insert:
                // A name that happens to be a subsequence of its replacement deletes
                // nothing: cover the words on both sides of the insertion too.
                for j in [i - 1, i] where j >= offset && j < owner.count && owner[j] >= 0 { out.insert(owner[j]) }
            }
        }
        return out
    }

    /// Renders the page, blacks out the boxes, and makes the image the page's only content.
    private static func rasterise(page index: Int, boxes: PDFPageWords, of pdf: [UInt8], in doc: QPDFDocument) throws {
        let number = String(index + 1)
        let longest = max([boxes.width, boxes.height].filter { $0.isFinite }.max() ?? 1, 1)
        let resolution = max(1, min(dpi, maxPixels * 72 / longest).rounded(.down))
        let ppm = try ExternalTool.run("pdftoppm", ["-q", "-r", String(Int(resolution)), "-f", number, "-l", number, "/proc/self/fd/0"],
                                       input: pdf)
        var image = try PPMImage(ppm)
        let scale = resolution / 72.0
        for box in boxes.words {
            image.fill(x0: image.pixel(box.xMin * scale) - 2, y0: image.pixel(box.yMin * scale) - 2,
                       x1: image.pixel((box.xMax * scale).rounded(.up)) + 2, y1: image.pixel((box.yMax * scale).rounded(.up)) + 2)
        }
        let width = Double(image.width) / scale, height = Double(image.height) / scale
        let w = String(format: "%.3f", width), h = String(format: "%.3f", height)
        let xobject = doc.newStream(image.rgb, dictionary:
            "<< /Type /XObject /Subtype /Image /Width \(image.width) /Height \(image.height) /ColorSpace /DeviceRGB /BitsPerComponent 8 >>")
        let content = doc.newStream(Array("q \(w) 0 0 \(h) 0 0 cm /Im0 Do Q".utf8), dictionary: "<< >>")
        let page = doc.page(index)
        let resources = doc.parse("<< /XObject << >> >>")
        doc.set(doc.get(resources, "/XObject"), "/Im0", xobject)
        doc.set(page, "/Resources", resources)
        doc.set(page, "/Contents", content)
        doc.set(page, "/MediaBox", doc.parse("[0 0 \(w) \(h)]"))
        doc.set(page, "/CropBox", doc.parse("[0 0 \(w) \(h)]"))
        doc.set(page, "/Rotate", doc.parse("0"))
        for key in ["/BleedBox", "/TrimBox", "/ArtBox", "/Group", "/StructParents", "/Tabs", "/UserUnit"] { doc.remove(page, key) }
        try doc.check()
    }
}

/// A binary PPM (P6) as pdftoppm writes it.
struct PPMImage {
    let width: Int
    let height: Int
    var rgb: [UInt8]

    init(_ bytes: [UInt8]) throws {
        // Header: "P6" whitespace width whitespace height whitespace 255 one-whitespace data.
        var fields = [Int]()
        var i = 2
        guard bytes.starts(with: Array("P6".utf8)) else { throw MediaCleanError.toolFailed("pdftoppm gave no image") }
        while fields.count < 3 && i < bytes.count {
            while i < bytes.count && XMLTokenizer.isSpace(bytes[i]) { i += 1 }
            var v = 0
            var digits = 0
            while i < bytes.count, (0x30...0x39).contains(bytes[i]), digits < 9 { v = v * 10 + Int(bytes[i] - 0x30); i += 1; digits += 1 }
            guard digits > 0 else { throw MediaCleanError.toolFailed("pdftoppm image header") }
            fields.append(v)
        }
        i += 1
        guard fields.count == 3, fields[2] == 255, fields[0] > 0, fields[1] > 0,
              bytes.count - i >= fields[0] * fields[1] * 3 else {
            throw MediaCleanError.toolFailed("pdftoppm image header")
        }
        width = fields[0]
        height = fields[1]
        rgb = Array(bytes[i..<(i + width * height * 3)])
    }

    /// A coordinate from pdftotext as a pixel index; NaN and absurd values are clamped.
    func pixel(_ v: Double) -> Int {
        guard v.isFinite else { return 0 }
        return Int(min(max(v, -16), Double(max(width, height) + 16)))
    }

    mutating func fill(x0: Int, y0: Int, x1: Int, y1: Int) {
        let xLow = min(max(0, x0), width), yLow = min(max(0, y0), height)
        let xs = xLow..<max(xLow, min(width, x1))
        let ys = yLow..<max(yLow, min(height, y1))
        for y in ys {
            for x in xs {
                let at = (y * width + x) * 3
                rgb[at] = 0; rgb[at + 1] = 0; rgb[at + 2] = 0
            }
        }
    }
}
