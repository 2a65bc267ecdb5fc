import Foundation
import Testing

/// Clean copies through the built binary: what the partner receives is the same
/// format, opens in the standard tools, and carries none of what was planted.
@Suite("exports send clean copies of photos and Office files")
struct ExportCleanCLITests {
    static let planted = ["zelimkhan", "abdulkhadzhiev", "sn-planted-4242", "plantedcorp", "grozny-secret-office"]

    /// A 64x48 JPEG with GPS, a camera serial, an artist and a comment planted by exiftool.
    static func plantedJPEG(_ h: CLIHarness) throws -> String? {
        guard let ffmpeg = CLIHarness.tool("ffmpeg"), let exiftool = CLIHarness.tool("exiftool") else { return nil }
        let path = h.directory.appendingPathComponent("photo.jpg").path
        let made = try CLIHarness.external(ffmpeg, ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", path])
        #expect(made.status == 0, "\(made.stderr)")
        let tagged = try CLIHarness.external(exiftool, [
            "-overwrite_original", "-GPSLatitude=48.8566", "-GPSLatitudeRef=N", "-GPSLongitude=2.3522", "-GPSLongitudeRef=E",
            "-SerialNumber=SN-PLANTED-4242", "-Artist=Zelimkhan Abdulkhadzhiev", "-Comment=grozny-secret-office",
            "-XMP-dc:Creator=Zelimkhan Abdulkhadzhiev", path])
        #expect(tagged.status == 0, "\(tagged.stderr)")
        return path
    }

    /// A minimal DOCX whose text, core and app properties and a comment name the source.
    static func plantedDOCX(_ h: CLIHarness, name: String = "statement.docx", bomb: Bool = false) throws -> String? {
        guard let python = CLIHarness.tool("python3") else { return nil }
        let path = h.directory.appendingPathComponent(name).path
        let script = """
        import sys, zipfile
        w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
        z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)
        z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
        z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>')
        body = '<w:p><w:r><w:t xml:space="preserve">Statement given by Zelimkhan </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Abdulkhadzhiev</w:t></w:r><w:r><w:t xml:space="preserve"> about the detention.</w:t></w:r></w:p>'
        if sys.argv[2] == 'bomb':
            body += '<w:p><w:r><w:t>' + ('A' * (300 * 1024 * 1024)) + '</w:t></w:r></w:p>'
        z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="' + w + '"><w:body>' + body + '</w:body></w:document>')
        z.writestr('docProps/core.xml', '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Zelimkhan Abdulkhadzhiev</dc:creator><cp:lastModifiedBy>Zelimkhan Abdulkhadzhiev</cp:lastModifiedBy><dc:title>grozny-secret-office</dc:title></cp:coreProperties>')
        z.writestr('docProps/app.xml', '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>PlantedCorp</Company></Properties>')
        z.close()
        """
        let r = try CLIHarness.external(python, ["-c", script, path, bomb ? "bomb" : "plain"])
        #expect(r.status == 0, "\(r.stderr)")
        return path
    }

    static func lowercased(_ data: Data) -> String { String(decoding: data, as: UTF8.self).lowercased() }

    @Test("a photo goes out as a clean JPEG: same pixels, no GPS, serial, artist or comment; --no-media leaves it out")
    func photo() throws {
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        guard let jpeg = try Self.plantedJPEG(s.h), let exiftool = CLIHarness.tool("exiftool"), let ffmpeg = CLIHarness.tool("ffmpeg") else {
            print("skipped: ffmpeg or exiftool is not installed (make deps installs them)")
            return
        }
        let before = try CLIHarness.external(exiftool, ["-a", "-G1", jpeg])
        #expect(Self.lowercased(before.stdout).contains("sn-planted-4242") && before.out.contains("GPS"), "the fixture must carry what it plants")
        let r = try s.h.ok(["seal", jpeg, "--json"])
        let id = try #require((try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]])?.first?["id"] as? String)

        let shown = try s.h.ok(["show", id]).out
        #expect(shown.contains("clean copy:") && shown.contains("NOT redacted"), "\(shown)")
        let showJSON = try ExportCLITests.json(try s.h.ok(["show", id, "--json"]).stdout)
        let clean = try #require(showJSON["clean"] as? [String: Any])
        #expect(clean["media"] as? Bool == true && clean["report"] != nil)
        #expect((showJSON["metadata"] as? [String: Any])?["commitment_salt"] == nil)

        let bundle = s.h.directory.appendingPathComponent("photo.age").path
        let out = try s.h.ok(["export", id, "--to", "ngo", "-o", bundle])
        #expect(out.stderr.contains("entry \(id): metadata removed; faces, voices and visible text were NOT redacted"), "\(out.stderr)")
        let dir = b.directory.appendingPathComponent("photo").path
        try b.ok(["unpack", bundle, "-o", dir])
        let file = dir + "/files/\(id)-clean.jpg"
        let exif = try CLIHarness.external(exiftool, ["-a", "-G1", "-u", file])
        #expect(exif.status == 0)
        for p in Self.planted { #expect(!Self.lowercased(exif.stdout).contains(p), "exiftool finds \(p) in the partner's photo") }
        #expect(!exif.out.contains("GPS"), "\(exif.out)")
        let raw = Self.lowercased(try Data(contentsOf: URL(fileURLWithPath: file)))
        for p in Self.planted { #expect(!raw.contains(p), "\(p) is in the partner's photo bytes") }
        if let mat2 = CLIHarness.tool("mat2") {
            let shownByMat2 = try CLIHarness.external(mat2, ["--show", file])
            for p in Self.planted { #expect(!Self.lowercased(shownByMat2.stdout).contains(p)) }
        }
        // Same pixels: the decoded frames are identical.
        func frames(_ path: String) throws -> String {
            let r = try CLIHarness.external(ffmpeg, ["-loglevel", "error", "-i", path, "-f", "framemd5", "-"])
            return r.out.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        }
        #expect(try frames(jpeg) == frames(file) && !(try frames(file)).isEmpty)
        // open --clean writes the same copy; --no-media leaves the photo out.
        let opened = s.h.directory.appendingPathComponent("opened.jpg").path
        try s.h.ok(["open", id, "--clean", "-o", opened])
        #expect(try Data(contentsOf: URL(fileURLWithPath: opened)) == Data(contentsOf: URL(fileURLWithPath: file)))
        let none = try s.h.ok(["export", id, s.noteID, "--to", "ngo", "--no-media", "-o", s.h.directory.appendingPathComponent("nomedia.age").path])
        #expect(none.stderr.contains("entry \(id) left out") && !none.out.contains(id))
    }

    @Test("a Word file is cleaned and redacted when sealed; the partner's copy opens and unzip + grep find nothing planted")
    func word() throws {
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        guard let docx = try Self.plantedDOCX(s.h), let unzip = CLIHarness.tool("unzip") else {
            print("skipped: python3 or unzip is not installed (make deps installs them)")
            return
        }
        let people = try s.h.write("people.txt", ExportCLITests.identities)
        let r = try s.h.ok(["seal", docx, "--identities", people, "--json"])
        let id = try #require((try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]])?.first?["id"] as? String)
        let shown = try s.h.ok(["show", id]).out
        #expect(shown.contains("clean copy:") && shown.contains("name"), "\(shown)")
        #expect(!shown.contains("NOT redacted"))

        let bundle = s.h.directory.appendingPathComponent("word.age").path
        try s.h.ok(["export", id, "--to", "ngo", "-o", bundle])
        let dir = b.directory.appendingPathComponent("word").path
        try b.ok(["unpack", bundle, "-o", dir])
        let file = dir + "/files/\(id)-clean.docx"
        let test = try CLIHarness.external(unzip, ["-t", file])
        #expect(test.status == 0, "unzip -t: \(test.out)")
        let all = try CLIHarness.external(unzip, ["-p", file])
        let text = Self.lowercased(all.stdout)
        let body = Self.lowercased(try CLIHarness.external(unzip, ["-p", file, "word/document.xml"]).stdout)
            .replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        #expect(body.contains("statement given by [person] about the detention."), "the text must survive: \(body)")
        for p in Self.planted { #expect(!text.contains(p), "unzip -p finds \(p) in the partner's document") }
        if let exiftool = CLIHarness.tool("exiftool") {
            let exif = Self.lowercased(try CLIHarness.external(exiftool, ["-a", "-G1", file]).stdout)
            for p in Self.planted { #expect(!exif.contains(p), "exiftool finds \(p)") }
        }
        // The original stays sealed, untouched.
        #expect(try s.h.ok(["open", id, "-o", "-"]).stdout == Data(contentsOf: URL(fileURLWithPath: docx)))
    }

    @Test("a zip bomb dressed as a DOCX is sealed as evidence but left out of exports with one line naming why")
    func zipBomb() throws {
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        _ = try ExportCLITests.partner("ngo", of: s.h)
        guard let bomb = try Self.plantedDOCX(s.h, name: "bomb.docx", bomb: true) else {
            print("skipped: python3 is not installed")
            return
        }
        let size = (try FileManager.default.attributesOfItem(atPath: bomb)[.size] as? Int) ?? 0
        #expect(size < 2 << 20, "the bomb must be small on disk")
        let r = try s.h.ok(["seal", bomb, "--json"])
        let id = try #require((try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]])?.first?["id"] as? String)
        let out = try s.h.ok(["export", id, s.noteID, "--to", "ngo", "-o", s.h.directory.appendingPathComponent("bomb.age").path])
        #expect(out.stderr.contains("entry \(id) left out: it could not be cleaned"), "\(out.stderr)")
        try s.h.ok(["verify"])
    }

    static let pdfSource = """
    %PDF-1.7
    1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
    2 0 obj << /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >> endobj
    3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >> endobj
    4 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
    5 0 obj << >> stream
    BT /F1 12 Tf 20 150 Td (Statement of Zelimkhan Abdulkhadzhiev.) Tj 0 -20 Td (Seen near the river.) Tj ET
    endstream endobj
    6 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >> endobj
    7 0 obj << >> stream
    BT /F1 12 Tf 20 150 Td (Page two has no names.) Tj ET
    endstream endobj
    8 0 obj << /Author (Zelimkhan Abdulkhadzhiev) /Title (grozny-secret-office) /Creator (SN-PLANTED-4242) >> endobj
    trailer << /Size 9 /Root 1 0 R /Info 8 0 R >>
    %%EOF
    """

    @Test("a PDF is cleaned and redacted when sealed: pdftotext and exiftool find nothing planted; an encrypted PDF is left out")
    func pdf() throws {
        guard let qpdf = CLIHarness.tool("qpdf"), let pdftotext = CLIHarness.tool("pdftotext"), let exiftool = CLIHarness.tool("exiftool") else {
            print("skipped: qpdf, pdftotext or exiftool is not installed (make deps installs them)")
            return
        }
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let raw = try s.h.write("raw.pdf", Self.pdfSource)
        let pdf = s.h.directory.appendingPathComponent("report.pdf").path
        let fixed = try CLIHarness.external(qpdf, [raw, pdf])
        #expect([0, 3].contains(fixed.status), "\(fixed.stderr)")
        #expect(try CLIHarness.external(pdftotext, [pdf, "-"]).out.contains("Zelimkhan Abdulkhadzhiev"))
        let locked = s.h.directory.appendingPathComponent("locked.pdf").path
        #expect(try CLIHarness.external(qpdf, ["--encrypt", "user", "owner", "256", "--", pdf, locked]).status == 0)

        let people = try s.h.write("people.txt", ExportCLITests.identities)
        let r = try s.h.ok(["seal", pdf, locked, "--identities", people, "--json"])
        let ids = try #require((try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]])?.compactMap { $0["id"] as? String })
        #expect(ids.count == 2)
        let shown = try s.h.ok(["show", ids[0]]).out
        #expect(shown.contains("clean copy:") && shown.contains("page"), "\(shown)")

        let bundle = s.h.directory.appendingPathComponent("pdf.age").path
        let out = try s.h.ok(["export", ids[0], ids[1], "--to", "ngo", "-o", bundle])
        #expect(out.stderr.contains("entry \(ids[1]) left out") && out.stderr.contains("encrypted PDF"), "\(out.stderr)")
        let dir = b.directory.appendingPathComponent("pdf").path
        try b.ok(["unpack", bundle, "-o", dir])
        let file = dir + "/files/\(ids[0])-clean.pdf"
        let text = Self.lowercased(try CLIHarness.external(pdftotext, [file, "-"]).stdout)
        #expect(text.contains("page two has no names."), "page 2 keeps its text: \(text)")
        for p in Self.planted { #expect(!text.contains(p), "pdftotext finds \(p)") }
        let exif = Self.lowercased(try CLIHarness.external(exiftool, ["-a", "-G1", file]).stdout)
        for p in Self.planted { #expect(!exif.contains(p), "exiftool finds \(p)") }
        let expanded = Self.lowercased(try CLIHarness.external(qpdf, ["--qdf", "--object-streams=disable", file, "-"]).stdout)
        for p in Self.planted { #expect(!expanded.contains(p), "qpdf --qdf finds \(p)") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/files/\(ids[1])-original.pdf"))
    }

    @Test("a video goes out as a clean MP4: same decoded frames and audio, no artist, comment or GPS; open --clean writes the same bytes")
    func video() throws {
        guard let ffmpeg = CLIHarness.tool("ffmpeg"), let exiftool = CLIHarness.tool("exiftool") else {
            print("skipped: ffmpeg or exiftool is not installed (make deps installs them)")
            return
        }
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let mp4 = s.h.directory.appendingPathComponent("clip.mp4").path
        let made = try CLIHarness.external(ffmpeg, [
            "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:duration=1:rate=10", "-f", "lavfi", "-i", "sine=duration=1",
            "-c:v", "mpeg4", "-c:a", "aac", "-metadata", "artist=Zelimkhan Abdulkhadzhiev", "-metadata", "comment=grozny-secret-office",
            "-metadata", "location=+48.8566+002.3522/", "-movflags", "use_metadata_tags", mp4])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(Self.lowercased(try CLIHarness.external(exiftool, ["-a", "-G1", mp4]).stdout).contains("abdulkhadzhiev"))
        let r = try s.h.ok(["seal", mp4, "--json"])
        let id = try #require((try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]])?.first?["id"] as? String)
        let bundle = s.h.directory.appendingPathComponent("clip.age").path
        let out = try s.h.ok(["export", id, "--to", "ngo", "-o", bundle])
        #expect(out.stderr.contains("entry \(id): metadata removed; faces, voices and visible text were NOT redacted"), "\(out.stderr)")
        let dir = b.directory.appendingPathComponent("clip").path
        try b.ok(["unpack", bundle, "-o", dir])
        let file = dir + "/files/\(id)-clean.mp4"
        let exif = Self.lowercased(try CLIHarness.external(exiftool, ["-a", "-G1", "-ee", file]).stdout)
        for p in Self.planted { #expect(!exif.contains(p), "exiftool finds \(p) in the partner's video") }
        #expect(!exif.contains("48.8566") && !exif.contains("48 deg"), "GPS survived")
        let raw = Self.lowercased(try Data(contentsOf: URL(fileURLWithPath: file)))
        for p in Self.planted { #expect(!raw.contains(p), "\(p) is in the partner's video bytes") }
        func frames(_ path: String) throws -> String {
            let r = try CLIHarness.external(ffmpeg, ["-loglevel", "error", "-i", path, "-map", "0", "-c", "copy", "-f", "framemd5", "-"])
            return r.out.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        }
        let original = try frames(mp4)
        let cleaned = try frames(file)
        #expect(!original.isEmpty && original == cleaned, "the streams must be untouched")
        let opened = s.h.directory.appendingPathComponent("opened.mp4").path
        try s.h.ok(["open", id, "--clean", "-o", opened])
        #expect(try Data(contentsOf: URL(fileURLWithPath: opened)) == Data(contentsOf: URL(fileURLWithPath: file)))
    }
}
