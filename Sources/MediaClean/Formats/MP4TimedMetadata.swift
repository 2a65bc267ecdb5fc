/// Timed metadata tracks (GoPro GPMF GPS, DJI flight data, Sony rtmd, Apple mebx,
/// camera motion): their samples live in mdat, so blanking the track's boxes is not
/// enough. This finds such tracks in moov and the byte ranges of their samples.
enum MP4TimedMetadata {
    static let maxEntries = 10_000_000
    /// Sample ranges one track may list (the cleaner refuses more than this in all).
    static let maxRanges = 1_000_000
    private static let metadataFormats: Set<String> = ["gpmd", "camm", "djmd", "dbgi", "rtmd", "mebx", "mett", "metx", "urim"]

    /// Whether a trak box (payload `b[from..<to]`) carries timed metadata.
    static func isMetadataTrack(_ b: [UInt8], from: Int, to: Int) -> Bool {
        if let hdlr = find(["mdia", "hdlr"], in: b, from: from, to: to), let type = fourCC(b, hdlr.lowerBound + 8),
           type == "meta" || type == "camm" {
            return true
        }
        if let stsd = find(["mdia", "minf", "stbl", "stsd"], in: b, from: from, to: to),
           let format = fourCC(b, stsd.lowerBound + 12), metadataFormats.contains(format) {
            return true
        }
        return false
    }

    /// File offsets of the track's sample chunks, sorted; nil when the tables are inconsistent.
    static func sampleRanges(_ b: [UInt8], from: Int, to: Int) -> [Range<Int64>]? {
        let stbl = ["mdia", "minf", "stbl"]
        guard let stsz = find(stbl + ["stsz"], in: b, from: from, to: to),
              let stsc = find(stbl + ["stsc"], in: b, from: from, to: to) else { return nil }
        let offsets: [Int64]
        if let stco = find(stbl + ["stco"], in: b, from: from, to: to) {
            offsets = table(b, stco, width: 4)
        } else if let co64 = find(stbl + ["co64"], in: b, from: from, to: to) {
            offsets = table(b, co64, width: 8)
        } else {
            return nil
        }
        if offsets.isEmpty { return [] } // an empty track
        // Sample sizes: one fixed size, or a table.
        let fixed = Bytes.readBE(b, stsz.lowerBound + 4, 4) ?? 0
        let count = Bytes.readBE(b, stsz.lowerBound + 8, 4) ?? 0
        guard count <= maxEntries else { return nil }
        func size(_ i: Int) -> Int { fixed != 0 ? fixed : (Bytes.readBE(b, stsz.lowerBound + 12 + 4 * i, 4) ?? 0) }
        guard fixed != 0 || stsz.lowerBound + 12 + 4 * count <= stsz.upperBound else { return nil }
        // Samples per chunk, in runs starting at a first chunk.
        let runs = Bytes.readBE(b, stsc.lowerBound + 4, 4) ?? 0
        guard runs <= maxEntries, stsc.lowerBound + 8 + 12 * runs <= stsc.upperBound else { return nil }
        var ranges = [Range<Int64>]()
        var sample = 0
        for run in 0..<runs {
            let at = stsc.lowerBound + 8 + 12 * run
            let first = Bytes.readBE(b, at, 4) ?? 1
            let perChunk = Bytes.readBE(b, at + 4, 4) ?? 0
            let last = run + 1 < runs ? (Bytes.readBE(b, at + 12, 4) ?? 1) - 1 : offsets.count
            guard first >= 1, last <= offsets.count, perChunk <= maxEntries else { return nil }
            if first > last { continue }
            for chunk in first...last {
                var bytes = 0
                var k = 0
                while k < perChunk && sample < count {
                    bytes += size(sample)
                    sample += 1
                    k += 1
                }
                // Runs may name the same chunks again: bound the work, not only the tables.
                guard ranges.count < maxRanges else { return nil }
                let start = offsets[chunk - 1]
                // Offsets come from the file: refuse absurd ones rather than overflow.
                guard start >= 0, start < 1 << 50 else { return nil }
                ranges.append(start..<(start + Int64(bytes)))
            }
        }
        return ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    private static func table(_ b: [UInt8], _ box: Range<Int>, width: Int) -> [Int64] {
        let n = Bytes.readBE(b, box.lowerBound + 4, 4) ?? 0
        guard n <= maxEntries, box.lowerBound + 8 + width * n <= box.upperBound else { return [] }
        return (0..<n).map { Int64(Bytes.readBE(b, box.lowerBound + 8 + width * $0, width) ?? 0) }
    }

    private static func fourCC(_ b: [UInt8], _ at: Int) -> String? {
        guard at >= 0, at + 4 <= b.count else { return nil }
        return String(decoding: b[at..<(at + 4)], as: UTF8.self)
    }

    /// The payload range of the box at `path` inside `b[from..<to]` (first match at each level).
    static func find(_ path: [String], in b: [UInt8], from: Int, to: Int) -> Range<Int>? {
        var lower = from, upper = to
        for name in path {
            var at = lower
            var found: Range<Int>?
            while at + 8 <= upper, let size = Bytes.readBE(b, at, 4) {
                let header = size == 1 ? 16 : 8
                let length = size == 1 ? (Bytes.readBE(b, at + 8, 8) ?? 0) : (size == 0 ? upper - at : size)
                // `length <= upper - at`: a 64-bit size from the file must not overflow `at + length`.
                guard length >= header, length <= upper - at else { return nil }
                if fourCC(b, at + 4) == name {
                    found = (at + header)..<(at + length)
                    break
                }
                at += length
            }
            guard let range = found else { return nil }
            lower = range.lowerBound
            upper = range.upperBound
        }
        return lower..<upper
    }
}
