import CQPDF
import EvaultCrypto

/// PNG: keeps the chunks that decide how the picture displays (image data, palette,
/// transparency, colour space, physical size, animation) and drops text, EXIF (except
/// Orientation), time and private chunks. Chunks are streamed, CRCs kept.
enum PNGCleaner {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    private static let kept: Set<String> = [
        "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "bKGD", "pHYs",
        "acTL", "fcTL", "fdAT", "cICP", "mDCV", "cLLI", "mDCv", "cLLi",
    ]
    private static let parsedLimit = 16 << 20

    static func clean(_ r: BufferedReader, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        guard try r.readBytes(8, what: "PNG signature") == signature else {
            throw MediaCleanError.malformed("not a PNG file")
        }
        try w.write(signature)
        var first = true
        while true {
            let length = try r.readUInt32BE(what: "PNG chunk length")
            guard length <= 0x7FFF_FFFF else { throw MediaCleanError.malformed("PNG chunk length too large") }
            let typeBytes = try r.readBytes(4, what: "PNG chunk type")
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw MediaCleanError.malformed("invalid PNG chunk type at byte \(r.position - 4)")
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard !first || type == "IHDR" else { throw MediaCleanError.malformed("PNG does not start with IHDR") }
            first = false
            let critical = typeBytes[0] & 0x20 == 0
            if kept.contains(type) || critical {
                try w.write(Bytes.be32(length) + typeBytes)
                try r.copy(length + 4, to: w, what: "PNG \(type) chunk")
            } else if type == "iCCP" || type == "eXIf" {
                guard length <= parsedLimit else { throw MediaCleanError.tooLarge("PNG \(type) chunk") }
                let data = try r.readBytes(length, what: "PNG \(type) chunk")
                try r.skip(4, what: "PNG chunk CRC")
                try rewrite(type, data, w, &report)
            } else {
                let key = type.hasSuffix("Xt") ? try keyword(r, length) : ""
                report.removed(category(type, keyword: key))
                try r.skip(Int64(length) + 4, what: "PNG \(type) chunk")
            }
            if type == "IEND" {
                if try r.copyToEnd(nil) > 0 { report.removed("data after the image") }
                return
            }
        }
    }

    /// The keyword of a text chunk, peeked without consuming (at most 79 bytes).
    private static func keyword(_ r: BufferedReader, _ length: Int) throws -> String {
        let n = min(length, 80)
        guard let bytes = try r.peek(n) else { throw MediaCleanError.malformed("truncated PNG text chunk") }
        return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func category(_ type: String, keyword: String) -> String {
        switch (type, keyword.lowercased()) {
        case (_, "xml:com.adobe.xmp"): return "XMP metadata"
        case (_, "author"): return "author"
        case (_, "comment"), (_, "description"), (_, "title"): return "comments"
        case (_, "copyright"): return "copyright"
        case (_, "creation time"), ("tIME", _): return "dates"
        case (_, "software"): return "software"
        case (_, let k) where k.hasPrefix("raw profile type"): return "EXIF metadata"
        case ("tEXt", _), ("zTXt", _), ("iTXt", _): return "text chunks"
        default: return "other metadata"
        }
    }

    private static func rewrite(_ type: String, _ data: [UInt8], _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        if type == "iCCP" {
            // The profile name is free text; the profile itself is kept for colour.
            guard let nul = data.firstIndex(of: 0), nul <= 79, nul + 2 <= data.count else {
                throw MediaCleanError.malformed("PNG iCCP chunk without a name")
            }
            guard let profile = inflate(Array(data[(nul + 2)...])), ICCProfile.isStandard(profile) else {
                report.removed("custom colour profile")
                return
            }
            try chunk("iCCP", Array("ICC profile".utf8) + data[nul...], w)
            return
        }
        let summary = ExifSummary(tiff: data)
        summary.categories.forEach { report.removed($0) }
        if let o = summary.orientation, o != 1 { try chunk("eXIf", ExifSummary.minimalTIFF(orientation: o), w) }
    }

    /// A zlib stream decompressed within a fixed bound (profiles are small).
    private static func inflate(_ input: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 4 << 20)
        var length = 0
        let rc = input.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                evault_inflate(src.baseAddress, src.count, dst.baseAddress, dst.count, &length)
            }
        }
        return rc == 0 ? Array(out[0..<length]) : nil
    }

    static func chunk(_ type: String, _ data: [UInt8], _ w: BufferedWriter) throws {
        let typed = Array(type.utf8) + data
        try w.write(Bytes.be32(data.count) + typed + Bytes.be32(Int(CRC32.zlib(typed))))
    }
}
