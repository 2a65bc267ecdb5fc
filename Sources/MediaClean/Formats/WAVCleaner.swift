import EvaultCrypto

/// WAV (RIFF/WAVE, RF64): keeps the chunks that play the sound (fmt, data, fact, ds64)
/// and turns every other chunk (LIST/INFO, bext, iXML, id3, XMP...) into a zero-filled
/// JUNK chunk of the same size, so the RIFF size stays right while streaming.
enum WAVCleaner {
    private static let kept: Set<String> = ["fmt ", "data", "fact", "ds64"]

    static func clean(_ r: BufferedReader, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        let header = try r.readBytes(12, what: "WAV header")
        let magic = String(decoding: header[0..<4], as: UTF8.self)
        guard magic == "RIFF" || magic == "RF64", header[8..<12].elementsEqual("WAVE".utf8) else {
            throw MediaCleanError.malformed("not a WAV file")
        }
        try w.write(header)
        let riffSize = Bytes.readLE(header, 4, 4) ?? 0
        var left: Int64 = magic == "RF64" || riffSize == 0xFFFF_FFFF ? Int64.max : Int64(riffSize) - 4
        var chunks = 0
        while left >= 8, try r.fill(8) {
            chunks += 1
            guard chunks <= 100_000 else { throw MediaCleanError.malformed("too many WAV chunks") }
            let head = try r.readBytes(8, what: "WAV chunk header")
            let id = String(decoding: head[0..<4], as: UTF8.self)
            let size = Bytes.readLE(head, 4, 4) ?? 0
            if id == "data" && (size == 0xFFFF_FFFF || size == 0) {
                try w.write(head)
                try r.copyToEnd(w) // streaming recorders leave the size open
                return
            }
            let padded = Int64(size + (size & 1))
            if kept.contains(id) {
                try w.write(head)
                try r.copy(padded, to: w, what: "WAV \(id) chunk")
            } else {
                report.removed(category(id))
                try w.write(Array("JUNK".utf8) + head[4..<8])
                try r.skip(padded, what: "WAV \(id) chunk")
                try zeros(padded, w)
            }
            left -= 8 + padded
        }
        if try r.copyToEnd(nil) > 0 { report.removed("data after the audio") }
    }

    private static func category(_ id: String) -> String {
        switch id {
        case "LIST": return "INFO tags"
        case "bext": return "broadcast description"
        case "iXML": return "iXML metadata"
        case "_PMX": return "XMP metadata"
        case "id3 ", "ID3 ": return "ID3 tags"
        case "JUNK", "PAD ", "FLLR": return "padding"
        default: return "other metadata"
        }
    }

    static func zeros(_ count: Int64, _ w: BufferedWriter) throws {
        let block = [UInt8](repeating: 0, count: 64 * 1024)
        var left = count
        while left > 0 {
            let n = Int(min(left, Int64(block.count)))
            try block.withUnsafeBytes { try w.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            left -= Int64(n)
        }
    }
}
