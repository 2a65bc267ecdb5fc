import Foundation
import MediaClean
import XCTest

/// Truncated, corrupted and hostile inputs: one clear error, never a crash or a hang.
final class HostileInputTests: XCTestCase {
    func testEmptyInputIsRefusedForEveryFormat() {
        for format in MediaFormat.allCases where format != .pdf {
            XCTAssertThrowsError(try Cleaning.clean([], format), "\(format)") { error in
                XCTAssertTrue(error is MediaCleanError, "\(format): \(error)")
            }
        }
    }

    func testTruncatedJPEG() throws {
        let jpeg = try fixture("jpg", ["-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1"])
        XCTAssertThrowsError(try Cleaning.clean(Array(jpeg.prefix(jpeg.count / 2)), .jpeg)) { error in
            XCTAssertEqual("\(error)".contains("truncated"), true, "\(error)")
        }
    }

    func testWrongMagicIsMalformed() {
        let junk = [UInt8](repeating: 0x41, count: 100)
        for format: MediaFormat in [.jpeg, .png, .gif, .webp, .wav, .flac, .ogg, .tiff, .docx] {
            XCTAssertThrowsError(try Cleaning.clean(junk, format)) { error in
                guard let e = error as? MediaCleanError else { return XCTFail("\(format): \(error)") }
                switch e {
                case .malformed, .unsupported: break
                default: XCTFail("\(format): \(e)")
                }
            }
        }
    }

    func testOggWithoutKnownCodecIsRefused() throws {
        let ogg = try fixture("ogg", ["-f", "lavfi", "-i", "sine", "-t", "0.2", "-c:a", "flac"])
        XCTAssertThrowsError(try Cleaning.clean(ogg, .ogg)) { error in
            XCTAssertEqual(error as? MediaCleanError, .unsupported("Ogg stream that is neither Vorbis nor Opus"))
        }
    }

    func testHugeMP4BoxIsRefused() {
        // A moov that claims 1 GiB: refused before any allocation.
        let box: [UInt8] = [0, 0, 0, 16] + Array("ftypisom".utf8) + [0, 0, 0, 0] + [0x40, 0, 0, 0] + Array("moov".utf8)
        XCTAssertThrowsError(try Cleaning.clean(box, .mp4)) { error in
            XCTAssertEqual(error as? MediaCleanError, .tooLarge("MP4 moov box"))
        }
    }

    func testTIFFLoopIsRefused() {
        // Header points at an IFD whose next pointer points at itself.
        let tiff: [UInt8] = Array("II".utf8) + [42, 0, 8, 0, 0, 0] + [0, 0] + [8, 0, 0, 0]
        XCTAssertThrowsError(try Cleaning.clean(tiff, .tiff)) { error in
            XCTAssertEqual(error as? MediaCleanError, .malformed("TIFF directory chain is broken or loops"))
        }
    }

    /// An unclosed paragraph holding a whole document with hundreds of names: bounded work,
    /// the names still replaced (all text lands in the first run).
    func testHugeParagraphIsBounded() throws {
        let runs = (0..<4000).map { "<w:r><w:t>Line \($0) about Amira Haddad and the river.</w:t></w:r>" }.joined()
        let members = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document><w:body><w:p>" + runs)]
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = dir.appendingPathComponent("big.docx")
        try Tools.require("python3")
        try OfficeFixtures.write(members, to: docx)
        let start = Date()
        let (out, report) = try Cleaning.clean([UInt8](try Data(contentsOf: docx)), .docx, redactor: NameRedactor())
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        XCTAssertEqual(report.namesInText, 4000)
        let sink = dir.appendingPathComponent("clean.docx")
        try Data(out).write(to: sink)
        XCTAssertFalse(try Tools.check("unzip", ["-p", sink.path]).contains("Haddad"))
    }

    func testDNGIsRefused() {
        // One IFD with DNGVersion (50706 = 0xC612): a raw photo, not cleaned as a TIFF.
        let tiff: [UInt8] = Array("II".utf8) + [42, 0, 8, 0, 0, 0] + [1, 0] + [0x12, 0xC6, 1, 0, 4, 0, 0, 0, 1, 4, 0, 0]
            + [0, 0, 0, 0]
        XCTAssertThrowsError(try Cleaning.clean(tiff, .tiff)) { error in
            guard case MediaCleanError.unsupported(let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("DNG"), why)
        }
    }

    /// Random truncations and byte flips of real files: the cleaner throws or succeeds, never crashes.
    func testMutatedFilesNeverCrash() throws {
        let cases: [(String, [String], MediaFormat)] = [
            ("jpg", ["-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1"], .jpeg),
            ("png", ["-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1"], .png),
            ("gif", ["-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1"], .gif),
            ("tiff", ["-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1"], .tiff),
            ("webp", ["-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1", "-c:v", "libwebp"], .webp),
            ("mp4", ["-f", "lavfi", "-i", "testsrc=size=32x32:rate=5", "-t", "0.4", "-c:v", "libx264"], .mp4),
            ("mp3", ["-f", "lavfi", "-i", "sine", "-t", "0.2", "-metadata", "title=x"], .mp3),
            ("flac", ["-f", "lavfi", "-i", "sine", "-t", "0.2", "-metadata", "title=x"], .flac),
            ("ogg", ["-f", "lavfi", "-i", "sine", "-t", "0.2", "-c:a", "libvorbis"], .ogg),
            ("wav", ["-f", "lavfi", "-i", "sine", "-t", "0.2", "-metadata", "title=x"], .wav),
        ]
        var rng = SystemRandomNumberGenerator()
        for (ext, args, format) in cases {
            let original = try fixture(ext, args)
            for round in 0..<60 {
                var bytes = original
                if round % 3 == 0 {
                    bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
                } else {
                    for _ in 0..<(1 + round % 8) {
                        bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                    }
                }
                do { _ = try Cleaning.clean(bytes, format) } catch is MediaCleanError {} catch {
                    XCTFail("\(ext): unexpected error type \(error)")
                }
            }
        }
    }

    /// The same for Office zips and PDFs, the formats parsed by libraries.
    func testMutatedDocumentsNeverCrash() throws {
        try Tools.require("python3", "qpdf")
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = dir.appendingPathComponent("d.docx"), odt = dir.appendingPathComponent("d.odt")
        try OfficeFixtures.write(OfficeFixtures.docx, to: docx)
        try OfficeFixtures.write(OfficeFixtures.odt, to: odt)
        let pdf = try PDFCleaningTests.makeFixture(in: dir)
        var rng = SystemRandomNumberGenerator()
        for (url, format) in [(docx, MediaFormat.docx), (odt, .odt), (pdf, .pdf)] {
            let original = [UInt8](try Data(contentsOf: url))
            for round in 0..<40 {
                var bytes = original
                if round % 4 == 0 {
                    bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
                } else {
                    for _ in 0..<(1 + round % 6) {
                        bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                    }
                }
                do { _ = try Cleaning.clean(bytes, format, redactor: NameRedactor()) } catch is MediaCleanError {} catch {
                    XCTFail("\(format): unexpected error type \(error)")
                }
            }
        }
    }

    private func fixture(_ ext: String, _ args: [String]) throws -> [UInt8] {
        try Tools.require("ffmpeg")
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("f.\(ext)")
        try Tools.check("ffmpeg", ["-v", "error"] + args + [url.path])
        return [UInt8](try Data(contentsOf: url))
    }
}
