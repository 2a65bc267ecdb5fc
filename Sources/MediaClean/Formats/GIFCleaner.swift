import EvaultCrypto

/// GIF: copies screen, colour tables, images and graphic control (timing,
/// transparency); drops comments and application extensions except the looping
/// ones (NETSCAPE2.0, ANIMEXTS1.0) and ICC profiles. Streamed block by block.
enum GIFCleaner {
    static func clean(_ r: BufferedReader, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        let header = try r.readBytes(13, what: "GIF header")
        guard header[0..<6].elementsEqual("GIF87a".utf8) || header[0..<6].elementsEqual("GIF89a".utf8) else {
            throw MediaCleanError.malformed("not a GIF file")
        }
        try w.write(header)
        try copyColourTable(flags: header[10], r, w)
        while true {
            let introducer = try r.readByte(what: "GIF block")
            switch introducer {
            case 0x3B:
                try w.write([0x3B])
                if try r.copyToEnd(nil) > 0 { report.removed("data after the image") }
                return
            case 0x2C:
                let descriptor = try r.readBytes(9, what: "GIF image descriptor")
                try w.write([0x2C] + descriptor)
                try copyColourTable(flags: descriptor[8], r, w)
                try r.copy(1, to: w, what: "GIF LZW code size")
                try subBlocks(r, w)
            case 0x21:
                let label = try r.readByte(what: "GIF extension")
                try extensionBlock(label, r, w, &report)
            default:
                throw MediaCleanError.malformed("unknown GIF block at byte \(r.position - 1)")
            }
        }
    }

    private static func extensionBlock(_ label: UInt8, _ r: BufferedReader, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        switch label {
        case 0xF9, 0x01:
            try w.write([0x21, label])
            try subBlocks(r, w)
        case 0xFF:
            let size = try r.readByte(what: "GIF application extension")
            let id = try r.readBytes(Int(size), what: "GIF application extension")
            let name = String(decoding: id, as: UTF8.self)
            if name == "NETSCAPE2.0" || name == "ANIMEXTS1.0" || name.hasPrefix("ICCRGBG1") {
                try w.write([0x21, 0xFF, size] + id)
                try subBlocks(r, w)
            } else {
                report.removed(name.hasPrefix("XMP Data") ? "XMP metadata" : "other metadata")
                try subBlocks(r, nil)
            }
        case 0xFE:
            report.removed("comments")
            try subBlocks(r, nil)
        default:
            report.removed("other metadata")
            try subBlocks(r, nil)
        }
    }

    private static func copyColourTable(flags: UInt8, _ r: BufferedReader, _ w: BufferedWriter) throws {
        guard flags & 0x80 != 0 else { return }
        try r.copy(3 << (Int(flags & 0x07) + 1), to: w, what: "GIF colour table")
    }

    /// Data sub-blocks up to the zero terminator; copied to `w`, or dropped when nil.
    private static func subBlocks(_ r: BufferedReader, _ w: BufferedWriter?) throws {
        while true {
            let size = try r.readByte(what: "GIF data block")
            try w?.write([size])
            if size == 0 { return }
            try r.copy(Int(size), to: w, what: "GIF data block")
        }
    }
}
