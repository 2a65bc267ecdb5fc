/// What happens to each member of an OOXML or OpenDocument zip, decided by its path.
struct OfficePolicy {
    enum Action {
        case keep
        case drop(String)
        case replace([UInt8], String)
        case rewrite(XMLRewriter)
        case media(MediaFormat)
    }

    let format: MediaFormat
    var isODF: Bool { [.odt, .ods, .odp].contains(format) }

    func action(for path: String, _ bytes: [UInt8]) throws -> Action {
        let lower = path.lowercased()
        let name = lower.split(separator: "/").last.map(String.init) ?? lower
        if lower.hasPrefix("docprops/thumbnail") || lower.hasPrefix("thumbnails/") { return .drop("thumbnail") }
        if Self.isEmbeddedObject(path, odf: isODF) { return .drop("embedded objects") }
        if isODF {
            if path == "META-INF/manifest.xml" {
                if String(decoding: bytes, as: UTF8.self).contains("encryption-data") {
                    throw MediaCleanError.unsupported("password-protected OpenDocument")
                }
                return .keep
            }
            if path == "meta.xml" { return .replace(Self.odfMeta(bytes), "author") }
            if path == "content.xml" || path == "styles.xml" { return .rewrite(Self.odf) }
            if path == "settings.xml" { return .rewrite(XMLRewriter(drop: ["config:config-item-set"])) }
        } else {
            switch lower {
            case "docprops/core.xml": return .replace(Self.emptyCore, "author")
            case "docprops/app.xml": return .replace(Self.emptyApp, "document properties")
            case "docprops/custom.xml": return .replace(Self.emptyCustom, "custom properties")
            default: break
            }
            if let emptied = Self.emptied(lower, bytes) { return .replace(emptied, "comments and their authors") }
            // Data bound to content controls, or SharePoint properties: may hold names verbatim.
            if lower.hasPrefix("customxml/item") && !lower.hasPrefix("customxml/itemprops") && lower.hasSuffix(".xml") {
                return .replace(Self.emptyRoot(bytes), "custom XML data")
            }
            if lower.hasSuffix(".xml") && Self.textParts.contains(where: { lower.hasPrefix($0) }) {
                return .rewrite(Self.ooxml(path: lower))
            }
            if lower == "word/settings.xml" || lower == "xl/workbook.xml" || lower.hasSuffix("presprops.xml") {
                return .rewrite(Self.ooxml(path: lower))
            }
        }
        if let ext = name.split(separator: ".").last.map(String.init) {
            let prefix = Array(bytes.prefix(64))
            if ["jpg", "jpeg", "png", "gif", "webp", "tif", "tiff"].contains(ext),
               let media = MediaFormat.detect(prefix: prefix, fileName: name), media.isMedia {
                return .media(media)
            }
            if ["docx", "xlsx", "pptx", "odt", "ods", "odp"].contains(ext),
               let doc = MediaFormat.detect(prefix: prefix, fileName: name) {
                return .media(doc)
            }
        }
        return .keep
    }

    /// OLE objects, ActiveX controls and embedded documents: opaque binaries
    /// (a whole spreadsheet, a package with its own author and paths) that
    /// cannot be cleaned reliably, so they go; their previews stay where the
    /// format keeps one.
    static func isEmbeddedObject(_ path: String, odf: Bool) -> Bool {
        let lower = path.lowercased()
        if odf { return path.hasPrefix("Object ") || path.hasPrefix("ObjectReplacements/") }
        return lower.contains("/embeddings/") || lower.contains("/activex/")
    }

    /// Categories for the report from what a rewrite removed.
    func describe(_ r: XMLRewriter.Result) -> [String] {
        var out = [String]()
        let names = r.dropped
        if names.contains(where: { ["w:del", "w:ins", "w:moveFrom", "w:moveTo", "text:tracked-changes", "text:change-start",
                                    "text:change", "w:rPrChange", "w:pPrChange"].contains($0) }) {
            out.append("tracked changes")
        }
        if names.contains(where: { $0.contains("comment") || $0.hasPrefix("office:annotation") }) { out.append("comments") }
        if names.contains("comments") { out.append("hidden XML comments") }
        if r.strippedAttributes.contains(where: { $0.hasPrefix("w:rsid") }) || names.contains("w:rsids") {
            out.append("revision ids")
        }
        if r.strippedAttributes.contains(where: { $0.hasSuffix(":author") || $0.hasSuffix(":initials") }) {
            out.append("author")
        }
        if names.contains("x15ac:absPath") || names.contains("w:attachedTemplate") { out.append("file paths") }
        if names.contains("fileSharing") { out.append("author") }
        if names.contains("config:config-item-set") { out.append("application settings") }
        if !names.isDisjoint(with: Self.embeddedObjectElements) { out.append("embedded objects") }
        return out
    }

    private static let textParts = [
        "word/document", "word/header", "word/footer", "word/footnotes", "word/endnotes", "word/glossary/",
        "ppt/slides/", "ppt/notesslides/", "ppt/slidelayouts/", "ppt/slidemasters/", "ppt/notesmasters/",
        "xl/sharedstrings", "xl/worksheets/", "xl/charts/", "word/charts/", "ppt/charts/", "xl/drawings/",
        "xl/pivotcache/", "xl/pivottables/", "xl/tables/",
        "word/diagrams/", "ppt/diagrams/", "xl/diagrams/",
    ]

    private static let trackedChanges: Set<String> = [
        "w:del", "w:moveFrom", "w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange", "w:trPrChange",
        "w:tcPrChange", "w:numberingChange", "w:tblGridChange", "w:cellDel", "w:cellIns", "w:cellMerge",
        "w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd",
        "w:customXmlInsRangeStart", "w:customXmlInsRangeEnd", "w:customXmlDelRangeStart", "w:customXmlDelRangeEnd",
        "w:customXmlMoveFromRangeStart", "w:customXmlMoveFromRangeEnd", "w:customXmlMoveToRangeStart",
        "w:customXmlMoveToRangeEnd",
    ]

    /// Elements that point at an embedded object (dropped with it).
    static let embeddedObjectElements: Set<String> = [
        "oleObjects", "controls", "w:object", "o:OLEObject", "w:control", "p:oleObj", "p:control",
        "draw:object", "draw:object-ole",
    ]

    private static let commentMarks: Set<String> = [
        "w:commentRangeStart", "w:commentRangeEnd", "w:commentReference", "w:rsids", "w:attachedTemplate",
        "x15ac:absPath", "fileSharing", "w:docVars",
    ]

    static func ooxml(path: String) -> XMLRewriter {
        var r = XMLRewriter()
        r.drop = trackedChanges.union(commentMarks).union(embeddedObjectElements)
        r.unwrap = ["w:ins", "w:moveTo"]
        r.redactedAttributes = ["descr", "title", "tooltip", "w:tooltip"]
        r.dropAttribute = { name in
            name.hasPrefix("w:rsid") || name == "w:author" || name == "w:date" || name == "w:initials" || name == "w:dateUtc"
        }
        // c:pt/c:v: the cached labels and values of charts.
        if path.hasPrefix("xl/") {
            let headers: Set<String> = ["oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"]
            // f: formulas (their string literals); a formula cell's cached string result too.
            // definedName: its formula names sheets ('Sheet name'!$A$1).
            r.paragraphs = headers.union(["si", "is", "a:p", "c:pt", "f", "definedName"])
            r.textElements = headers.union(["t", "a:t", "c:v", "f", "definedName"])
            r.stringCellValues = true
            // Pivot caches keep every distinct value of their source; tables their column names.
            // Sheet names too (kept legal and distinct: XMLRewriter.sheetName).
            r.redactedAttributes.formUnion(["sheet@name", "s@v", "cacheField@name", "cacheField@caption", "item@n", "dataField@name",
                                            "pivotField@name", "tableColumn@name"])
        } else {
            r.paragraphs = ["w:p", "a:p", "c:pt"]
            r.textElements = ["w:t", "a:t", "w:instrText", "w:delText", "c:v"]
        }
        return r
    }

    static var odf: XMLRewriter { XMLRewriter(
        drop: ["office:annotation", "office:annotation-end", "text:tracked-changes", "text:change", "text:change-start",
               "text:change-end", "draw:object", "draw:object-ole"],
        unwrap: [],
        dropAttribute: { $0 == "officeooo:rsid" || $0 == "officeooo:paragraph-rsid" },
        paragraphs: ["text:p", "text:h"],
        textElements: nil,
        // Spreadsheet cells and formulas: a cell's value attributes and formula text.
        redactedAttributes: ["svg:title", "svg:desc", "draw:name", "xlink:href", "office:target-frame-name",
                             "office:string-value", "table:formula", "table:name"]
    ) }

    /// Relationship parts: link targets outside the document (mailto:, web pages) are redacted.
    static var relationships: XMLRewriter {
        XMLRewriter(redactedAttributes: ["Target"])
    }

    /// Comment and people parts: kept (other parts point at them) but emptied.
    private static func emptied(_ path: String, _ bytes: [UInt8]) -> [UInt8]? {
        let parts = ["word/comments", "word/people.xml", "ppt/comments/", "ppt/commentauthors.xml", "ppt/authors.xml",
                     "xl/threadedcomments/", "xl/persons/"]
        if path.hasPrefix("xl/comments") {
            return Array((xmlDecl + "<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<authors/><commentList/></comments>").utf8)
        }
        guard parts.contains(where: { path.hasPrefix($0) }) else { return nil }
        return emptyRoot(bytes)
    }

    /// The document's root element with its namespaces but no children.
    static func emptyRoot(_ bytes: [UInt8]) -> [UInt8] {
        var tokens = XMLTokenizer(bytes)
        while let token = tokens.next() {
            if case .start(let name, let raw, let selfClosing) = token {
                return Array(xmlDecl.utf8) + raw + (selfClosing ? [] : Array("</\(name)>".utf8))
            }
        }
        return Array(xmlDecl.utf8)
    }

    static let xmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let emptyCore = Array((xmlDecl + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"></cp:coreProperties>").utf8)
    static let emptyApp = Array((xmlDecl + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"/>").utf8)
    static let emptyCustom = Array((xmlDecl + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\"/>").utf8)

    /// meta.xml with nothing in office:meta, keeping the document's ODF version.
    static func odfMeta(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        var version = "1.2"
        if let r = text.range(of: "office:version=\"") {
            let rest = text[r.upperBound...]
            if let end = rest.firstIndex(of: "\""), rest.distance(from: rest.startIndex, to: end) < 8 {
                version = String(rest[..<end])
            }
        }
        return Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta "
            + "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
            + "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" office:version=\"\(version)\">"
            + "<office:meta/></office:document-meta>").utf8)
    }

    /// Drops relationship, content-type or manifest entries that point at removed
    /// members, and relationships to the template file (its path names the user).
    static func removeReferences(to dropped: Set<String>, in bytes: [UInt8]) -> [UInt8] {
        // A part is named by its full path, or relative to another part's folder
        // (`../embeddings/oleObject1.bin`); an ODF object by its folder (`Object 1/`).
        var forms = Set<String>()
        for path in dropped {
            forms.formUnion(["\"\(path)\"", "\"/\(path)\""])
            let parts = path.split(separator: "/")
            guard parts.count > 1 else { continue }
            if path.hasPrefix("Object ") || path.hasPrefix("ObjectReplacements/") {
                // ODF: the object's folder entry; never a bare member name (`content.xml`).
                forms.insert("\"\(parts[0])/\"")
            } else {
                let rest = parts.dropFirst().joined(separator: "/")
                forms.formUnion(["\"../\(rest)\"", "\"\(rest)\""])
            }
        }
        var tokens = XMLTokenizer(bytes)
        var out = [UInt8]()
        while let token = tokens.next() {
            switch token {
            case .start(let name, let raw, _) where ["Relationship", "Override", "manifest:file-entry"].contains(name):
                let tag = String(decoding: raw, as: UTF8.self)
                if forms.contains(where: { tag.contains($0) }) { continue }
                if name == "Relationship" && tag.contains("relationships/attachedTemplate\"") { continue }
                out += raw
            case .start(_, let raw, _), .end(_, let raw), .other(let raw), .text(let raw):
                out += raw
            case .comment:
                break
            }
        }
        return tokens.error == nil ? out : bytes
    }
}
