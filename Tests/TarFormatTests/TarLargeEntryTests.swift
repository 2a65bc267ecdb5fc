import Foundation
import Testing
import TarFormat

/// Sizes of 8 GiB and more do not fit ustar's 11 octal digits and go in a pax
/// `size` record. Nothing here writes gigabytes: the header alone is checked,
/// and the interop test lets a sparse file stand in for the data.
@Suite struct TarLargeEntryTests {
    static let nineGiB: Int64 = 9 * 1024 * 1024 * 1024  // 9663676416

    @Test func largeSizeGoesInPaxRecord() throws {
        let (writer, out) = makeWriter()
        try writer.beginEntry(TarEntryHeader(name: "video.mov", size: Self.nineGiB, modificationTime: 1_700_000_000))
        // pax header block, its data block, then the entry's ustar header.
        #expect(out.bytes.count == 3 * 512)
        #expect(out.bytes[156] == UInt8(ascii: "x"))
        let records = String(decoding: out.bytes[512..<1024].prefix(while: { $0 != 0 }), as: UTF8.self)
        #expect(records == "19 size=9663676416\n")
        #expect(Array(out.bytes[(1024 + 124)..<(1024 + 136)]) == Array("00000000000\u{0}".utf8))  // ustar size stand-in

        let reader = makeReader(out.bytes)
        let header = try reader.nextEntry()
        #expect(header == TarEntryHeader(name: "video.mov", size: Self.nineGiB, modificationTime: 1_700_000_000))
        // The writer still expects the data.
        #expect(throws: TarError.dataShorterThanSize(entry: "video.mov", size: Self.nineGiB, written: 0)) {
            try writer.endEntry()
        }
    }

    @Test func largestUstarSizeNeedsNoPax() throws {
        let (writer, out) = makeWriter()
        try writer.beginEntry(TarEntryHeader(name: "f", size: 8_589_934_591))  // 8 GiB - 1 = 0o77777777777
        #expect(out.bytes.count == 512)
        #expect(Array(out.bytes[124..<136]) == Array("77777777777\u{0}".utf8))
        #expect(try makeReader(out.bytes).nextEntry()?.size == 8_589_934_591)
    }

    @Test func gnuBase256SizeIsRead() throws {
        // GNU tar's own encoding for big sizes: 0x80, then the value big-endian.
        let (writer, out) = makeWriter()
        try writer.beginEntry(TarEntryHeader(name: "f", size: 1))
        var bytes = out.bytes
        var field: [UInt8] = [0x80] + Array(repeating: 0, count: 11)
        var value = UInt64(Self.nineGiB)
        for i in stride(from: 11, to: 0, by: -1) { field[i] = UInt8(value & 0xFF); value >>= 8 }
        patchHeader(&bytes, at: 0, field: 124, with: field)
        #expect(try makeReader(bytes).nextEntry()?.size == Self.nineGiB)
    }

    @Test(.enabled(if: TarInteropTests.available))
    func gnuTarListsPaxSize() throws {
        let dir = try TemporaryDirectory()
        let (writer, out) = makeWriter()
        try writer.beginEntry(TarEntryHeader(name: "huge.bin", size: Self.nineGiB))
        try dir.write("huge.tar", out.bytes)
        // Extend with a hole: the data and the end-of-archive marker read as zeros
        // but take no disk space.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.path("huge.tar")))
        try handle.truncate(atOffset: UInt64(out.bytes.count) + UInt64(Self.nineGiB) + 1024)
        try handle.close()
        let result = try run(TarInteropTests.binary, ["-tvf", dir.path("huge.tar")])
        #expect(result.status == 0, "tar said: \(result.output)")
        #expect(result.output.contains(" 9663676416 "), "tar said: \(result.output)")
        #expect(result.output.contains("huge.bin"))
    }
}
