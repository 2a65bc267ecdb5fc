import EvaultCrypto

/// JPEG: copies the markers that decode the picture (tables, frame, scans) and drops
/// every APPn and COM segment except JFIF (without thumbnail), ICC profile and Adobe
/// colour transform; the EXIF Orientation is re-emitted alone. Entropy data is streamed.
enum JPEGCleaner {
    static func clean(_ r: BufferedReader, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        guard try r.readBytes(2, what: "JPEG header") == [0xFF, 0xD8] else {
            throw MediaCleanError.malformed("not a JPEG file")
        }
        try w.write([0xFF, 0xD8])
        var state = State()
        while true {
            guard try r.readByte(what: "JPEG marker") == 0xFF else {
                throw MediaCleanError.malformed("JPEG marker expected at byte \(r.position - 1)")
            }
            var marker = try r.readByte(what: "JPEG marker")
            while marker == 0xFF { marker = try r.readByte(what: "JPEG marker") }
            if marker != 0xE2 { try flushICC(&state, w, &report) }
            switch marker {
            case 0xD9:
                try w.write([0xFF, 0xD9])
                if try r.copyToEnd(nil) > 0 { report.removed("data after the image") }
                return
            case 0xD0...0xD7, 0x01:
                try w.write([0xFF, marker])
            case 0xD8, 0x00:
                throw MediaCleanError.malformed("unexpected JPEG marker at byte \(r.position - 1)")
            default:
                let length = try r.readUInt16BE(what: "JPEG segment length")
                guard length >= 2 else { throw MediaCleanError.malformed("JPEG segment length \(length)") }
                if marker == 0xDA {
                    try w.write([0xFF, marker] + Bytes.be16(length))
                    try r.copy(length - 2, to: w, what: "JPEG scan header")
                    try copyEntropyData(r, w)
                } else if (0xE0...0xEF).contains(marker) || marker == 0xFE {
                    let payload = try r.readBytes(length - 2, what: "JPEG segment")
                    try application(marker, payload, w, &state, &report)
                } else {
                    try w.write([0xFF, marker] + Bytes.be16(length))
                    try r.copy(length - 2, to: w, what: "JPEG segment")
                }
            }
        }
    }

    private struct State {
        var wroteJFIF = false
        var wroteExif = false
        /// ICC profile segments, held until the profile is whole and judged.
        var icc: [[UInt8]] = []
        var iccBytes = 0
    }

    /// Emits the held ICC profile if it is a standard colour space, drops it otherwise.
    private static func flushICC(_ state: inout State, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        guard !state.icc.isEmpty else { return }
        let ordered = state.icc.sorted { $0.count > 12 && $1.count > 12 && $0[12] < $1[12] }
        let profile = ordered.flatMap { $0.dropFirst(14) }
        if ICCProfile.isStandard(profile) {
            for payload in ordered { try segment(0xE2, payload, w) }
        } else {
            report.removed("custom colour profile")
        }
        state.icc = []
        state.iccBytes = 0
    }

    private static func application(
        _ marker: UInt8, _ payload: [UInt8], _ w: BufferedWriter, _ state: inout State, _ report: inout ReportBuilder
    ) throws {
        func starts(_ s: String) -> Bool { payload.starts(with: Array(s.utf8)) }
        switch marker {
        case 0xE0 where starts("JFIF\0") && payload.count >= 14 && !state.wroteJFIF:
            var jfif = Array(payload[0..<14])
            if jfif[12] != 0 || jfif[13] != 0 || payload.count > 14 { report.removed("thumbnail") }
            jfif[12] = 0
            jfif[13] = 0
            try segment(0xE0, jfif, w)
            state.wroteJFIF = true
        case 0xE0 where starts("JFXX\0"):
            report.removed("thumbnail")
        case 0xE1 where starts("Exif\0\0"):
            let summary = ExifSummary(tiff: Array(payload.dropFirst(6)))
            summary.categories.forEach { report.removed($0) }
            if let o = summary.orientation, o != 1, !state.wroteExif {
                try segment(0xE1, Array("Exif\0\0".utf8) + ExifSummary.minimalTIFF(orientation: o), w)
                state.wroteExif = true
            }
        case 0xE1 where starts("http://ns.adobe.com/"):
            report.removed("XMP metadata")
        case 0xE2 where starts("ICC_PROFILE\0") && payload.count > 14:
            state.iccBytes += payload.count
            guard state.iccBytes <= 16 << 20 else { throw MediaCleanError.tooLarge("JPEG colour profile") }
            state.icc.append(payload)
        case 0xE2 where starts("MPF\0"):
            report.removed("embedded preview images")
        case 0xED:
            report.removed("IPTC metadata")
        case 0xEE where starts("Adobe"):
            try segment(marker, payload, w) // colour transform: needed to decode CMYK/YCCK
        case 0xFE:
            report.removed("comments")
        default:
            report.removed("other metadata")
        }
    }

    private static func segment(_ marker: UInt8, _ payload: [UInt8], _ w: BufferedWriter) throws {
        try w.write([0xFF, marker] + Bytes.be16(payload.count + 2) + payload)
    }

    /// Copies entropy-coded data up to the next marker that is not a restart or a stuffed 0xFF.
    private static func copyEntropyData(_ r: BufferedReader, _ w: BufferedWriter) throws {
        while true {
            guard try r.fill(2) else { throw MediaCleanError.malformed("truncated JPEG image data") }
            let (count, found) = r.withBuffered { buf -> (Int, Bool) in
                var i = 0
                let n = buf.count
                while i + 1 < n {
                    if buf[i] == 0xFF {
                        let m = buf[i + 1]
                        if m != 0 && !(0xD0...0xD7).contains(m) { return (i, true) }
                        i += 2
                    } else {
                        i += 1
                    }
                }
                return (i, false)
            }
            try r.copy(count, to: w, what: "JPEG image data")
            if found { return }
        }
    }
}
