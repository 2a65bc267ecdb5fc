import Foundation
import Testing

/// Every format evault cleans, through the built binary: fixtures built here
/// (ffmpeg, exiftool, python3) carry a planted name, place, serial number, GPS
/// position and company; they are sealed, exported to a partner, unpacked by the
/// partner, and the partner's files are the same format, open in the standard
/// tools, decode to the same frames and samples, and `exiftool -a -G1 -ee -u`,
/// `mat2 --show`, `unzip -p` and a byte search find none of what was planted.
@Suite("exports: clean copies of every format, checked by standard tools")
struct ExportFormatsCLITests {
    static let name = "Zelimkhan Abdulkhadzhiev"
    static let planted = ExportCleanCLITests.planted
    static let gps = ["48.8566", "48 deg", "2.3522"]

    struct Fixture {
        let file: String
        /// Decoded frames and samples are compared (false for documents).
        let media: Bool
    }

    /// Runs a tool, expecting success.
    @discardableResult
    static func run(_ tool: String, _ args: [String], stdin: Data? = nil) throws -> CLIHarness.Result {
        let r = try CLIHarness.external(tool, args, stdin: stdin)
        #expect(r.status == 0, "\(tool) \(args.joined(separator: " ")): \(r.stderr)")
        return r
    }

    static func lower(_ data: Data) -> String { String(decoding: data, as: UTF8.self).lowercased() }

    /// Decoded frames and audio samples, without the header lines.
    static func frames(_ ffmpeg: String, _ path: String) throws -> String {
        let r = try CLIHarness.external(ffmpeg, ["-loglevel", "error", "-i", path, "-map", "0", "-f", "framemd5", "-"])
        return r.out.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
    }

    static func fileType(_ exiftool: String, _ path: String) throws -> String {
        try CLIHarness.external(exiftool, ["-s3", "-FileType", path]).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Seals `fixtures` (with the declared identities), exports them all to a
    /// partner, unpacks the bundle there; returns the partner's file for each
    /// fixture, and the export's standard error.
    static func exportAll(_ s: ExportCLITests.Sender, _ b: CLIHarness, _ fixtures: [Fixture]) throws -> ([String: String], String) {
        let people = try s.h.write("people-formats.txt", ExportCLITests.identities)
        let sealed = try s.h.ok(["seal"] + fixtures.map(\.file) + ["--identities", people, "--json"])
        let receipts = try #require(try JSONSerialization.jsonObject(with: sealed.stdout) as? [[String: Any]])
        var ids: [String: String] = [:]
        for r in receipts {
            if let id = r["id"] as? String, let name = r["name"] as? String { ids[name] = id }
        }
        let bundle = s.h.directory.appendingPathComponent("formats.age").path
        let out = try s.h.ok(["export"] + fixtures.compactMap { ids[URL(fileURLWithPath: $0.file).lastPathComponent] }
                             + ["--to", "ngo", "-o", bundle])
        let dir = b.directory.appendingPathComponent("formats").path
        try b.ok(["unpack", bundle, "-o", dir])
        var copies: [String: String] = [:]
        for f in fixtures {
            let base = URL(fileURLWithPath: f.file).lastPathComponent
            guard let id = ids[base] else {
                Issue.record("\(base) was not sealed")
                continue
            }
            copies[f.file] = dir + "/files/\(id)-clean.\(URL(fileURLWithPath: f.file).pathExtension)"
        }
        return (copies, out.stderr)
    }

    /// What every partner copy must satisfy, whatever its format.
    static func checkCommon(original: String, copy: String, exiftool: String, mat2: String?) throws {
        let base = URL(fileURLWithPath: original).lastPathComponent
        #expect(FileManager.default.fileExists(atPath: copy), "\(base) did not reach the partner as a clean copy")
        guard FileManager.default.fileExists(atPath: copy) else { return }
        let typeOfCopy = try fileType(exiftool, copy), typeOfOriginal = try fileType(exiftool, original)
        #expect(typeOfCopy == typeOfOriginal, "\(base) changed format")
        let exif = lower(try CLIHarness.external(exiftool, ["-a", "-G1", "-ee", "-u", copy]).stdout)
        for p in planted { #expect(!exif.contains(p), "exiftool -a -G1 -ee -u finds \(p) in \(base)") }
        for g in gps { #expect(!exif.contains(g), "exiftool finds GPS \(g) in \(base)") }
        let raw = lower(try Data(contentsOf: URL(fileURLWithPath: copy)))
        for p in planted { #expect(!raw.contains(p), "the bytes of \(base) still hold \(p)") }
        if let mat2 {
            let shown = try CLIHarness.external(mat2, ["--show", copy])
            for p in planted { #expect(!lower(shown.stdout).contains(p), "mat2 --show finds \(p) in \(base)") }
        }
    }

    @Test("PNG, WebP, GIF, TIFF, MP3, FLAC, Ogg, WAV, M4A and MOV: metadata gone, same decoded frames and samples")
    func media() throws {
        guard let ffmpeg = CLIHarness.tool("ffmpeg"), let exiftool = CLIHarness.tool("exiftool") else {
            try Skip.missingTool("ffmpeg or exiftool")
        }
        let mat2 = CLIHarness.tool("mat2")
        if mat2 == nil && Skip.isCI { try Skip.missingTool("mat2") }
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }

        let exif = ["-EXIF:Artist=\(Self.name)", "-EXIF:SerialNumber=SN-PLANTED-4242", "-EXIF:OwnerName=PlantedCorp",
                    "-GPSLatitude=48.8566", "-GPSLatitudeRef=N", "-GPSLongitude=2.3522", "-GPSLongitudeRef=E",
                    "-XMP-dc:Creator=\(Self.name)", "-XMP-dc:Description=grozny-secret-office"]
        let image = ["-f", "lavfi", "-i", "testsrc=size=32x24", "-frames:v", "1"]
        let audio = ["-f", "lavfi", "-i", "sine=frequency=440:duration=0.5"]
        let tags = ["-metadata", "artist=\(Self.name)", "-metadata", "comment=grozny-secret-office",
                    "-metadata", "title=SN-PLANTED-4242", "-metadata", "album=PlantedCorp"]
        let quicktime = ["-Keys:Author=\(Self.name)", "-Keys:GPSCoordinates=48.8566, 2.3522", "-UserData:GPSCoordinates=48.8566, 2.3522",
                         "-Keys:Model=SN-PLANTED-4242", "-XMP-dc:Creator=\(Self.name)"]
        let specs: [(String, [String], [String])] = [
            ("photo.png", image, exif + ["-PNG:Comment=grozny-secret-office"]),
            ("photo.webp", image + ["-c:v", "libwebp", "-lossless", "1"], exif),
            ("anim.gif", image, ["-XMP-dc:Creator=\(Self.name)", "-XMP-dc:Description=grozny-secret-office", "-Comment=SN-PLANTED-4242",
                                 "-XMP-exif:GPSLatitude=48.8566", "-XMP-exif:GPSLatitudeRef=N",
                                 "-XMP-exif:GPSLongitude=2.3522", "-XMP-exif:GPSLongitudeRef=E", "-XMP-tiff:Make=PlantedCorp"]),
            ("scan.tiff", image, exif + ["-IPTC:By-line=\(Self.name)"]),
            ("memo.mp3", audio + ["-c:a", "libmp3lame", "-id3v2_version", "3", "-write_id3v1", "1"] + tags, []),
            ("memo.flac", audio + ["-c:a", "flac"] + tags, []),
            ("memo.ogg", audio + ["-c:a", "libvorbis"] + tags, []),
            ("memo.wav", audio + ["-c:a", "pcm_s16le"] + tags, []),
            ("memo.m4a", audio + ["-c:a", "aac"] + tags, ["-ItemList:Artist=\(Self.name)", "-XMP-dc:Creator=\(Self.name)"]),
            ("clip.mov", ["-f", "lavfi", "-i", "testsrc=size=32x24:rate=10:duration=0.5", "-f", "lavfi", "-i", "sine=duration=0.5",
                          "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"] + tags, quicktime),
        ]
        var fixtures: [Fixture] = []
        for (file, make, plant) in specs {
            let path = s.h.directory.appendingPathComponent(file).path
            try Self.run(ffmpeg, ["-loglevel", "error", "-y"] + make + [path])
            if !plant.isEmpty { try Self.run(exiftool, ["-q", "-overwrite_original"] + plant + [path]) }
            let before = Self.lower(try CLIHarness.external(exiftool, ["-a", "-G1", "-ee", "-u", path]).stdout)
            #expect(before.contains("abdulkhadzhiev") || before.contains("sn-planted-4242"), "the \(file) fixture must carry what it plants")
            fixtures.append(Fixture(file: path, media: true))
        }
        let (copies, stderr) = try Self.exportAll(s, b, fixtures)
        #expect(stderr.contains("KEPT: H.264/H.265 SEI user data"), "the MOV's SEI must be reported as kept: \(stderr)")
        for f in fixtures {
            let copy = try #require(copies[f.file])
            try Self.checkCommon(original: f.file, copy: copy, exiftool: exiftool, mat2: mat2)
            guard FileManager.default.fileExists(atPath: copy) else { continue }
            let original = try Self.frames(ffmpeg, f.file)
            let cleaned = try Self.frames(ffmpeg, copy)
            #expect(!original.isEmpty && original == cleaned, "decoded frames of \(f.file) changed")
        }
    }

    // MARK: Office

    static let ct = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let core = ct + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>\(name)</dc:creator><cp:lastModifiedBy>\(name)</cp:lastModifiedBy>"
        + "<dc:title>grozny-secret-office</dc:title></cp:coreProperties>"
    static let app = ct + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Company>PlantedCorp</Company></Properties>"
    static func rootRels(_ main: String) -> String {
        ct + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"\(main)\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>"
    }
    static func types(_ overrides: [(String, String)]) -> String {
        ct + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Default Extension=\"bin\" ContentType=\"application/vnd.openxmlformats-officedocument.oleObject\"/>"
            + overrides.map { "<Override PartName=\"\($0.0)\" ContentType=\"\($0.1)\"/>" }.joined() + "</Types>"
    }
    static let ole = "base64:" + Data("OLE compound file of \(name), PlantedCorp, SN-PLANTED-4242".utf8).base64EncodedString()

    static var xlsx: [(String, String)] {
        let main = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        return [
            ("[Content_Types].xml", types([("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
                                           ("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
                                           ("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"),
                                           ("/xl/comments1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"),
                                           ("/xl/pivotCache/pivotCacheDefinition1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"),
                                           ("/xl/pivotCache/pivotCacheRecords1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml"),
                                           ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                                           ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")])),
            ("_rels/.rels", rootRels("xl/workbook.xml")),
            ("docProps/core.xml", core), ("docProps/app.xml", app),
            ("xl/workbook.xml", ct + "<workbook \(main)><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
                + "<pivotCaches><pivotCache cacheId=\"1\" r:id=\"rId3\"/></pivotCaches></workbook>"),
            ("xl/_rels/workbook.xml.rels", ct + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition\" Target=\"pivotCache/pivotCacheDefinition1.xml\"/>"
                + "</Relationships>"),
            ("xl/sharedStrings.xml", ct + "<sst \(main) count=\"2\" uniqueCount=\"2\"><si><r><t xml:space=\"preserve\">Zelimkhan Abdul</t></r>"
                + "<r><rPr><b/></rPr><t>khadzhiev</t></r></si><si><t>Total</t></si></sst>"),
            ("xl/worksheets/sheet1.xml", ct + "<worksheet \(main)><sheetData><row r=\"1\">"
                + "<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                + "<c r=\"C1\" t=\"str\"><f>CONCATENATE(\"Zelimkhan \",\"Abdulkhadzhiev\")</f><v>\(name)</v></c>"
                + "<c r=\"D1\" t=\"inlineStr\"><is><t>Abdulkhadzhiev</t></is></c><c r=\"E1\"><v>4242</v></c></row></sheetData>"
                + "<oleObjects><oleObject progId=\"Word.Document.12\" shapeId=\"1025\" r:id=\"rId1\"/></oleObjects></worksheet>"),
            ("xl/worksheets/_rels/sheet1.xml.rels", ct + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject\" Target=\"../embeddings/oleObject1.bin\"/>"
                + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"../comments1.xml\"/>"
                + "</Relationships>"),
            ("xl/comments1.xml", ct + "<comments \(main)><authors><author>\(name)</author></authors><commentList>"
                + "<comment ref=\"A1\" authorId=\"0\"><text><r><t>met at grozny-secret-office</t></r></text></comment></commentList></comments>"),
            ("xl/pivotCache/pivotCacheDefinition1.xml", ct + "<pivotCacheDefinition \(main) r:id=\"rId1\" recordCount=\"1\"><cacheSource type=\"worksheet\">"
                + "<worksheetSource ref=\"A1:A2\" sheet=\"Sheet1\"/></cacheSource><cacheFields count=\"1\"><cacheField name=\"Witness\" numFmtId=\"0\">"
                + "<sharedItems><s v=\"\(name)\"/><s v=\"Total\"/></sharedItems></cacheField></cacheFields></pivotCacheDefinition>"),
            ("xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels", ct + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheRecords\" Target=\"pivotCacheRecords1.xml\"/>"
                + "</Relationships>"),
            ("xl/pivotCache/pivotCacheRecords1.xml", ct + "<pivotCacheRecords \(main) count=\"1\"><r><s v=\"Abdulkhadzhiev\"/></r></pivotCacheRecords>"),
            ("xl/embeddings/oleObject1.bin", ole),
        ]
    }

    static var pptx: [(String, String)] {
        let ns = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        return [
            ("[Content_Types].xml", types([("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
                                           ("/ppt/slides/slide1.xml", "application/vnd.openxmlformats-officedocument.presentationml.slide+xml")])),
            ("_rels/.rels", rootRels("ppt/presentation.xml")),
            ("docProps/core.xml", core), ("docProps/app.xml", app),
            ("ppt/presentation.xml", ct + "<p:presentation \(ns)><p:sldIdLst><p:sldId id=\"256\" r:id=\"rId1\"/></p:sldIdLst></p:presentation>"),
            ("ppt/_rels/presentation.xml.rels", ct + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide\" Target=\"slides/slide1.xml\"/>"
                + "</Relationships>"),
            ("ppt/slides/slide1.xml", ct + "<p:sld \(ns)><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Zelimkhan Abdul</a:t></a:r>"
                + "<a:r><a:rPr b=\"1\"/><a:t>khadzhiev spoke at the hearing.</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"),
            ("ppt/notesSlides/notesSlide1.xml", ct + "<p:notes \(ns)><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r>"
                + "<a:t>Call Abdulkhadzhiev before.</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>"),
            ("ppt/commentAuthors.xml", ct + "<p:cmAuthorLst \(ns)><p:cmAuthor id=\"1\" name=\"\(name)\" initials=\"ZA\"/></p:cmAuthorLst>"),
            ("ppt/comments/comment1.xml", ct + "<p:cmLst \(ns)><p:cm authorId=\"1\"><p:text>grozny-secret-office</p:text></p:cm></p:cmLst>"),
            ("ppt/embeddings/oleObject1.bin", ole),
        ]
    }

    static var docx: [(String, String)] {
        let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        return [
            ("[Content_Types].xml", types([("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")])),
            ("_rels/.rels", rootRels("word/document.xml")),
            ("docProps/core.xml", core), ("docProps/app.xml", app),
            ("word/document.xml", ct + "<w:document \(w)><w:body><w:p><w:r><w:t xml:space=\"preserve\">Statement of Zelimkhan </w:t></w:r>"
                + "<w:r><w:rPr><w:i/></w:rPr><w:t>Abdul</w:t></w:r><w:r><w:t>khadzhiev, taken at noon.</w:t></w:r></w:p>"
                + "<w:p><w:r><w:object><o:OLEObject Type=\"Embed\" ProgID=\"Excel.Sheet.12\" r:id=\"rId7\"/></w:object></w:r></w:p></w:body></w:document>"),
            ("word/_rels/document.xml.rels", ct + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject\" Target=\"embeddings/oleObject1.bin\"/>"
                + "</Relationships>"),
            ("word/embeddings/oleObject1.bin", ole),
        ]
    }

    static let odfNS = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
        + "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "
        + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        + "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" office:version=\"1.3\""

    static func odf(_ mime: String, body: String) -> [(String, String)] {
        [
            ("mimetype", mime),
            ("META-INF/manifest.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"\(mime)\"/>"
                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                + "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
                + "<manifest:file-entry manifest:full-path=\"Object 1/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
                + "<manifest:file-entry manifest:full-path=\"Object 1/content.xml\" manifest:media-type=\"text/xml\"/>"
                + "</manifest:manifest>"),
            ("meta.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta \(odfNS)><office:meta>"
                + "<meta:initial-creator>\(name)</meta:initial-creator><dc:creator>\(name)</dc:creator><dc:description>PlantedCorp</dc:description>"
                + "</office:meta></office:document-meta>"),
            ("content.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \(odfNS)><office:body>\(body)"
                + "</office:body></office:document-content>"),
            ("Object 1/content.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \(odfNS)><office:body><office:spreadsheet>"
                + "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>\(name) SN-PLANTED-4242</text:p>"
                + "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"),
        ]
    }

    static var odt: [(String, String)] {
        odf("application/vnd.oasis.opendocument.text", body: "<office:text>"
            + "<text:p>Statement of Zelimkhan <text:span>Abdul</text:span>khadzhiev, taken at noon.</text:p>"
            + "<text:p><office:annotation><dc:creator>\(name)</dc:creator><text:p>grozny-secret-office</text:p></office:annotation>Plain text stays.</text:p>"
            + "<text:p><draw:frame><draw:object xlink:href=\"./Object 1\"/></draw:frame></text:p></office:text>")
    }

    static var ods: [(String, String)] {
        odf("application/vnd.oasis.opendocument.spreadsheet", body: "<office:spreadsheet><table:table table:name=\"Sheet1\"><table:table-row>"
            + "<table:table-cell office:value-type=\"string\" office:string-value=\"\(name)\"><text:p>Zelimkhan <text:span>Abdulkhadzhiev</text:span></text:p></table:table-cell>"
            + "<table:table-cell table:formula=\"of:=CONCATENATE(&quot;Zelimkhan &quot;;&quot;Abdulkhadzhiev&quot;)\" office:value-type=\"string\">"
            + "<text:p>\(name)</text:p></table:table-cell>"
            + "<table:table-cell office:value-type=\"string\"><text:p>Total</text:p></table:table-cell>"
            + "</table:table-row></table:table></office:spreadsheet>")
    }

    /// Writes zip members in order; `mimetype` stored, the rest deflated.
    static func writeZip(_ python: String, _ members: [(String, String)], to path: String) throws {
        let json = try JSONSerialization.data(withJSONObject: members.map { [$0.0, $0.1] })
        let script = """
        import base64, json, sys, zipfile
        members = json.load(sys.stdin)
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            for name, text in members:
                data = base64.b64decode(text[7:]) if text.startswith("base64:") else text
                z.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
        """
        try run(python, ["-c", script, path], stdin: json)
    }

    /// Every XML part parses; prints the member names.
    static let checkXML = """
    import sys, zipfile, xml.dom.minidom
    z = zipfile.ZipFile(sys.argv[1])
    assert z.testzip() is None
    for n in z.namelist():
        if n.endswith(".xml") or n.endswith(".rels"):
            xml.dom.minidom.parseString(z.read(n))
        print(n)
    """

    @Test("XLSX, PPTX, DOCX, ODT and ODS: properties, comments, pivot caches, formulas and embedded objects gone; names redacted across runs")
    func office() throws {
        guard let python = CLIHarness.tool("python3"), let unzip = CLIHarness.tool("unzip"), let exiftool = CLIHarness.tool("exiftool") else {
            try Skip.missingTool("python3, unzip or exiftool")
        }
        let mat2 = CLIHarness.tool("mat2")
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        // What must survive in each: ordinary words, numbers.
        let docs: [(String, [(String, String)], [String])] = [
            ("sheet.xlsx", Self.xlsx, ["total", "4242</v>", "[person]"]),
            ("slides.pptx", Self.pptx, ["spoke at the hearing."]),
            ("ole.docx", Self.docx, ["taken at noon."]),
            ("statement.odt", Self.odt, ["taken at noon.", "plain text stays."]),
            ("table.ods", Self.ods, ["total", "concatenate("]),
        ]
        var fixtures: [Fixture] = []
        for (file, members, _) in docs {
            let path = s.h.directory.appendingPathComponent(file).path
            try Self.writeZip(python, members, to: path)
            fixtures.append(Fixture(file: path, media: false))
        }
        let (copies, _) = try Self.exportAll(s, b, fixtures)
        for (i, (file, _, survives)) in docs.enumerated() {
            let original = fixtures[i].file
            let copy = try #require(copies[original])
            try Self.checkCommon(original: original, copy: copy, exiftool: exiftool, mat2: mat2)
            guard FileManager.default.fileExists(atPath: copy) else { continue }
            let listing = try Self.run(python, ["-c", Self.checkXML, copy]).out
            #expect(!listing.contains("embeddings/") && !listing.contains("Object 1/"), "\(file) keeps an embedded object: \(listing)")
            #expect(try CLIHarness.external(unzip, ["-t", copy]).status == 0)
            let everything = Self.lower(try CLIHarness.external(unzip, ["-p", copy]).stdout)
            for p in Self.planted { #expect(!everything.contains(p), "unzip -p finds \(p) in \(file)") }
            for word in survives { #expect(everything.contains(word), "\(file) lost \(word)") }
            // No relationship or manifest entry points at a removed part.
            #expect(!everything.contains("oleobject1.bin") && !everything.contains("\"object 1/\""), "\(file) points at a removed object")
        }
        // show names what went: embedded objects, comments, names in text.
        let list = try s.h.listJSON()
        let xlsxID = try #require(list.first { $0["name"] as? String == "sheet.xlsx" }?["id"] as? String)
        let shown = try s.h.ok(["show", xlsxID]).out
        #expect(shown.contains("embedded objects") && shown.contains("names in text"), "\(shown)")
    }

    @Test("seal - of a Word file, piped or redirected, gets its seal-time clean copy from standard input")
    func standardInput() throws {
        guard CLIHarness.tool("python3") != nil, let unzip = CLIHarness.tool("unzip"), let sh = CLIHarness.tool("sh") else {
            try Skip.missingTool("python3, unzip or sh")
        }
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let docx = try #require(try ExportCleanCLITests.plantedDOCX(s.h))
        let people = try s.h.write("people-stdin.txt", ExportCLITests.identities)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: docx))
        // A pipe: spooled, encrypted, then read twice.
        let piped = try s.h.ok(["seal", "-", "--name", "piped.docx", "--identities", people, "--json"], stdin: bytes)
        let pipedID = try #require((try JSONSerialization.jsonObject(with: piped.stdout) as? [[String: Any]])?.first?["id"] as? String)
        // A redirect: a regular file on standard input, read twice from where it started.
        let env = ["EVAULT_VAULT": s.h.vault, "EVAULT_KEYFILE": s.h.keyfile, "PATH": "/usr/bin:/bin", "HOME": s.h.directory.path]
        let redirected = try CLIHarness.external(sh, ["-c", "exec \"$0\" seal - --name redirected.docx --identities \"$1\" --json < \"$2\"",
                                                      CLIHarness.binary, people, docx], in: s.h.directory, environment: env)
        #expect(redirected.status == 0, "\(redirected.stderr)")
        let redirectedID = try #require((try JSONSerialization.jsonObject(with: redirected.stdout) as? [[String: Any]])?.first?["id"] as? String)
        for id in [pipedID, redirectedID] {
            let shown = try s.h.ok(["show", id]).out
            #expect(shown.contains("clean copy:") && shown.contains("name"), "\(shown)")
            #expect(try s.h.ok(["open", id, "-o", "-"]).stdout == bytes, "the original must be sealed as given")
        }
        let bundle = s.h.directory.appendingPathComponent("stdin.age").path
        try s.h.ok(["export", pipedID, redirectedID, "--to", "ngo", "-o", bundle])
        let dir = b.directory.appendingPathComponent("stdin").path
        try b.ok(["unpack", bundle, "-o", dir])
        for id in [pipedID, redirectedID] {
            let text = Self.lower(try CLIHarness.external(unzip, ["-p", dir + "/files/\(id)-clean.docx"]).stdout)
            #expect(text.contains("about the detention"), "\(id): \(text)")
            for p in Self.planted { #expect(!text.contains(p), "unzip -p finds \(p) in the copy of \(id)") }
        }
    }
}
