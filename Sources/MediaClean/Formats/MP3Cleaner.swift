import EvaultCrypto

/// MP3: drops ID3v2 tags at the start, and ID3v1, Lyrics3v2 and APEv2 tags at the end;
/// MPEG frames are streamed untouched. The end tags are found in a held-back tail.
enum MP3Cleaner {
    /// Bytes held back to look for end tags; a larger APE tag is refused, not kept.
    static let tailWindow = 1 << 20

    static func clean(_ r: BufferedReader, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        try skipID3v2(r, &report)
        guard let sync = try r.peek(2), sync[0] == 0xFF, sync[1] & 0xE0 == 0xE0 else {
            throw MediaCleanError.malformed("no MPEG audio frame after the tags")
        }
        var tail = [UInt8]()
        tail.reserveCapacity(2 * tailWindow)
        while try r.fill(1) {
            let n = r.available
            r.withBuffered { tail.append(contentsOf: $0) }
            r.consume(n)
            if tail.count > 2 * tailWindow {
                try w.write(Array(tail[0..<(tail.count - tailWindow)]))
                tail.removeFirst(tail.count - tailWindow)
            }
        }
        let end = try audioEnd(tail, &report)
        try w.write(Array(tail[0..<end]))
    }

    /// Skips every ID3v2 tag at the current position (some files stack several).
    static func skipID3v2(_ r: BufferedReader, _ report: inout ReportBuilder) throws {
        var tags = 0
        while let head = try r.peek(10), head.starts(with: Array("ID3".utf8)) {
            tags += 1
            guard tags <= 16 else { throw MediaCleanError.malformed("too many ID3 tags") }
            guard head[6..<10].allSatisfy({ $0 < 0x80 }) else { throw MediaCleanError.malformed("invalid ID3 tag size") }
            let size = head[6..<10].reduce(0) { $0 << 7 | Int($1) }
            let footer = head[5] & 0x10 != 0 ? 10 : 0
            report.removed("ID3 tags")
            try r.skip(Int64(10 + size + footer), what: "ID3 tag")
        }
    }

    /// Where the audio ends once ID3v1, Lyrics3v2 and APEv2 tags are cut off.
    private static func audioEnd(_ tail: [UInt8], _ report: inout ReportBuilder) throws -> Int {
        var end = tail.count
        func has(_ s: String, at: Int) -> Bool {
            let b = Array(s.utf8)
            return at >= 0 && at + b.count <= end && Array(tail[at..<(at + b.count)]) == b
        }
        if has("TAG", at: end - 128) {
            end -= 128
            report.removed("ID3 tags")
        }
        if end >= 15, has("LYRICS200", at: end - 9),
           let size = Int(String(decoding: tail[(end - 15)..<(end - 9)], as: UTF8.self)), size >= 0 {
            guard end - 15 - size >= 0 else { throw MediaCleanError.tooLarge("Lyrics3 tag") }
            end -= 15 + size
            report.removed("lyrics")
        }
        if has("APETAGEX", at: end - 32), let size = Bytes.readLE(tail, end - 20, 4), let flags = Bytes.readLE(tail, end - 12, 4) {
            let total = size + (flags & 0x8000_0000 != 0 ? 32 : 0)
            guard total <= end else { throw MediaCleanError.tooLarge("APE tag larger than \(tailWindow) bytes") }
            end -= total
            report.removed("APE tags")
        }
        return end
    }
}
