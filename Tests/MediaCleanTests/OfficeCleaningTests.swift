import Foundation
@testable import MediaClean
import XCTest

/// Office documents: properties, comments, tracked changes and people are gone, the
/// text names are replaced (even split over runs), the rest of the text is kept.
final class OfficeCleaningTests: XCTestCase {
    func testDOCX() throws {
        let (text, report) = try checkDocument("docx", OfficeFixtures.docx)
        XCTAssertTrue(text.contains("The inserted sentence stays."), "insertion not accepted")
        XCTAssertFalse(text.contains("safe house"), "deletion not accepted")
        XCTAssertTrue(text.contains("Statement of Person A"), text)
        XCTAssertTrue(text.contains("seen near the river"), text)
        XCTAssertTrue(text.contains("&amp; friends"), text)
        XCTAssertFalse(text.contains("rsid"), text)
        XCTAssertFalse(text.contains("thumbnail.jpeg"), "relationship to the dropped thumbnail kept")
        XCTAssertEqual(report.namesInText, 4) // two in text, the picture's alt text, the link
        XCTAssertTrue(text.contains("descr=\"Photo of Person A\""), text)
        for category in ["author", "comments", "tracked changes", "revision ids", "thumbnail"] {
            XCTAssertTrue(report.removed.contains(category), "\(category) missing from \(report.removed)")
        }
    }

    /// A photo inside a Word file loses its GPS and owner like a photo on its own.
    func testDOCXEmbeddedPhotoIsCleaned() throws {
        try Tools.require("ffmpeg", "exiftool")
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let photo = dir.appendingPathComponent("p.jpg")
        try Tools.check("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1", photo.path])
        try Tools.check("exiftool", ["-q", "-overwrite_original"] + ImageCleaningTests.exifPlant + [photo.path])
        let members = OfficeFixtures.docx + [("word/media/image1.jpeg", "base64:" + (try Data(contentsOf: photo)).base64EncodedString())]
        let (_, report) = try checkDocument("docx", members)
        XCTAssertTrue(report.removed.contains("embedded picture metadata"), "\(report.removed)")
        try Tools.check("unzip", ["-q", lastClean, "word/media/image1.jpeg", "-d", dir.path])
        let exif = try Tools.exiftool(dir.appendingPathComponent("word/media/image1.jpeg").path)
        Planted.assertAbsent(exif, "exiftool on the embedded photo")
        XCTAssertFalse(exif.contains("GPS"), exif)
    }

    func testXLSX() throws {
        let (text, report) = try checkDocument("xlsx", OfficeFixtures.xlsx)
        XCTAssertTrue(text.contains("Total"))
        XCTAssertTrue(text.contains("&amp;LInterview with Person A"), text)
        XCTAssertEqual(report.namesInText, 7)
        // Sheet names named after people are replaced, and stay distinct.
        let sheets = text.components(separatedBy: "<sheet name=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(sheets.count, 3, text)
        XCTAssertEqual(Set(sheets).count, 3, "\(sheets)")
        XCTAssertTrue(sheets.contains("Totals"))
    }

    func testRedactedSheetNamesStayLegalAndDistinct() {
        var taken: Set<String> = []
        XCTAssertEqual(XMLRewriter.sheetName("[person]", taken: &taken), "(person)")
        XCTAssertEqual(XMLRewriter.sheetName("[person]", taken: &taken), "(person) 2")
        XCTAssertEqual(XMLRewriter.sheetName("a:b*c?d/e\\f", taken: &taken), "a_b_c_d_e_f")
        XCTAssertLessThanOrEqual(XMLRewriter.sheetName(String(repeating: "x", count: 40), taken: &taken).count, 31)
    }

    func testPPTX() throws {
        let (text, _) = try checkDocument("pptx", OfficeFixtures.pptx)
        XCTAssertTrue(text.contains("Person A"), text)
    }

    func testODT() throws {
        let (text, report) = try checkDocument("odt", OfficeFixtures.odt)
        XCTAssertTrue(text.contains("Plain text stays."))
        XCTAssertTrue(text.contains("Statement of Person A"), text)
        XCTAssertTrue(report.removed.contains("tracked changes"), "\(report.removed)")
        let first = try Tools.check("python3", ["-c", "import zipfile,sys; i=zipfile.ZipFile(sys.argv[1]).infolist()[0]; print(i.filename, i.compress_type)",
                                                lastClean])
        XCTAssertEqual(first.trimmingCharacters(in: .whitespacesAndNewlines), "mimetype 0")
    }

    /// Spreadsheets and presentations share ODF's layout; the mimetype member names the kind.
    func testODSAndODP() throws {
        for (ext, kind) in [("ods", "spreadsheet"), ("odp", "presentation")] {
            let members = OfficeFixtures.odt.map { name, text in
                (name, text.replacingOccurrences(of: "opendocument.text", with: "opendocument.\(kind)"))
            }
            let (text, report) = try checkDocument(ext, members)
            XCTAssertTrue(text.contains("Statement of Person A"), text)
            XCTAssertEqual(report.namesInText, 1)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: lastClean)))
            XCTAssertEqual(MediaFormat.detect(prefix: Array(bytes.prefix(128)), fileName: nil)?.rawValue, ext)
        }
    }

    func testZipBombIsRefused() throws {
        try Tools.require("python3")
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bomb = dir.appendingPathComponent("bomb.docx")
        let script = """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", b"\\0" * (40 << 20))
        """
        XCTAssertEqual(try Tools.run("python3", ["-c", script, bomb.path]).status, 0)
        XCTAssertThrowsError(try Cleaning.clean(bomb, to: dir.appendingPathComponent("out.docx"))) { error in
            guard case MediaCleanError.tooLarge(let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("zip bomb"), why)
        }
    }

    private var lastClean = ""
    private var dirs = [URL]()

    override func tearDown() {
        for dir in dirs { try? FileManager.default.removeItem(at: dir) }
        super.tearDown()
    }

    /// Builds, cleans and checks a document; returns all of its clean XML text.
    func checkDocument(_ ext: String, _ members: [(String, String)]) throws -> (String, CleanReport) {
        try Tools.require("python3", "unzip", "exiftool", "mat2")
        let dir = try Tools.tempDir()
        dirs.append(dir)
        let original = dir.appendingPathComponent("original.\(ext)")
        let clean = dir.appendingPathComponent("clean.\(ext)")
        try OfficeFixtures.write(members, to: original)
        let report = try Cleaning.clean(original, to: clean, redactor: NameRedactor())
        lastClean = clean.path

        XCTAssertEqual(try Tools.run("unzip", ["-tq", clean.path]).status, 0, "unzip -t fails")
        let text = try Tools.check("unzip", ["-p", clean.path])
        Planted.assertAbsent(text, "unzip -p")
        Planted.assertAbsent(try Tools.exiftool(clean.path), "exiftool")
        Planted.assertAbsent(try Tools.run("mat2", ["--show", clean.path]).stdout, "mat2 --show")
        // Every XML member is still well-formed.
        let wellFormed = """
        import sys, zipfile, xml.dom.minidom
        z = zipfile.ZipFile(sys.argv[1])
        for n in z.namelist():
            if n.endswith(".xml") or n.endswith(".rels"):
                xml.dom.minidom.parseString(z.read(n))
        """
        let parsed = try Tools.run("python3", ["-c", wellFormed, clean.path])
        XCTAssertEqual(parsed.status, 0, parsed.stderr)
        return (text, report)
    }
}
