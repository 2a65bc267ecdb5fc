import EvaultCrypto
import Foundation
import MediaClean
import XCTest

/// A GPS track stored as samples (as GoPro and drones do) is dropped from the index
/// and its samples are zeroed, even when mdat comes before moov.
final class MP4TimedMetadataTests: XCTestCase {
    static let secret = Array("GPS5 Kharkiv 48.8566 Amira Haddad".utf8)

    func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        be32(payload.count + 8) + Array(type.utf8) + payload
    }

    func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    /// ffmpeg's video with a second mdat holding "GPS samples" and a gpmd track pointing at it.
    func makeFixture(_ dir: URL) throws -> [UInt8] {
        try Tools.require("ffmpeg", "ffprobe")
        let url = dir.appendingPathComponent("v.mp4")
        try Tools.check("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=5", "-t", "1",
                                   "-c:v", "libx264", "-pix_fmt", "yuv420p", url.path])
        let file = [UInt8](try Data(contentsOf: url))
        // Split into top-level boxes; moov is last in ffmpeg's default layout.
        var at = 0
        var boxes = [(String, [UInt8])]()
        while at + 8 <= file.count {
            let size = Int(file[at]) << 24 | Int(file[at + 1]) << 16 | Int(file[at + 2]) << 8 | Int(file[at + 3])
            boxes.append((String(decoding: file[(at + 4)..<(at + 8)], as: UTF8.self), Array(file[at..<(at + size)])))
            at += size
        }
        let moovIndex = try XCTUnwrap(boxes.firstIndex { $0.0 == "moov" })
        let before = boxes[..<moovIndex].flatMap { $0.1 }
        let gpsMdat = box("mdat", Self.secret)
        let sampleOffset = before.count + 8
        let full: [UInt8] = [0, 0, 0, 0]
        let stbl = box("stbl",
            box("stsd", full + be32(1) + box("gpmd", [0, 0, 0, 0, 0, 0, 0, 1]))
            + box("stts", full + be32(1) + be32(1) + be32(1000))
            + box("stsc", full + be32(1) + be32(1) + be32(1) + be32(1))
            + box("stsz", full + be32(0) + be32(1) + be32(Self.secret.count))
            + box("stco", full + be32(1) + be32(sampleOffset)))
        let trak = box("trak",
            box("tkhd", [0, 0, 0, 3] + [UInt8](repeating: 0, count: 80))
            + box("mdia", box("mdhd", full + [UInt8](repeating: 0, count: 20))
                + box("hdlr", full + be32(0) + Array("meta".utf8) + [UInt8](repeating: 0, count: 13))
                + box("minf", box("nmhd", full) + stbl)))
        let moov = boxes[moovIndex].1
        let newMoov = be32(moov.count + trak.count) + Array(moov[4...]) + trak
        return before + gpsMdat + newMoov
    }

    func testGPSTrackSamplesAreZeroed() throws {
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try makeFixture(dir)
        let originalURL = dir.appendingPathComponent("original.mp4")
        try Data(original).write(to: originalURL)
        XCTAssertTrue(try Tools.check("ffprobe", ["-v", "error", "-show_streams", originalURL.path]).contains("codec_tag_string=gpmd"))

        let cleanURL = dir.appendingPathComponent("clean.mp4")
        let report = try Cleaning.clean(originalURL, to: cleanURL) // a file: seekable, two passes
        let clean = [UInt8](try Data(contentsOf: cleanURL))

        XCTAssertEqual(clean.count, original.count)
        XCTAssertNil(find(Self.secret.prefix(12), in: clean), "GPS samples still in the file")
        XCTAssertTrue(report.removed.contains("timed metadata track (GPS, motion)"), "\(report.removed)")
        XCTAssertFalse(try Tools.check("ffprobe", ["-v", "error", "-show_streams", cleanURL.path]).contains("gpmd"))
        // Stream 0 is the video; the original's stream 1 is the GPS track itself.
        XCTAssertEqual(try Tools.frameMD5(originalURL.path).filter { $0.hasPrefix("0,") }, try Tools.frameMD5(cleanURL.path))
    }

    func testReopeningAPIZeroesSamplesFromAStream() throws {
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try makeFixture(dir)
        let sink = MemorySink()
        _ = try MediaCleaner.clean(.mp4, reopening: { OneWaySource(original) }, to: sink, redactor: nil)
        XCTAssertNil(find(Self.secret.prefix(12), in: sink.bytes))
    }

    func testOnePassOverAStreamSaysSamplesWereKept() throws {
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try makeFixture(dir)
        let report = try MediaCleaner.clean(.mp4, from: OneWaySource(original), to: MemorySink(), redactor: nil)
        XCTAssertTrue(report.removed.contains { $0.contains("samples kept") }, "\(report.removed)")
    }

    /// Mutated sample tables: an error or a clean copy, never a crash or a runaway loop.
    func testMutatedMetadataTrackNeverCrashes() throws {
        let dir = try Tools.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try makeFixture(dir)
        let moov = try XCTUnwrap(find(Array("moov".utf8)[...], in: original))
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var bytes = original
            // Flip bytes inside moov, where the tables are.
            for _ in 0..<3 { bytes[Int.random(in: moov..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            do { _ = try Cleaning.clean(bytes, .mp4) } catch is MediaCleanError {} catch { XCTFail("\(error)") }
        }
    }

    private func find(_ needle: ArraySlice<UInt8>, in hay: [UInt8]) -> Int? {
        guard needle.count <= hay.count else { return nil }
        let n = Array(needle)
        for i in 0...(hay.count - n.count) where hay[i] == n[0] && Array(hay[i..<(i + n.count)]) == n { return i }
        return nil
    }
}

/// A source that cannot seek, like a decrypting stream.
final class OneWaySource: ByteSource {
    private let inner: MemorySource
    init(_ bytes: [UInt8]) { inner = MemorySource(bytes) }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try inner.read(into: buffer) }
}
