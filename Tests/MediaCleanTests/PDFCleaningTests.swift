import Foundation
import MediaClean
import XCTest

/// PDF: properties, XMP, annotations, attachments and JavaScript are gone; a page
/// naming a declared identity is rebuilt as an image with the name covered, and
/// pages without names keep their text.
final class PDFCleaningTests: XCTestCase {
    static let source = """
    %PDF-1.7
    1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R
      /Names << /JavaScript << /Names [(run) 6 0 R] >> /EmbeddedFiles << /Names [(note.txt) 7 0 R] >> >> >> endobj
    2 0 obj << /Type /Pages /Kids [3 0 R 8 0 R] /Count 2 >> endobj
    3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >>
      /Contents 5 0 R /Annots [9 0 R] >> endobj
    4 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
    5 0 obj << >> stream
    BT /F1 12 Tf 20 150 Td (Statement of Amira Haddad.) Tj 0 -20 Td (Seen near the river.) Tj ET
    endstream endobj
    6 0 obj << /S /JavaScript /JS (app.alert\\('Amira Haddad'\\)) >> endobj
    7 0 obj << /Type /Filespec /F (note.txt) /EF << /F 10 0 R >> >> endobj
    8 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 11 0 R >> endobj
    9 0 obj << /Type /Annot /Subtype /Text /Rect [10 10 30 30] /T (Jonas Brenner) /Contents (Ask Amira Haddad in Kharkiv) >> endobj
    10 0 obj << /Type /EmbeddedFile >> stream
    Amira Haddad lives in Kharkiv
    endstream endobj
    11 0 obj << >> stream
    BT /F1 12 Tf 20 150 Td (Page two has no names.) Tj ET
    endstream endobj
    12 0 obj << /Author (Amira Haddad) /Title (Kharkiv) /Creator (SN4471829XQ) >> endobj
    trailer << /Size 13 /Root 1 0 R /Info 12 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>
    %%EOF
    """

    static func makeFixture(in dir: URL, page: String? = nil) throws -> URL {
        let raw = dir.appendingPathComponent("raw.pdf"), pdf = dir.appendingPathComponent("original.pdf")
        var source = Self.source
        if let page {
            source = source.replacingOccurrences(
                of: "BT /F1 12 Tf 20 150 Td (Statement of Amira Haddad.) Tj 0 -20 Td (Seen near the river.) Tj ET", with: page)
        }
        try Data(source.utf8).write(to: raw)
        // qpdf rebuilds the cross-reference table (exit 3: recovered with warnings).
        let fixed = try Tools.run("qpdf", [raw.path, pdf.path])
        XCTAssertTrue([0, 3].contains(fixed.status), fixed.stderr)
        try Tools.check("exiftool", ["-q", "-overwrite_original", "-XMP-dc:Creator=\(Planted.name)", "-XMP-pdf:Keywords=Kharkiv", pdf.path])
        return pdf
    }

    func testPDF() throws {
        try Tools.require("qpdf", "pdftotext", "pdftoppm", "exiftool", "mat2")
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try Self.makeFixture(in: dir)
        XCTAssertTrue(try Tools.check("pdftotext", [original.path, "-"]).contains("Amira Haddad"))
        let clean = dir.appendingPathComponent("clean.pdf")

        let report = try Cleaning.clean(original, to: clean, redactor: NameRedactor())

        XCTAssertEqual(report.rasterisedPages, [1])
        XCTAssertEqual(report.namesInText, 1)
        for category in ["document properties", "XMP metadata", "annotations", "embedded files", "JavaScript"] {
            XCTAssertTrue(report.removed.contains(category), "\(category) missing from \(report.removed)")
        }
        let check = try Tools.run("qpdf", ["--check", clean.path])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        let text = try Tools.check("pdftotext", [clean.path, "-"])
        Planted.assertAbsent(text, "pdftotext")
        XCTAssertTrue(text.contains("Page two has no names."), "page 2 lost its text: \(text)")
        Planted.assertAbsent(try Tools.exiftool(clean.path), "exiftool")
        Planted.assertAbsent(try Tools.run("mat2", ["--show", clean.path]).stdout, "mat2 --show")
        // Every object decompressed: no planted string anywhere in the file.
        let expanded = try Tools.run("qpdf", ["--qdf", "--object-streams=disable", clean.path, "-"])
        Planted.assertAbsent(expanded.stdout, "qpdf --qdf")
        XCTAssertFalse(expanded.stdout.contains("0123456789abcdef"), "original /ID kept")
        XCTAssertFalse(expanded.stdout.contains("/JavaScript"))
    }

    /// A name broken over two lines is found on the whole page and both words covered.
    func testNameAcrossLines() throws {
        try Tools.require("qpdf", "pdftotext", "pdftoppm", "exiftool")
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try Self.makeFixture(in: dir, page: "BT /F1 12 Tf 20 150 Td (Statement of Amira) Tj 0 -20 Td (Haddad, at the river.) Tj ET")
        let clean = dir.appendingPathComponent("clean.pdf")
        let report = try Cleaning.clean(original, to: clean, redactor: WhitespaceNameRedactor())
        XCTAssertEqual(report.rasterisedPages, [1])
        let text = try Tools.check("pdftotext", [clean.path, "-"])
        XCTAssertFalse(text.contains("Amira") || text.contains("Haddad"), text)
    }

    func testEncryptedPDFIsRefused() throws {
        try Tools.require("qpdf", "exiftool")
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try Self.makeFixture(in: dir)
        let locked = dir.appendingPathComponent("locked.pdf")
        try Tools.check("qpdf", ["--encrypt", "user", "owner", "256", "--", original.path, locked.path])
        XCTAssertThrowsError(try Cleaning.clean(locked, to: dir.appendingPathComponent("out.pdf"))) { error in
            XCTAssertEqual(error as? MediaCleanError, .encryptedPDF)
        }
    }

    func testTruncatedPDFIsMalformedOrCleaned() throws {
        let bytes = Array(Self.source.utf8.prefix(400))
        do {
            _ = try Cleaning.clean(bytes, .pdf)
        } catch let error as MediaCleanError {
            if case .malformed = error { return }
            XCTFail("\(error)")
        }
    }
}

/// Matches the full name with any whitespace between its parts, as a real redactor does.
struct WhitespaceNameRedactor: TextRedactor {
    func redact(_ text: String) -> RedactedText {
        var out = text
        var count = 0
        for separator in [" ", "\n"] {
            while let range = out.range(of: "Amira" + separator + "Haddad") {
                out.replaceSubrange(range, with: "Person A")
                count += 1
            }
        }
        return RedactedText(text: out, replacements: count)
    }
}
