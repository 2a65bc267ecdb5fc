import Foundation
import MediaClean
import XCTest

/// Inputs found by reading or fuzzing the parsers (`make fuzz`): each must end in one
/// `MediaCleanError`, quickly, never a trap or a hang.
final class FuzzRegressionTests: XCTestCase {
    private func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        be32(8 + payload.count) + Array(type.utf8) + payload
    }

    private func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    private let ftyp: [UInt8] = [0, 0, 0, 16] + Array("ftypisom".utf8) + [0, 0, 0, 0]

    /// A box inside a trak with a 64-bit size near Int.max: `offset + size` overflowed
    /// (a trap) while looking for a timed metadata track.
    func testHugeLargeSizeInsideTrackIsRefused() {
        let child: [UInt8] = [0, 0, 0, 1] + Array("mdia".utf8) + [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0]
        let mp4 = ftyp + box("moov", box("trak", child))
        XCTAssertThrowsError(try Cleaning.clean(mp4, .mp4)) { error in
            XCTAssertTrue(error is MediaCleanError, "\(error)")
        }
    }

    /// A metadata track whose sample-to-chunk runs name the same 100,000 chunks
    /// 50,000 times: 5 billion steps before the work was bounded.
    func testSampleToChunkRunsCannotMultiplyWork() {
        let chunks = 100_000, pairs = 50_000
        let hdlr = box("hdlr", [UInt8](repeating: 0, count: 8) + Array("meta".utf8) + [UInt8](repeating: 0, count: 13))
        let stsz = box("stsz", [0, 0, 0, 0] + be32(1) + be32(0))
        var stscBody = [0, 0, 0, 0] + be32(2 * pairs)
        for _ in 0..<pairs {
            stscBody += be32(1) + be32(0) + be32(1)           // chunks 1...N (the next run starts at N + 1)
            stscBody += be32(chunks + 1) + be32(0) + be32(1)  // an empty run, then chunk 1 again
        }
        var stcoBody = [0, 0, 0, 0] + be32(chunks)
        stcoBody += [UInt8](repeating: 0, count: 4 * chunks)
        let stbl = box("stbl", stsz + box("stsc", stscBody) + box("stco", stcoBody))
        let trak = box("trak", box("mdia", hdlr + box("minf", stbl)))
        let mp4 = ftyp + box("moov", trak)
        let start = Date()
        XCTAssertThrowsError(try Cleaning.clean(mp4, .mp4)) { error in
            XCTAssertTrue(error is MediaCleanError, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
    }

    /// An EXIF sub-directory pointer past the end of the file: `offset..<end` was an
    /// invalid range (a trap). Nothing is there to zero; the pointer is dropped.
    func testTIFFSubdirectoryPastTheEndIsDropped() throws {
        let tiff: [UInt8] = Array("II".utf8) + [42, 0, 8, 0, 0, 0] + [2, 0]
            + [0x00, 0x01, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0]          // ImageWidth = 1
            + [0x69, 0x87, 4, 0, 1, 0, 0, 0, 0, 0, 0xFF, 0xFF]    // EXIF IFD at 0xFFFF0000
            + [0, 0, 0, 0]
        let (out, report) = try Cleaning.clean(tiff, .tiff)
        XCTAssertTrue(report.removed.contains("EXIF metadata"), "\(report.removed)")
        XCTAssertFalse(out.isEmpty)
    }

    /// A PNG eXIf block of 100,000 EXIF sub-directories, each pointing at the next:
    /// the summary recursed once per level and overflowed the stack.
    func testNestedEXIFDirectoriesCannotExhaustTheStack() throws {
        let depth = 100_000
        var tiff: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8]
        for i in 0..<depth {  // one entry: Interoperability IFD (0xA005), LONG, at the next directory
            tiff += [0, 1, 0xA0, 0x05, 0, 4, 0, 0, 0, 1] + be32(8 + 14 * (i + 1))
        }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] { be32(data.count) + Array(type.utf8) + data + [0, 0, 0, 0] }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", be32(1) + be32(1) + [8, 0, 0, 0, 0]) + chunk("eXIf", tiff) + chunk("IEND", [])
        let (_, report) = try Cleaning.clean(png, .png)
        XCTAssertTrue(report.removed.contains("EXIF metadata"), "\(report.removed)")
    }
}
