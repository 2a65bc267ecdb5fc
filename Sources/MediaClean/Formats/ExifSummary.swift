/// Reads just enough of an EXIF (TIFF-structured) block to keep the Orientation and
/// to name what was removed. Every offset and count is bounded; bad data is ignored,
/// since the whole block is dropped anyway.
struct ExifSummary {
    var orientation: Int?
    var categories = Set<String>()

    /// `tiff` starts at the TIFF header ("II*\0" or "MM\0*").
    init(tiff: [UInt8]) {
        categories.insert("EXIF metadata")
        guard tiff.count >= 8 else { return }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return
        }
        let reader = TIFFFields(bytes: tiff, little: little)
        guard let first = reader.int(4, 4) else { return }
        var visited = Set<Int>()
        var ifd = first
        var index = 0
        while ifd > 0, index < 4, visited.insert(ifd).inserted {
            if index >= 1 { categories.insert("thumbnail") }
            for entry in reader.entries(at: ifd) { note(entry, reader: reader, inMain: index == 0, visited: &visited) }
            ifd = reader.nextIFD(at: ifd) ?? 0
            index += 1
        }
    }

    private mutating func note(_ e: TIFFEntry, reader: TIFFFields, inMain: Bool, visited: inout Set<Int>) {
        switch e.tag {
        case 0x0112 where inMain:
            if let v = reader.scalar(e), (1...8).contains(v) { orientation = v }
        case 0x010F, 0x0110: categories.insert("camera make and model")
        case 0x013B: categories.insert("author")
        case 0x8298: categories.insert("copyright")
        case 0x0131, 0x000B: categories.insert("software")
        case 0x0132, 0x9003, 0x9004: categories.insert("dates")
        case 0x010E, 0x9286, 0x9C9C: categories.insert("comments")
        case 0x9C9D: categories.insert("author")
        case 0xA430: categories.insert("owner name")
        case 0xA431, 0xA435, 0xC62F: categories.insert("camera serial")
        case 0xA420: categories.insert("image unique ID")
        case 0x927C: categories.insert("maker notes")
        case 0x8825: categories.insert("GPS position")
        case 0x8769, 0xA005:
            // Exif and Interoperability sub-IFDs: look inside for serials and owners.
            // Each level recurses: a bounded number of directories, so a chain of
            // nested ones (a 16 MiB PNG eXIf holds a million) cannot exhaust the stack.
            if let sub = reader.scalar(e), visited.count < 64, visited.insert(sub).inserted {
                for inner in reader.entries(at: sub) where inner.tag != 0x8769 {
                    note(inner, reader: reader, inMain: false, visited: &visited)
                }
            }
        default: break
        }
    }

    /// A minimal EXIF block (TIFF header, one IFD, Orientation only), big-endian.
    static func minimalTIFF(orientation: Int) -> [UInt8] {
        var b: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]
        b += [0, 1] // one entry
        b += [0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1] + Bytes.be16(orientation) + [0, 0]
        b += [0, 0, 0, 0] // no next IFD
        return b
    }
}

struct TIFFEntry {
    let tag: Int
    let type: Int
    let count: Int
    /// Offset of the 4-byte value/offset field.
    let fieldOffset: Int
}

/// Bounded accessors over TIFF-structured bytes.
struct TIFFFields {
    let bytes: [UInt8]
    let little: Bool
    static let maxEntries = 4096

    func int(_ at: Int, _ n: Int) -> Int? {
        little ? Bytes.readLE(bytes, at, n) : Bytes.readBE(bytes, at, n)
    }

    func entries(at ifd: Int) -> [TIFFEntry] {
        guard let count = int(ifd, 2), count <= TIFFFields.maxEntries,
              ifd + 2 + count * 12 <= bytes.count else { return [] }
        return (0..<count).compactMap { i in
            let at = ifd + 2 + i * 12
            guard let tag = int(at, 2), let type = int(at + 2, 2), let n = int(at + 4, 4) else { return nil }
            return TIFFEntry(tag: tag, type: type, count: n, fieldOffset: at + 8)
        }
    }

    func nextIFD(at ifd: Int) -> Int? {
        guard let count = int(ifd, 2), count <= TIFFFields.maxEntries else { return nil }
        return int(ifd + 2 + count * 12, 4)
    }

    static func typeSize(_ type: Int) -> Int? {
        switch type {
        case 1, 2, 6, 7: return 1
        case 3, 8: return 2
        case 4, 9, 11, 13: return 4
        case 5, 10, 12: return 8
        case 16, 17, 18: return 8
        default: return nil
        }
    }

    /// The first value of a SHORT or LONG field.
    func scalar(_ e: TIFFEntry) -> Int? {
        switch e.type {
        case 3: return int(e.fieldOffset, 2)
        case 4, 13: return int(e.fieldOffset, 4)
        default: return nil
        }
    }

    /// Byte length of the value, or nil if the type is unknown or the size absurd.
    func valueLength(_ e: TIFFEntry) -> Int? {
        guard let size = TIFFFields.typeSize(e.type), e.count >= 0, e.count <= Int(UInt32.max) else { return nil }
        let (len, overflow) = size.multipliedReportingOverflow(by: e.count)
        return overflow ? nil : len
    }

    /// Where the value lives: inline in the field, or at an offset; nil when out of bounds.
    func valueRange(_ e: TIFFEntry) -> Range<Int>? {
        guard let len = valueLength(e) else { return nil }
        if len <= 4 { return e.fieldOffset..<(e.fieldOffset + len) }
        guard let off = int(e.fieldOffset, 4), off + len <= bytes.count else { return nil }
        return off..<(off + len)
    }
}
