import EvaultCrypto

/// TIFF: every IFD of the main chain is rewritten at the end of the file with only
/// the tags needed to display the image; the old directories and every value they
/// pointed at (EXIF and GPS sub-directories, maker notes, XMP, IPTC, strings) are
/// zeroed in place. Image data stays where it was, so no offset changes.
/// Held in memory, bounded: TIFF offsets point anywhere in the file.
enum TIFFCleaner {
    static let limit = 512 << 20
    static let maxIFDs = 1024

    /// Baseline and extension tags that decide how pixels display.
    private static let displayTags: Set<Int> = [
        254, 255, 256, 257, 258, 259, 262, 263, 266, 273, 274, 277, 278, 279, 280, 281, 282, 283, 284, 290, 291, 292,
        293, 296, 301, 317, 318, 319, 320, 321, 322, 323, 324, 325, 332, 338, 339, 340, 341, 347,
        512, 513, 514, 515, 517, 518, 519, 520, 521, // old-style JPEG compression
        529, 530, 531, 532, 34675,
    ]

    static func clean(_ r: BufferedReader, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        var file = try r.readBytes(limit + 1, whatIfShort: true)
        guard file.count <= limit else { throw MediaCleanError.tooLarge("TIFF over \(limit >> 20) MiB") }
        guard file.count >= 8 else { throw MediaCleanError.malformed("truncated TIFF header") }
        let little: Bool
        switch (file[0], file[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: throw MediaCleanError.malformed("not a TIFF file")
        }
        let fields = TIFFFields(bytes: file, little: little)
        guard fields.int(2, 2) == 42 else { throw MediaCleanError.unsupported("BigTIFF or unknown TIFF variant") }
        let chain = try ifdChain(fields)
        var kept = [[(entry: TIFFEntry, value: [UInt8])]]()
        var zeroRanges = [Range<Int>]()
        var keptBytes = 0
        for ifd in chain {
            let entries = fields.entries(at: ifd)
            // DNG and other raw formats keep the picture in tags this cleaner would drop.
            if entries.contains(where: { $0.tag == 50706 || $0.tag == 50708 }) {
                throw MediaCleanError.unsupported("DNG raw photo (TIFF-based raw formats are not cleaned)")
            }
            zeroRanges.append(ifd..<(ifd + 2 + entries.count * 12 + 4))
            var keep = [(entry: TIFFEntry, value: [UInt8])]()
            for e in entries {
                guard let range = fields.valueRange(e) else {
                    if displayTags.contains(e.tag) { throw MediaCleanError.malformed("TIFF tag \(e.tag) points outside the file") }
                    report.removed("other metadata")
                    continue
                }
                if range.lowerBound >= 8 && range.count > 4 { zeroRanges.append(range) }
                if e.tag == 34675 && !ICCProfile.isStandard(Array(file[range])) {
                    report.removed("custom colour profile")
                } else if displayTags.contains(e.tag) {
                    // Overlapping directories can name one large value many times: bound the copy.
                    keptBytes += range.count
                    guard keptBytes <= 4 * file.count + (16 << 20) else { throw MediaCleanError.tooLarge("TIFF directories") }
                    keep.append((e, Array(file[range])))
                } else {
                    note(e, fields: fields, &report, zero: &zeroRanges)
                }
            }
            kept.append(keep.sorted { $0.entry.tag < $1.entry.tag })
        }
        // Directories may overlap and tags may share values: each byte is zeroed once.
        for range in merged(zeroRanges) { for i in range { file[i] = 0 } }
        try appendDirectories(kept, to: &file, little: little)
        try w.write(file)
    }

    /// The ranges sorted and joined where they overlap or touch.
    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out = [Range<Int>]()
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !r.isEmpty {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    private static func ifdChain(_ fields: TIFFFields) throws -> [Int] {
        var chain = [Int]()
        var seen = Set<Int>()
        var next = fields.int(4, 4) ?? 0
        while next != 0 {
            guard next >= 8, next < fields.bytes.count, seen.insert(next).inserted, chain.count < maxIFDs else {
                throw MediaCleanError.malformed("TIFF directory chain is broken or loops")
            }
            guard let count = fields.int(next, 2), count <= TIFFFields.maxEntries,
                  next + 2 + count * 12 + 4 <= fields.bytes.count else {
                throw MediaCleanError.malformed("truncated TIFF directory")
            }
            chain.append(next)
            next = fields.nextIFD(at: next) ?? 0
        }
        guard !chain.isEmpty else { throw MediaCleanError.malformed("TIFF without an image directory") }
        return chain
    }

    /// Names a dropped tag; EXIF and GPS sub-directories are zeroed with their values.
    private static func note(_ e: TIFFEntry, fields: TIFFFields, _ report: inout ReportBuilder, zero: inout [Range<Int>]) {
        switch e.tag {
        case 700: report.removed("XMP metadata")
        case 33723, 34377: report.removed("IPTC metadata")
        case 34665, 34853, 40965:
            report.removed(e.tag == 34853 ? "GPS position" : "EXIF metadata")
            // A pointer past the end has nothing to zero (and `sub..<end` would be no range).
            guard let sub = fields.scalar(e) ?? fields.int(e.fieldOffset, 4), sub < fields.bytes.count else { return }
            let entries = fields.entries(at: sub)
            zero.append(sub..<min(fields.bytes.count, sub + 2 + entries.count * 12 + 4))
            for inner in entries {
                if let range = fields.valueRange(inner), range.count > 4 { zero.append(range) }
                if inner.tag == 0xA431 || inner.tag == 0xA435 { report.removed("camera serial") }
                if inner.tag == 0xA430 { report.removed("owner name") }
                if inner.tag == 0x927C { report.removed("maker notes") }
            }
        default:
            let summary = ExifSummary.categoryOf(tag: e.tag)
            report.removed(summary)
        }
    }

    /// Writes the kept directories after the file's end and points the header at them.
    private static func appendDirectories(_ ifds: [[(entry: TIFFEntry, value: [UInt8])]], to file: inout [UInt8], little: Bool) throws {
        func put(_ v: Int, _ n: Int) -> [UInt8] {
            let be = n == 2 ? Bytes.be16(v) : Bytes.be32(v)
            return little ? be.reversed() : be
        }
        if file.count % 2 == 1 { file.append(0) }
        var previousNextField = 4
        for entries in ifds {
            let ifdStart = file.count
            guard ifdStart < Int(UInt32.max) else { throw MediaCleanError.tooLarge("TIFF over 4 GiB") }
            file.replaceSubrange(previousNextField..<(previousNextField + 4), with: put(ifdStart, 4))
            var valuesAt = ifdStart + 2 + entries.count * 12 + 4
            var directory = put(entries.count, 2)
            var values = [UInt8]()
            for (e, value) in entries {
                directory += put(e.tag, 2) + put(e.type, 2) + put(e.count, 4)
                if value.count <= 4 {
                    directory += value + [UInt8](repeating: 0, count: 4 - value.count)
                } else {
                    directory += put(valuesAt, 4)
                    values += value
                    if value.count % 2 == 1 { values.append(0) }
                    valuesAt = ifdStart + 2 + entries.count * 12 + 4 + values.count
                }
            }
            previousNextField = ifdStart + directory.count
            file += directory + [0, 0, 0, 0] + values
        }
    }
}

extension ExifSummary {
    /// The report category of a dropped TIFF/EXIF tag.
    static func categoryOf(tag: Int) -> String {
        switch tag {
        case 0x010F, 0x0110: return "camera make and model"
        case 0x013B, 0x9C9D: return "author"
        case 0x8298: return "copyright"
        case 0x0131, 0x000B: return "software"
        case 0x0132: return "dates"
        case 0x010E, 0x9C9C, 269, 285: return "comments"
        case 0x013C: return "computer name"
        case 330: return "thumbnail"
        default: return "other metadata"
        }
    }
}
