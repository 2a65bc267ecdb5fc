import EvaultCrypto

/// MP4, MOV and M4A (ISO base media / QuickTime): metadata boxes (udta, meta, ilst,
/// keys, uuid/XMP) become `free` boxes of the same size, and creation/modification
/// times are zeroed. Sizes never change, so every sample offset (stco/co64) stays
/// valid whether moov comes before or after mdat. mdat is streamed untouched.
enum MP4Cleaner {
    /// moov is edited in memory; real ones are a few MB even for hours of video.
    static let moovLimit = 256 << 20
    /// Top-level boxes copied as they are; anything else unknown is blanked.
    private static let structural: Set<String> = [
        "ftyp", "mdat", "free", "skip", "wide", "moof", "mfra", "sidx", "styp", "pdin", "emsg", "prft", "ssix",
    ]
    private static let metadata: Set<String> = ["udta", "meta", "uuid", "Xtra", "ilst", "keys", "XMP_"]
    private static let containers: Set<String> = [
        "moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "mvex", "moof", "traf", "tref",
    ]

    /// `samplesToZero`: byte ranges of timed metadata samples found by a first pass
    /// (`timedMetadataRanges`); without it only a moov that precedes mdat is known in time.
    static func clean(_ r: BufferedReader, _ w: BufferedWriter, samplesToZero: [Range<Int64>]? = nil,
                      _ report: inout ReportBuilder) throws {
        var zero = samplesToZero ?? []
        var sawMdat = false
        var boxes = 0
        while try !r.atEnd() {
            boxes += 1
            guard boxes <= 100_000 else { throw MediaCleanError.malformed("too many top-level MP4 boxes") }
            let header = try BoxHeader.read(r)
            let type = header.type
            if type == "moov" {
                guard !header.toEnd else { throw MediaCleanError.malformed("MP4 moov box without a size") }
                guard header.payloadSize <= Int64(moovLimit) else { throw MediaCleanError.tooLarge("MP4 moov box") }
                var box = header.bytes + (try r.readBytes(Int(header.payloadSize), what: "MP4 moov box"))
                var found = [Range<Int64>]()
                try cleanChildren(&box, from: header.bytes.count, to: box.count, depth: 0, &found, &report)
                if !found.isEmpty && sawMdat && samplesToZero == nil {
                    // Only the index is gone; the samples were already copied.
                    report.removed("timed metadata index (samples kept: input not seekable)")
                }
                if samplesToZero == nil { zero = (zero + found).sorted { $0.lowerBound < $1.lowerBound } }
                try w.write(box)
            } else if structural.contains(type) {
                sawMdat = sawMdat || type == "mdat"
                try w.write(header.bytes)
                if header.toEnd {
                    try copyZeroing(r, Int64.max, w, zero)
                } else {
                    try copyZeroing(r, header.payloadSize, w, zero)
                }
            } else {
                report.removed(metadata.contains(type) ? "metadata" : "other metadata")
                try w.write(header.freeBytes)
                if header.toEnd {
                    while try r.fill(1) {
                        let n = r.available
                        try w.write([UInt8](repeating: 0, count: n))
                        r.consume(n)
                    }
                } else {
                    try writeZeros(header.payloadSize, w)
                    try r.skip(header.payloadSize, what: "MP4 \(type) box")
                }
            }
        }
        guard boxes > 0 else { throw MediaCleanError.malformed("empty MP4 file") }
    }

    private static func writeZeros(_ count: Int64, _ w: BufferedWriter) throws {
        let zeros = [UInt8](repeating: 0, count: 64 * 1024)
        var left = count
        while left > 0 {
            let n = Int(min(left, Int64(zeros.count)))
            try zeros.withUnsafeBytes { try w.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            left -= Int64(n)
        }
    }

    /// Copies `count` bytes (to the end when Int64.max), writing zeros over `ranges` (absolute offsets).
    private static func copyZeroing(_ r: BufferedReader, _ count: Int64, _ w: BufferedWriter, _ ranges: [Range<Int64>]) throws {
        var left = count
        var next = 0
        while left > 0 {
            guard try r.fill(1) else {
                if count == Int64.max { return }
                throw MediaCleanError.malformed("truncated MP4 box")
            }
            let here = r.position
            var n = Int64(r.available)
            n = min(n, left)
            // Stop at the next range boundary so each piece is wholly kept or zeroed.
            var inside = false
            while next < ranges.count && ranges[next].upperBound <= here { next += 1 }
            if next < ranges.count {
                let range = ranges[next]
                if range.lowerBound <= here {
                    inside = true
                    n = min(n, range.upperBound - here)
                } else {
                    n = min(n, range.lowerBound - here)
                }
            }
            let chunk = Int(n)
            if inside {
                try WAVCleaner.zeros(n, w)
                r.consume(chunk)
            } else {
                try r.copy(chunk, to: w, what: "MP4 box")
            }
            left -= n
        }
    }

    /// First pass over a seekable or reopened input: where the timed metadata samples are.
    static func timedMetadataRanges(_ r: BufferedReader) throws -> [Range<Int64>] {
        var ranges = [Range<Int64>]()
        var boxes = 0
        var scratch = ReportBuilder()
        while try !r.atEnd() {
            boxes += 1
            guard boxes <= 100_000 else { throw MediaCleanError.malformed("too many top-level MP4 boxes") }
            let header = try BoxHeader.read(r)
            if header.type == "moov" && !header.toEnd {
                guard header.payloadSize <= Int64(moovLimit) else { throw MediaCleanError.tooLarge("MP4 moov box") }
                var box = header.bytes + (try r.readBytes(Int(header.payloadSize), what: "MP4 moov box"))
                try cleanChildren(&box, from: header.bytes.count, to: box.count, depth: 0, &ranges, &scratch)
            } else if header.toEnd {
                break
            } else {
                try r.skip(header.payloadSize, what: "MP4 \(header.type) box")
            }
        }
        return ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Walks the boxes in `b[from..<to]`, blanking metadata and zeroing times in place.
    private static func cleanChildren(_ b: inout [UInt8], from: Int, to: Int, depth: Int,
                                      _ samples: inout [Range<Int64>], _ report: inout ReportBuilder) throws {
        guard depth < 16 else { throw MediaCleanError.malformed("MP4 boxes nested too deeply") }
        var at = from
        while at < to {
            guard to - at >= 8, var size = Bytes.readBE(b, at, 4) else { throw MediaCleanError.malformed("truncated MP4 box") }
            let type = String(decoding: b[(at + 4)..<(at + 8)], as: UTF8.self)
            var headerSize = 8
            if size == 1 {
                guard let large = Bytes.readBE(b, at + 8, 8) else { throw MediaCleanError.malformed("truncated MP4 box") }
                size = large
                headerSize = 16
            } else if size == 0 {
                size = to - at
            }
            guard size >= headerSize, size <= to - at else { throw MediaCleanError.malformed("MP4 box \(type) overruns its parent") }
            let end = at + size
            if type == "stsd" && Self.carriesSEI(b[(at + headerSize)..<end]) {
                // SEI user data sits inside the coded frames; removing it means
                // rewriting every sample table, so it is kept and said (FORMAT.md §7).
                report.kept(Self.seiKept)
            }
            if type == "trak" && MP4TimedMetadata.isMetadataTrack(b, from: at + headerSize, to: end) {
                // GPS, motion or face data as samples: drop the track and zero its samples.
                report.removed("timed metadata track (GPS, motion)")
                guard let ranges = MP4TimedMetadata.sampleRanges(b, from: at + headerSize, to: end) else {
                    // Samples that cannot be located cannot be zeroed: refuse rather than leave them.
                    throw MediaCleanError.malformed("MP4 metadata track whose samples cannot be located")
                }
                samples += ranges
                guard samples.count <= 1_000_000 else { throw MediaCleanError.tooLarge("MP4 metadata track index") }
                blank(&b, at: at, headerSize: headerSize, end: end)
            } else if containers.contains(type) {
                try cleanChildren(&b, from: at + headerSize, to: end, depth: depth + 1, &samples, &report)
            } else if metadata.contains(type) {
                describe(b[(at + headerSize)..<end], type: type, &report)
                blank(&b, at: at, headerSize: headerSize, end: end)
            } else if type == "mvhd" || type == "tkhd" || type == "mdhd" {
                zeroTimes(&b, at: at + headerSize, end: end, &report)
            }
            at = end
        }
    }

    private static func blank(_ b: inout [UInt8], at: Int, headerSize: Int, end: Int) {
        b.replaceSubrange((at + 4)..<(at + 8), with: Array("free".utf8))
        for i in (at + headerSize)..<end { b[i] = 0 }
    }

    /// Full box: version 0 has 32-bit creation and modification times, version 1 64-bit.
    private static func zeroTimes(_ b: inout [UInt8], at: Int, end: Int, _ report: inout ReportBuilder) {
        guard at + 4 <= end else { return }
        let width = b[at] == 1 ? 8 : 4
        let range = (at + 4)..<min(end, at + 4 + 2 * width)
        if b[range].contains(where: { $0 != 0 }) { report.removed("recording dates") }
        for i in range { b[i] = 0 }
    }

    static let seiKept = "H.264/H.265 SEI user data inside the video frames (encoder settings; some cameras write a serial or GPS there)"

    /// Whether a sample description holds an H.264 or H.265 sample entry, whose
    /// frames may carry SEI user-data NAL units.
    static func carriesSEI(_ payload: ArraySlice<UInt8>) -> Bool {
        let entries = ["avc1", "avc2", "avc3", "avc4", "hvc1", "hev1", "dvh1", "dvhe"].map { Array($0.utf8) }
        let bytes = Array(payload.prefix(4096))
        guard bytes.count >= 4 else { return false }
        for i in 0..<(bytes.count - 3) where entries.contains(where: { bytes[i..<(i + 4)].elementsEqual($0) }) { return true }
        return false
    }

    /// Names what a metadata box held, by the well-known keys inside it.
    private static func describe(_ payload: ArraySlice<UInt8>, type: String, _ report: inout ReportBuilder) {
        let text = String(decoding: payload, as: Unicode.ASCII.self)
        let checks: [(String, [String])] = [
            ("GPS position", ["\u{A9}xyz", "xyz", "location", "loci", "GPS"]),
            ("camera make and model", ["mak", "mod", ".make", ".model"]),
            ("camera serial", ["serial", "Serial"]),
            ("author", ["ART", "aut", "auth", "artist", "author", "creator"]),
            ("dates", ["day", "creationdate", "CreateDate"]),
            ("software", ["swr", "too", "software"]),
            ("comments", ["cmt", "desc", "des", "comment"]),
            ("title", ["nam", "titl", "title"]),
        ]
        for (category, keys) in checks where keys.contains(where: { text.contains($0) }) {
            report.removed(category)
        }
        report.removed(type == "uuid" ? "XMP metadata" : "metadata")
    }
}

/// One box header read from the stream, with the bytes to re-emit it.
struct BoxHeader {
    let type: String
    let bytes: [UInt8]
    let payloadSize: Int64
    let toEnd: Bool

    static func read(_ r: BufferedReader) throws -> BoxHeader {
        var bytes = try r.readBytes(8, what: "MP4 box header")
        let size32 = Bytes.readBE(bytes, 0, 4) ?? 0
        let type = String(decoding: bytes[4..<8], as: UTF8.self)
        guard bytes[4..<8].allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0xA9 }) else {
            throw MediaCleanError.malformed("invalid MP4 box type at byte \(r.position - 4)")
        }
        if size32 == 1 {
            let large = try r.readBytes(8, what: "MP4 box size")
            bytes += large
            guard let size = Bytes.readBE(large, 0, 8), size >= 16, size <= Int.max / 2 else {
                throw MediaCleanError.malformed("MP4 box \(type) has an impossible size")
            }
            return BoxHeader(type: type, bytes: bytes, payloadSize: Int64(size - 16), toEnd: false)
        }
        if size32 == 0 { return BoxHeader(type: type, bytes: bytes, payloadSize: 0, toEnd: true) }
        guard size32 >= 8 else { throw MediaCleanError.malformed("MP4 box \(type) has size \(size32)") }
        return BoxHeader(type: type, bytes: bytes, payloadSize: Int64(size32 - 8), toEnd: false)
    }

    /// The same header with the type changed to `free`.
    var freeBytes: [UInt8] {
        var b = bytes
        b.replaceSubrange(4..<8, with: Array("free".utf8))
        return b
    }
}
