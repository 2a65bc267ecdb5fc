import Foundation
import MediaClean
import XCTest

/// Photos: planted GPS, serial, owner, author and comments are gone according to
/// exiftool and mat2; the copy is the same format and decodes to the same pixels.
final class ImageCleaningTests: XCTestCase {
    static let exifPlant = [
        "-GPSLatitude=48.8566", "-GPSLatitudeRef=N", "-GPSLongitude=2.3522", "-GPSLongitudeRef=E",
        "-SerialNumber=\(Planted.serial)", "-OwnerName=\(Planted.name)", "-Artist=\(Planted.name)",
        "-Copyright=\(Planted.name)", "-ImageDescription=Kharkiv checkpoint", "-Make=Canon", "-Model=EOS Kharkiv",
        "-XMP-dc:Creator=\(Planted.name)", "-XMP-dc:Description=Kharkiv",
    ]

    func testJPEG() throws {
        let report = try checkImage(ext: "jpg", plant: Self.exifPlant + [
            "-Comment=Amira Haddad took this", "-IPTC:By-line=\(Planted.name)", "-IPTC:City=Kharkiv", "-Orientation#=6",
        ])
        XCTAssertTrue(report.removed.contains("GPS position"), "\(report.removed)")
        XCTAssertTrue(report.removed.contains("camera serial"))
        XCTAssertTrue(report.removed.contains("owner name"))
        XCTAssertTrue(report.removed.contains("IPTC metadata"))
    }

    func testJPEGKeepsOrientationOnly() throws {
        try Tools.require("ffmpeg", "exiftool")
        let dir = try Tools.tempDir()
        let original = dir.appendingPathComponent("o.jpg"), clean = dir.appendingPathComponent("c.jpg")
        try Tools.check("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", original.path])
        try Tools.check("exiftool", ["-q", "-overwrite_original", "-Orientation#=6", "-Artist=\(Planted.name)", original.path])
        _ = try Cleaning.clean(original, to: clean)
        let tags = try Tools.check("exiftool", ["-s", "-Orientation#", "-Artist", clean.path])
        XCTAssertTrue(tags.contains("Orientation                     : 6"), tags)
        XCTAssertFalse(tags.contains("Artist"), tags)
    }

    /// A profile made for someone's monitor goes; a standard colour space stays.
    func testColourProfiles() throws {
        try Tools.require("ffmpeg", "exiftool", "python3")
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (description, kept, ext) in [("Amira Haddad studio monitor", false, "jpg"), ("sRGB IEC61966-2.1", true, "jpg"),
                                          ("Amira Haddad studio monitor", false, "png"), ("sRGB IEC61966-2.1", true, "png")] {
            let icc = dir.appendingPathComponent("p.icc")
            let script = """
            import struct, sys
            text = sys.argv[2].encode() + b"\\0"
            desc = b"desc" + b"\\0" * 4 + struct.pack(">I", len(text)) + text + b"\\0" * 79
            header = bytearray(128)
            header[8:12] = bytes([2, 0x10, 0, 0]); header[12:16] = b"mntr"; header[16:20] = b"RGB "
            header[20:24] = b"XYZ "; header[36:40] = b"acsp"
            body = struct.pack(">I", 1) + b"desc" + struct.pack(">II", 144, len(desc)) + desc
            header[0:4] = struct.pack(">I", 128 + len(body))
            open(sys.argv[1], "wb").write(bytes(header) + body)
            """
            XCTAssertEqual(try Tools.run("python3", ["-c", script, icc.path, description]).status, 0)
            let original = dir.appendingPathComponent("o-\(kept).\(ext)"), clean = dir.appendingPathComponent("c-\(kept).\(ext)")
            try Tools.check("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1", original.path])
            try Tools.check("exiftool", ["-q", "-overwrite_original", "-ICC_Profile<=\(icc.path)", original.path])
            XCTAssertTrue(try Tools.exiftool(original.path).contains(description))
            let report = try Cleaning.clean(original, to: clean)
            XCTAssertEqual(try Tools.exiftool(clean.path).contains(description), kept, description)
            XCTAssertEqual(report.removed.contains("custom colour profile"), !kept, "\(report.removed)")
        }
    }

    func testPNG() throws {
        let report = try checkImage(ext: "png", plant: Self.exifPlant + [
            "-PNG:Comment=Amira Haddad", "-PNG:Author=\(Planted.name)", "-PNG:Title=Kharkiv",
        ])
        XCTAssertTrue(report.removed.contains("XMP metadata"), "\(report.removed)")
    }

    func testWebP() throws {
        try checkImage(ext: "webp", encoder: ["-c:v", "libwebp", "-lossless", "1"], plant: Self.exifPlant)
    }

    func testGIF() throws {
        try checkImage(ext: "gif", plant: ["-Comment=Amira Haddad in Kharkiv", "-XMP-dc:Creator=\(Planted.name)"])
    }

    func testTIFF() throws {
        let report = try checkImage(ext: "tiff", plant: Self.exifPlant + [
            "-IPTC:By-line=\(Planted.name)", "-HostComputer=Kharkiv-laptop", "-DocumentName=Amira Haddad",
        ])
        XCTAssertTrue(report.removed.contains("GPS position"), "\(report.removed)")
        XCTAssertTrue(report.removed.contains("XMP metadata"))
    }

    /// Makes a test picture, plants metadata with exiftool, cleans it and checks the copy.
    @discardableResult
    func checkImage(ext: String, encoder: [String] = [], plant: [String]) throws -> CleanReport {
        try Tools.require("ffmpeg", "exiftool", "mat2")
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = dir.appendingPathComponent("original.\(ext)")
        let clean = dir.appendingPathComponent("clean.\(ext)")
        try Tools.check("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=96x64", "-frames:v", "1"]
                        + encoder + [original.path])
        try Tools.check("exiftool", ["-q", "-overwrite_original"] + plant + [original.path])
        XCTAssertTrue(try Tools.exiftool(original.path).contains("Haddad"), "fixture lacks the planted name")

        let report = try Cleaning.clean(original, to: clean)

        let format = try XCTUnwrap(MediaFormat.detect(prefix: Array(try Data(contentsOf: clean).prefix(64)), fileName: nil))
        XCTAssertEqual(format.rawValue, ext == "jpg" ? "jpeg" : ext)
        let exif = try Tools.exiftool(clean.path)
        Planted.assertAbsent(exif, "exiftool")
        XCTAssertFalse(exif.contains("GPS"), exif)
        XCTAssertFalse(exif.contains("Warning"), exif)
        Planted.assertAbsent(try Tools.run("mat2", ["--show", clean.path]).stdout, "mat2 --show")
        XCTAssertEqual(try Tools.frameMD5(original.path), try Tools.frameMD5(clean.path), "pixels changed")
        XCTAssertFalse(report.removed.isEmpty)
        return report
    }
}
