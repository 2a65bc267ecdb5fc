import EvaultCrypto

/// FLAC: keeps STREAMINFO and SEEKTABLE, drops Vorbis comments, pictures, cue
/// sheets, application blocks and padding (and a leading ID3 tag); frames streamed.
enum FLACCleaner {
    static let blockLimit = 16 << 20

    static func clean(_ r: BufferedReader, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        try MP3Cleaner.skipID3v2(r, &report)
        guard try r.readBytes(4, what: "FLAC header") == Array("fLaC".utf8) else {
            throw MediaCleanError.malformed("not a FLAC file")
        }
        var kept = [(type: UInt8, body: [UInt8])]()
        var last = false
        var count = 0
        while !last {
            count += 1
            guard count <= 10_000 else { throw MediaCleanError.malformed("too many FLAC metadata blocks") }
            let head = try r.readBytes(4, what: "FLAC metadata block")
            last = head[0] & 0x80 != 0
            let type = head[0] & 0x7F
            let length = Bytes.readBE(head, 1, 3) ?? 0
            guard type != 127 else { throw MediaCleanError.malformed("invalid FLAC metadata block") }
            guard count > 1 || type == 0 else { throw MediaCleanError.malformed("FLAC does not start with STREAMINFO") }
            if type == 0 || type == 3 {
                kept.append((type, try r.readBytes(length, what: "FLAC metadata block")))
            } else {
                if let category = category(type) { report.removed(category) }
                try r.skip(Int64(length), what: "FLAC metadata block")
            }
        }
        try w.write(Array("fLaC".utf8))
        for (i, block) in kept.enumerated() {
            let flag: UInt8 = i == kept.count - 1 ? 0x80 : 0
            try w.write([flag | block.type] + Array(Bytes.be32(block.body.count)[1...]) + block.body)
        }
        try r.copyToEnd(w)
    }

    private static func category(_ type: UInt8) -> String? {
        switch type {
        case 1: return nil
        case 2: return "application data"
        case 4: return "Vorbis comments (tags)"
        case 5: return "cue sheet"
        case 6: return "embedded pictures"
        default: return "other metadata"
        }
    }
}
