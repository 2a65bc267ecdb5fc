import Testing
import TarFormat

/// A strict reader refuses what it cannot read safely, and says which entry and why.
@Suite struct TarMalformedTests {
    func archive(_ files: [(String, [UInt8])]) throws -> [UInt8] {
        let (writer, out) = makeWriter()
        for (name, data) in files { try writer.addFile(name: name, contents: data) }
        try writer.finish()
        return out.bytes
    }

    func firstError(_ bytes: [UInt8]) -> TarError? {
        do {
            _ = try readEntries(bytes)
            return nil
        } catch let error as TarError {
            return error
        } catch {
            return nil
        }
    }

    @Test func badChecksum() throws {
        var bytes = try archive([("evidence.pdf", pattern(10))])
        bytes[0] = UInt8(ascii: "E")  // changed without fixing the checksum
        #expect(firstError(bytes) == .badChecksum(entry: "Evidence.pdf"))
        #expect(TarError.badChecksum(entry: "Evidence.pdf").description == "tar header of \"Evidence.pdf\": checksum mismatch")
    }

    @Test func truncatedData() throws {
        let bytes = try archive([("a", pattern(5000)), ("b", [1])])
        #expect(firstError(Array(bytes[0..<3000])) == .truncated(entry: "a"))
        // Skipping an unread entry hits the same truncation.
        let reader = makeReader(Array(bytes[0..<3000]))
        _ = try reader.nextEntry()
        #expect(throws: TarError.truncated(entry: "a")) { try reader.nextEntry() }
        #expect(throws: TarError.truncated(entry: "a")) {
            let r = makeReader(Array(bytes[0..<3000]))
            _ = try r.nextEntry()
            _ = try r.readAll(limit: 10_000)
        }
    }

    @Test func errorsAreSticky() throws {
        var bytes = try archive([("a", [1]), ("b", [2])])
        bytes[1024] = UInt8(ascii: "c")  // damage the second header
        let reader = makeReader(bytes)
        #expect(try reader.nextEntry()?.name == "a")
        #expect(throws: TarError.badChecksum(entry: "c")) { try reader.nextEntry() }
        #expect(throws: TarError.badChecksum(entry: "c")) { try reader.nextEntry() }
        var buffer = [UInt8](repeating: 0, count: 4)
        #expect(throws: TarError.badChecksum(entry: "c")) { try buffer.withUnsafeMutableBytes { try reader.read(into: $0) } }
    }

    @Test func truncatedHeaderAndMissingEndMarker() throws {
        let bytes = try archive([("a", [1, 2, 3])])
        #expect(firstError(Array(bytes[0..<300])) == .truncated(entry: nil))
        #expect(firstError(Array(bytes[0..<1024])) == .truncated(entry: nil))  // entry complete, no marker
        #expect(firstError([]) == .truncated(entry: nil))
        #expect(TarError.truncated(entry: nil).description.contains("no end-of-archive marker"))
    }

    @Test func loneZeroBlock() throws {
        let bytes = try archive([("a", [1])])
        #expect(firstError(Array(bytes.dropLast(512))) == nil)  // a lone zero block at the end is accepted
        var extra = Array(bytes.dropLast(512))
        extra += try archive([("b", [2])])
        #expect(firstError(extra) == .loneZeroBlock)
    }

    @Test(arguments: [
        ("../x", "contains a '..' component"), ("a/../../x", "contains a '..' component"),
        ("/etc/x", "absolute path"), ("..", "contains a '..' component"),
    ])
    func unsafeNames(name: String, reason: String) throws {
        var bytes = try archive([("placeholder", [1])])
        patchHeader(&bytes, at: 0, field: 0, with: Array(name.utf8) + Array(repeating: 0, count: 100 - name.utf8.count))
        #expect(firstError(bytes) == .unsafeName(entry: name, reason: reason))
    }

    @Test func unsafeNameInPaxRecord() throws {
        var bytes = try archive([("ab/évil", [1])])
        // The pax record's value sits in the second block; swap "ab/é" (5 bytes) for "../e".
        let record = Array("path=ab/\u{e9}vil".utf8)
        let start = try #require(Array(bytes[512..<1024]).firstRange(of: record)).lowerBound + 512
        bytes.replaceSubrange((start + 5)..<(start + 10), with: Array("../ee".utf8))
        #expect(firstError(bytes) == .unsafeName(entry: "../eevil", reason: "contains a '..' component"))
    }

    @Test(arguments: [("1", "hard link"), ("2", "symbolic link"), ("3", "character device"), ("6", "FIFO"), ("S", "GNU sparse file")])
    func unsupportedTypes(flag: String, type: String) throws {
        var bytes = try archive([("link", [])])
        patchHeader(&bytes, at: 0, field: 156, with: Array(flag.utf8))
        #expect(firstError(bytes) == .unsupportedEntryType(entry: "link", type: type))
    }

    @Test func nonOctalFields() throws {
        for (offset, field) in [(124, "size"), (100, "mode"), (136, "mtime"), (108, "uid")] {
            var bytes = try archive([("f", [1])])
            patchHeader(&bytes, at: 0, field: offset, with: Array("0009".utf8))
            #expect(firstError(bytes) == .invalidNumericField(entry: "f", field: field))
        }
    }

    @Test func notUstar() throws {
        var bytes = try archive([("f", [1])])
        patchHeader(&bytes, at: 0, field: 257, with: Array("ustaR\u{0}".utf8))
        #expect(firstError(bytes) == .notUstar(entry: "f"))
    }

    @Test func malformedPaxRecords() throws {
        let long = String(repeating: "n", count: 120)
        let bytes = try archive([(long, [1])])
        // "130 path=nnn…\n" (4 + 120 + 3 + 3 digits): claim a longer record than there is.
        let record = Array("130 path=".utf8)
        let start = try #require(Array(bytes[512..<1024]).firstRange(of: record)).lowerBound + 512
        #expect(start == 512)
        var longer = bytes
        longer.replaceSubrange(start..<(start + 3), with: Array("131".utf8))
        #expect(firstError(longer) == .malformedExtendedHeader(entry: "PaxHeaders/" + String(repeating: "n", count: 89), reason: "record length exceeds the header"))
        var notNumber = bytes
        notNumber[start] = UInt8(ascii: "x")
        #expect(firstError(notNumber) == .malformedExtendedHeader(entry: "PaxHeaders/" + String(repeating: "n", count: 89), reason: "record does not start with a length"))
        // An extended header must be followed by its entry, not by the end marker.
        var orphan = Array(bytes[0..<1024]) + Array(repeating: 0, count: 1024)
        #expect(firstError(orphan) == .malformedExtendedHeader(entry: "PaxHeaders/" + String(repeating: "n", count: 89), reason: "not followed by an entry"))
        orphan.removeAll()
    }

    @Test func oversizedExtendedHeader() throws {
        var bytes = try archive([(String(repeating: "n", count: 120), [1])])
        patchHeader(&bytes, at: 0, field: 124, with: Array("00010000001\u{0}".utf8))  // 2 MiB + 1
        #expect(firstError(bytes) == .extendedHeaderTooLarge(entry: "PaxHeaders/" + String(repeating: "n", count: 89),
                                                             limit: TarReader.maxExtendedHeaderSize))
    }

    @Test func globalHeadersAreSkipped() throws {
        let long = String(repeating: "g", count: 120)
        var bytes = try archive([(long, pattern(700))])
        patchHeader(&bytes, at: 0, field: 156, with: Array("g".utf8))
        let entries = try readEntries(bytes)
        // Without the (now global) record, the ustar stand-in name applies.
        #expect(entries.map(\.header.name) == [String(repeating: "g", count: 100)])
        #expect(entries.first?.data == pattern(700))
    }

    @Test func sparsePaxRecordsAreRefused() throws {
        let long = String(repeating: "s", count: 120)
        var bytes = try archive([(long, [1])])
        // Append a GNU sparse record to the pax data (it fits in the same block) and fix the size.
        let sparse = Array("28 GNU.sparse.major=1000000\n".utf8)
        let size = 130 + sparse.count
        bytes.replaceSubrange((512 + 130)..<(512 + size), with: sparse)
        let octal = String(size, radix: 8)
        patchHeader(&bytes, at: 0, field: 124, with: Array((String(repeating: "0", count: 11 - octal.count) + octal).utf8))
        #expect(firstError(bytes) == .unsupportedEntryType(entry: "PaxHeaders/" + String(repeating: "s", count: 89),
                                                           type: "GNU sparse file"))
    }
}
