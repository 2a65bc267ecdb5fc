import Foundation
import MediaClean
import XCTest

/// Audio and video: container metadata is gone, streams decode to the same frames.
final class AudioVideoCleaningTests: XCTestCase {
    static let tags = [
        "-metadata", "title=Amira Haddad interview", "-metadata", "artist=Amira Haddad",
        "-metadata", "comment=Recorded in Kharkiv", "-metadata", "author=Jonas Brenner",
        "-metadata", "location=+48.8566+002.3522/", "-metadata", "album=Kharkiv",
    ]
    static let video = ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-f", "lavfi", "-i", "sine=frequency=440",
                        "-t", "1", "-pix_fmt", "yuv420p"]
    static let audio = ["-f", "lavfi", "-i", "sine=frequency=440", "-t", "1"]
    static let quicktimePlant = [
        "-XMP-dc:Creator=\(Planted.name)", "-Keys:Author=\(Planted.name)", "-Keys:GPSCoordinates=48.8566, 2.3522",
        "-UserData:GPSCoordinates=48.8566, 2.3522", "-Keys:Model=\(Planted.serial)",
    ]

    func testMP4MoovAfterMdat() throws {
        let report = try checkMedia("mp4", Self.video + ["-c:v", "libx264", "-c:a", "aac"], plant: Self.quicktimePlant)
        XCTAssertTrue(report.removed.contains("GPS position"), "\(report.removed)")
    }

    func testMP4MoovFirst() throws {
        try checkMedia("mp4", Self.video + ["-c:v", "libx264", "-c:a", "aac", "-movflags", "+faststart"])
    }

    func testMOV() throws {
        try checkMedia("mov", Self.video + ["-c:v", "libx264", "-c:a", "aac"], plant: Self.quicktimePlant)
    }

    func testM4A() throws {
        try checkMedia("m4a", Self.audio + ["-c:a", "aac"])
    }

    func testMP3() throws {
        try checkMedia("mp3", Self.audio + ["-c:a", "libmp3lame", "-id3v2_version", "3", "-write_id3v1", "1"])
    }

    func testFLAC() throws {
        try checkMedia("flac", Self.audio + ["-c:a", "flac"])
    }

    func testOggVorbis() throws {
        try checkMedia("ogg", Self.audio + ["-c:a", "libvorbis"])
    }

    func testOggOpus() throws {
        try checkMedia("opus", Self.audio + ["-c:a", "libopus"], format: .ogg)
    }

    func testWAV() throws {
        try checkMedia("wav", Self.audio + ["-c:a", "pcm_s16le", "-write_bext", "1"])
    }

    @discardableResult
    func checkMedia(_ ext: String, _ encode: [String], plant: [String] = [], format: MediaFormat? = nil) throws -> CleanReport {
        try Tools.require("ffmpeg", "exiftool", "mat2")
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = dir.appendingPathComponent("original.\(ext)")
        let clean = dir.appendingPathComponent("clean.\(ext)")
        try Tools.check("ffmpeg", ["-v", "error"] + encode + Self.tags + [original.path])
        if !plant.isEmpty { try Tools.check("exiftool", ["-q", "-overwrite_original"] + plant + [original.path]) }
        XCTAssertTrue(try Tools.exiftool(original.path).contains("Haddad"), "fixture lacks the planted name")

        let report = try Cleaning.clean(original, to: clean)

        let detected = MediaFormat.detect(prefix: Array(try Data(contentsOf: clean).prefix(64)), fileName: clean.lastPathComponent)
        XCTAssertEqual(detected, format ?? MediaFormat(rawValue: ext))
        let exif = try Tools.exiftool(clean.path)
        Planted.assertAbsent(exif, "exiftool")
        XCTAssertFalse(exif.contains("GPS"), exif)
        Planted.assertAbsent(try Tools.run("mat2", ["--show", clean.path]).stdout, "mat2 --show")
        let probe = try Tools.check("ffprobe", ["-v", "error", "-show_format", "-show_streams", clean.path])
        Planted.assertAbsent(probe, "ffprobe")
        XCTAssertEqual(try Tools.frameMD5(original.path), try Tools.frameMD5(clean.path), "decoded frames changed")
        XCTAssertFalse(report.removed.isEmpty)
        return report
    }
}
