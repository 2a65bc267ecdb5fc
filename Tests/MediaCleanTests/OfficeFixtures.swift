import Foundation
import XCTest

/// Builds small Office documents with python's zipfile, carrying planted names in
/// properties, comments, tracked changes, and text split across runs.
enum OfficeFixtures {
    static let ct = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

    static var core: String {
        ct + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>Amira Haddad</dc:creator>"
            + "<cp:lastModifiedBy>Jonas Brenner</cp:lastModifiedBy><dc:title>Kharkiv notes</dc:title></cp:coreProperties>"
    }
    static let app = ct + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        + "<Company>Kharkiv Herald</Company><Manager>Jonas Brenner</Manager></Properties>"
    static let rootRels = ct + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail\" Target=\"docProps/thumbnail.jpeg\"/>"
        + "</Relationships>"

    static var docx: [(String, String)] {
        [
            ("[Content_Types].xml", ct + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                + "</Types>"),
            ("_rels/.rels", rootRels),
            ("docProps/core.xml", core),
            ("docProps/app.xml", app),
            ("docProps/thumbnail.jpeg", "thumbnail of Amira Haddad"),
            ("word/document.xml", ct + "<w:document \(w)><w:body>"
                + "<w:p w:rsidR=\"00A1B2C3\" w:rsidRDefault=\"00D4E5F6\"><w:r><w:t>Statement of Ami</w:t></w:r>"
                + "<w:r><w:rPr><w:b/></w:rPr><w:t>ra Had</w:t></w:r><w:r><w:t xml:space=\"preserve\">dad, seen near the river.</w:t></w:r></w:p>"
                + "<w:p><w:commentRangeStart w:id=\"0\"/><w:ins w:id=\"1\" w:author=\"Jonas Brenner\" w:date=\"2026-01-02T10:00:00Z\">"
                + "<w:r><w:t>The inserted sentence stays.</w:t></w:r></w:ins>"
                + "<w:del w:id=\"2\" w:author=\"Jonas Brenner\" w:date=\"2026-01-02T10:00:00Z\"><w:r><w:delText>Kharkiv safe house</w:delText></w:r></w:del>"
                + "<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r></w:p>"
                + "<w:p><w:r><w:t>Contact Jonas Brenner &amp; friends.</w:t></w:r></w:p>"
                + "<w:p><w:r><w:drawing><wp:docPr xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
                + "id=\"1\" name=\"Picture 1\" descr=\"Photo of Amira Haddad\"/></w:drawing></w:r></w:p>"
                + "</w:body></w:document>"),
            ("word/comments.xml", ct + "<w:comments \(w)><w:comment w:id=\"0\" w:author=\"Jonas Brenner\" w:initials=\"JB\">"
                + "<w:p><w:r><w:t>Ask Amira Haddad about Kharkiv</w:t></w:r></w:p></w:comment></w:comments>"),
            ("word/_rels/document.xml.rels", ct + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" "
                + "Target=\"https://example.org/profile/Amira Haddad\" TargetMode=\"External\"/></Relationships>"),
            ("customXml/item1.xml", ct + "<root><reporter>Amira Haddad</reporter></root>"),
            ("word/people.xml", ct + "<w15:people xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\">"
                + "<w15:person w15:author=\"Jonas Brenner\"/></w15:people>"),
            ("word/settings.xml", ct + "<w:settings \(w)><w:rsids><w:rsidRoot w:val=\"00A1B2C3\"/></w:rsids>"
                + "<w:attachedTemplate r:id=\"rId1\"/></w:settings>"),
        ]
    }

    static var xlsx: [(String, String)] {
        [
            ("[Content_Types].xml", ct + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", rootRels),
            ("docProps/core.xml", core),
            ("xl/workbook.xml", ct + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<fileSharing userName=\"Amira Haddad\"/><sheets><sheet name=\"Amira Haddad\" sheetId=\"1\"/><sheet name=\"Jonas Brenner\" sheetId=\"2\"/>"
                + "<sheet name=\"Totals\" sheetId=\"3\"/></sheets><definedNames><definedName name=\"Witness\">'Amira Haddad'!$A$1</definedName></definedNames><x15ac:absPath xmlns:x15ac=\"http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac\" url=\"C:\\Users\\Haddad\\\"/></workbook>"),
            ("xl/sharedStrings.xml", ct + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<si><t>Amira Haddad</t></si><si><r><t>Jonas </t></r><r><t>Brenner</t></r></si><si><t>Total</t></si></sst>"),
            ("xl/worksheets/sheet1.xml", ct + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<headerFooter><oddHeader>&amp;LInterview with Amira Haddad</oddHeader></headerFooter></worksheet>"),
            ("xl/charts/chart1.xml", ct + "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">"
                + "<c:strCache><c:pt idx=\"0\"><c:v>Amira Haddad</c:v></c:pt></c:strCache></c:chartSpace>"),
            ("xl/comments1.xml", ct + "<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<authors><author>Jonas Brenner</author></authors><commentList/></comments>"),
        ]
    }

    static var pptx: [(String, String)] {
        let a = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\""
        return [
            ("[Content_Types].xml", ct + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", rootRels),
            ("docProps/core.xml", core),
            ("ppt/slides/slide1.xml", ct + "<p:sld \(a)><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Amira </a:t></a:r>"
                + "<a:r><a:t>Haddad spoke.</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"),
            ("ppt/commentAuthors.xml", ct + "<p:cmAuthorLst \(a)><p:cmAuthor id=\"1\" name=\"Jonas Brenner\" initials=\"JB\"/></p:cmAuthorLst>"),
        ]
    }

    static var odt: [(String, String)] {
        let ns = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" office:version=\"1.3\""
        return [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("META-INF/manifest.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                + "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
                + "<manifest:file-entry manifest:full-path=\"Thumbnails/thumbnail.png\" manifest:media-type=\"image/png\"/>"
                + "</manifest:manifest>"),
            ("meta.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta \(ns)><office:meta>"
                + "<meta:initial-creator>Amira Haddad</meta:initial-creator><dc:creator>Jonas Brenner</dc:creator>"
                + "</office:meta></office:document-meta>"),
            ("content.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \(ns)><office:body><office:text>"
                + "<text:tracked-changes><text:changed-region text:id=\"ct1\"><text:deletion><office:change-info>"
                + "<dc:creator>Jonas Brenner</dc:creator><dc:date>2026-01-02T10:00:00</dc:date></office:change-info>"
                + "<text:p>Kharkiv safe house</text:p></text:deletion></text:changed-region></text:tracked-changes>"
                + "<text:p>Statement of Amira <text:span>Had</text:span>dad.<text:change text:change-id=\"ct1\"/></text:p>"
                + "<text:p><office:annotation><dc:creator>Jonas Brenner</dc:creator><text:p>Ask about Kharkiv</text:p></office:annotation>Plain text stays.</text:p>"
                + "</office:text></office:body></office:document-content>"),
            ("Thumbnails/thumbnail.png", "png of Amira Haddad"),
        ]
    }

    /// Writes the members in order; `mimetype` stored, the rest deflated.
    static func write(_ members: [(String, String)], to url: URL) throws {
        let json = try JSONSerialization.data(withJSONObject: members.map { [$0.0, $0.1] })
        let script = """
        import base64, json, sys, zipfile
        members = json.load(sys.stdin)
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            for name, text in members:
                data = base64.b64decode(text[7:]) if text.startswith("base64:") else text
                z.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
        """
        let r = try Tools.run("python3", ["-c", script, url.path], input: json)
        XCTAssertEqual(r.status, 0, r.stderr)
    }
}
