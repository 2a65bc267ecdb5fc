import Testing
import TarFormat

@Suite struct TarRoundTripTests {
    @Test(arguments: [0, 1, 511, 512, 513, 1024, 100_000])
    func fileSizesRoundTrip(size: Int) throws {
        let (writer, out) = makeWriter()
        let data = pattern(size)
        try writer.addFile(name: "content", contents: data, mode: 0o640, modificationTime: 1_700_000_000)
        try writer.finish()
        #expect(out.bytes.count % 512 == 0)
        #expect(out.bytes.count == 512 + (size + 511) / 512 * 512 + 1024)
        let entries = try readEntries(out.bytes, chunk: 97)
        #expect(entries.count == 1)
        #expect(entries.first?.header == TarEntryHeader(name: "content", size: Int64(size), mode: 0o640,
                                                       modificationTime: 1_700_000_000))
        #expect(entries.first?.data == data)
    }

    @Test func longAndUnicodeNamesRoundTrip() throws {
        let names = [
            String(repeating: "a", count: 100),  // fits ustar exactly
            String(repeating: "b", count: 101),  // needs pax
            String(repeating: "dir/", count: 60) + "deep.txt",
            "témoignage/entretien-été.txt",
            "日本語/証拠.pdf",
            "emoji-🔏.bin",
        ]
        let (writer, out) = makeWriter()
        for (i, name) in names.enumerated() { try writer.addFile(name: name, contents: pattern(i * 300, seed: UInt8(i))) }
        try writer.finish()
        let entries = try readEntries(out.bytes)
        #expect(entries.map(\.header.name) == names)
        for (i, entry) in entries.enumerated() { #expect(entry.data == pattern(i * 300, seed: UInt8(i))) }
    }

    @Test func recordLengthsAcrossDigitBoundaries() throws {
        // pax records count their own length digits: names whose record is 99, 100,
        // 101, 999, 1000 … bytes long test the self-referential length.
        let (writer, out) = makeWriter()
        var names: [String] = []
        for length in [86...92, 990...998].joined() {
            let name = "é" + String(repeating: "n", count: length)
            names.append(name)
            try writer.addFile(name: name, contents: [1])
        }
        try writer.finish()
        #expect(try readEntries(out.bytes).map(\.header.name) == names)
    }

    @Test func manyEntriesAndDirectories() throws {
        let (writer, out) = makeWriter()
        try writer.beginEntry(TarEntryHeader(name: "entries", size: 0, mode: 0o700, kind: .directory))
        try writer.endEntry()
        for i in 0..<1000 { try writer.addFile(name: "entries/\(i)", contents: pattern(i % 700, seed: UInt8(i & 0xFF))) }
        try writer.finish()
        let entries = try readEntries(out.bytes, chunk: 4096)
        #expect(entries.count == 1001)
        #expect(entries[0].header == TarEntryHeader(name: "entries", size: 0, mode: 0o700, kind: .directory))
        for i in 0..<1000 {
            #expect(entries[i + 1].header.name == "entries/\(i)")
            #expect(entries[i + 1].data == pattern(i % 700, seed: UInt8(i & 0xFF)))
        }
    }

    @Test func streamingWritesInPieces() throws {
        let data = pattern(70_000)
        let (writer, out) = makeWriter()
        try writer.beginEntry(TarEntryHeader(name: "stream", size: Int64(data.count)))
        var i = 0
        while i < data.count {
            let end = min(i + 777, data.count)
            try writer.write(Array(data[i..<end]))
            i = end
        }
        try writer.endEntry()
        try writer.finish()
        #expect(try readEntries(out.bytes).first?.data == data)
    }

    @Test func unreadDataIsSkipped() throws {
        let (writer, out) = makeWriter()
        try writer.addFile(name: "big", contents: pattern(50_000))
        try writer.addFile(name: "small", contents: Array("metadata".utf8))
        try writer.finish()
        let reader = makeReader(out.bytes, chunk: 1000)
        #expect(try reader.nextEntry()?.name == "big")
        var partial = [UInt8](repeating: 0, count: 10)
        _ = try partial.withUnsafeMutableBytes { try reader.read(into: $0) }
        #expect(try reader.nextEntry()?.name == "small")
        #expect(try reader.readAll(limit: 100) == Array("metadata".utf8))
        #expect(try reader.readAll(limit: 100) == [])  // nothing left
        #expect(try reader.nextEntry() == nil)
        #expect(try reader.nextEntry() == nil)  // stays at the end
    }

    @Test func readAllRespectsLimit() throws {
        let (writer, out) = makeWriter()
        try writer.addFile(name: "m.json", contents: pattern(2000))
        try writer.finish()
        let reader = makeReader(out.bytes)
        _ = try reader.nextEntry()
        #expect(throws: TarError.entryTooLarge(entry: "m.json", size: 2000, limit: 1999)) {
            try reader.readAll(limit: 1999)
        }
        #expect(try reader.readAll(limit: 2000) == pattern(2000))
    }

    @Test func modificationTimesOutsideUstarUsePax() throws {
        let (writer, out) = makeWriter()
        for t: Int64 in [0, -86_400, 8_589_934_591, 8_589_934_592, 40_000_000_000] {
            try writer.addFile(name: "t\(t)", contents: [], modificationTime: t)
        }
        try writer.finish()
        #expect(try readEntries(out.bytes).map(\.header.modificationTime) == [0, -86_400, 8_589_934_591, 8_589_934_592, 40_000_000_000])
        #expect(String(decoding: out.bytes, as: UTF8.self).contains("mtime=-86400\n"))
    }

    @Test func emptyArchive() throws {
        let (writer, out) = makeWriter()
        try writer.finish()
        #expect(out.bytes == [UInt8](repeating: 0, count: 1024))
        #expect(try makeReader(out.bytes).nextEntry() == nil)
    }

    @Test func ownerFieldsAreAnonymous() throws {
        let (writer, out) = makeWriter()
        try writer.addFile(name: "x", contents: [1, 2, 3])
        try writer.finish()
        let header = Array(out.bytes[0..<512])
        #expect(Array(header[108..<124]) == Array("0000000\u{0}0000000\u{0}".utf8))  // uid, gid
        #expect(header[265..<329].allSatisfy { $0 == 0 })  // uname, gname
    }
}

@Suite struct TarWriterMisuseTests {
    @Test func dataBeyondSizeIsRefused() throws {
        let (writer, _) = makeWriter()
        try writer.beginEntry(TarEntryHeader(name: "f", size: 3))
        try writer.write([1, 2])
        #expect(throws: TarError.dataExceedsSize(entry: "f", size: 3)) { try writer.write([3, 4]) }
        try writer.write([3])
        try writer.endEntry()
    }

    @Test func shortEntryIsRefused() throws {
        let (writer, _) = makeWriter()
        try writer.beginEntry(TarEntryHeader(name: "f", size: 10))
        try writer.write([1, 2])
        #expect(throws: TarError.dataShorterThanSize(entry: "f", size: 10, written: 2)) { try writer.endEntry() }
        #expect(throws: TarError.entryStillOpen(entry: "f")) { try writer.finish() }
        #expect(throws: TarError.entryStillOpen(entry: "f")) { try writer.addFile(name: "g", contents: []) }
    }

    @Test func orderIsEnforced() throws {
        let (writer, _) = makeWriter()
        #expect(throws: TarError.noOpenEntry) { try writer.write([1]) }
        #expect(throws: TarError.noOpenEntry) { try writer.endEntry() }
        try writer.finish()
        #expect(throws: TarError.archiveFinished) { try writer.finish() }
        #expect(throws: TarError.archiveFinished) { try writer.addFile(name: "late", contents: []) }
    }

    @Test(arguments: [
        ("", "empty name"), ("/etc/passwd", "absolute path"), ("../up", "contains a '..' component"),
        ("a/../../b", "contains a '..' component"), ("nul\u{0}byte", "contains a NUL byte"),
    ])
    func unsafeNamesAreRefused(name: String, reason: String) throws {
        let (writer, out) = makeWriter()
        #expect(throws: TarError.unsafeName(entry: name, reason: reason)) { try writer.addFile(name: name, contents: []) }
        #expect(out.bytes.isEmpty)
    }

    @Test func invalidHeadersAreRefused() throws {
        let (writer, _) = makeWriter()
        #expect(throws: TarError.invalidHeader(entry: "d", reason: "a directory cannot have data")) {
            try writer.beginEntry(TarEntryHeader(name: "d", size: 1, kind: .directory))
        }
        #expect(throws: TarError.invalidHeader(entry: "f", reason: "negative size")) {
            try writer.beginEntry(TarEntryHeader(name: "f", size: -1))
        }
        #expect(throws: TarError.invalidHeader(entry: "f", reason: "mode has bits beyond 0o7777")) {
            try writer.beginEntry(TarEntryHeader(name: "f", size: 0, mode: 0o100644))
        }
        #expect(throws: TarError.invalidHeader(entry: "f/", reason: "name ends with '/' (use kind .directory)")) {
            try writer.beginEntry(TarEntryHeader(name: "f/", size: 0))
        }
    }
}
