import EvaultCrypto

/// WebP: keeps image, alpha, animation and ICC chunks; drops EXIF, XMP and unknown
/// chunks, clears their flags in VP8X and rewrites the RIFF size. Held in memory
/// (bounded): the RIFF size comes first and WebP files are small.
enum WebPCleaner {
    static let limit = 256 << 20
    private static let kept: Set<String> = ["VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP"]

    static func clean(_ r: BufferedReader, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        let header = try r.readBytes(12, what: "WebP header")
        guard header[0..<4].elementsEqual("RIFF".utf8), header[8..<12].elementsEqual("WEBP".utf8) else {
            throw MediaCleanError.malformed("not a WebP file")
        }
        let riffSize = Bytes.readLE(header, 4, 4) ?? 0
        guard riffSize >= 4, riffSize <= limit else { throw MediaCleanError.tooLarge("WebP of \(riffSize) bytes") }
        let body = try r.readBytes(riffSize - 4, what: "WebP chunks")
        if try r.copyToEnd(nil) > 0 { report.removed("data after the image") }
        var out = [UInt8]()
        var dropICC = false
        var at = 0
        while at + 8 <= body.count {
            let id = String(decoding: body[at..<(at + 4)], as: UTF8.self)
            guard let size = Bytes.readLE(body, at + 4, 4), at + 8 + size <= body.count else {
                throw MediaCleanError.malformed("WebP chunk \(id) overruns the file")
            }
            let end = min(body.count, at + 8 + size + (size & 1))
            if id == "ICCP" && !ICCProfile.isStandard(Array(body[(at + 8)..<(at + 8 + size)])) {
                report.removed("custom colour profile")
                dropICC = true
            } else if kept.contains(id) {
                var chunk = Array(body[at..<end])
                if id == "VP8X", chunk.count > 8 { chunk[8] &= ~UInt8(0x0C) } // EXIF and XMP flags
                out += chunk
            } else {
                report.removed(id == "EXIF" ? "EXIF metadata" : id == "XMP " ? "XMP metadata" : "other metadata")
            }
            at = end
        }
        guard !out.isEmpty else { throw MediaCleanError.malformed("WebP without image data") }
        // VP8X comes first; its ICC flag must match whether the profile was kept.
        if dropICC, out.count > 8, out[0..<4].elementsEqual("VP8X".utf8) { out[8] &= ~UInt8(0x20) }
        try w.write(Array("RIFF".utf8) + Bytes.le32(out.count + 4) + Array("WEBP".utf8) + out)
    }
}
