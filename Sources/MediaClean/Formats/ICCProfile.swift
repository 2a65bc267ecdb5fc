/// Colour profiles are kept so colours display the same, but a profile made by a
/// calibration tool names the device or person it was made for. Only profiles
/// whose description names a published colour space are kept.
enum ICCProfile {
    private static let standard = [
        "srgb", "display p3", "adobe rgb", "prophoto", "rec.709", "rec. 709", "rec.2020", "rec. 2020", "bt.709",
        "bt.2020", "dci-p3", "generic rgb", "generic gray", "generic cmyk", "dot gain", "gray gamma",
        "coated fogra", "uncoated fogra", "u.s. web coated", "u.s. sheetfed", "japan color", "iso coated",
        "psoc", "gracol", "swop", "ecirgb", "wide gamut rgb", "apple rgb", "colormatch rgb", "linear rgb",
        "scrgb", "itu-r", "camera rgb", "google/skia", "color lcd",
    ]

    /// True when the profile's description names a standard space.
    static func isStandard(_ profile: [UInt8]) -> Bool {
        guard let description = text(of: "desc", in: profile)?.lowercased(), !description.isEmpty else { return false }
        return standard.contains { description.contains($0) }
    }

    /// The text of a 'desc' (v2 textDescription) or 'mluc' (v4) tag, loosely decoded.
    static func text(of signature: String, in p: [UInt8]) -> String? {
        guard p.count >= 132, let count = Bytes.readBE(p, 128, 4), count <= 200 else { return nil }
        for i in 0..<count {
            let at = 132 + 12 * i
            guard let offset = Bytes.readBE(p, at + 4, 4), let size = Bytes.readBE(p, at + 8, 4),
                  String(decoding: p[min(at, p.count)..<min(at + 4, p.count)], as: UTF8.self) == signature,
                  offset + size <= p.count, size >= 12 else { continue }
            let data = p[offset..<(offset + size)]
            let type = String(decoding: data.prefix(4), as: UTF8.self)
            if type == "desc" {
                return String(decoding: data.dropFirst(12).prefix { $0 != 0 }.filter { $0 >= 0x20 && $0 < 0x7F }, as: UTF8.self)
            }
            if type == "mluc" {
                // UTF-16BE records: keep the ASCII characters, enough to recognise a name.
                return String(decoding: data.dropFirst(16).filter { $0 >= 0x20 && $0 < 0x7F }, as: UTF8.self)
            }
        }
        return nil
    }
}
