/// The formats evault can clean without re-encoding. Detected by content, never trusted by name alone.
public enum MediaFormat: String, Codable, Sendable, CaseIterable {
    case jpeg, png, webp, gif, tiff, pdf, docx, xlsx, pptx, odt, ods, odp, mp4, mov, m4a, mp3, flac, ogg, wav

    /// Photos, audio and video: metadata is removed, but faces, voices and visible text are not redacted.
    public var isMedia: Bool {
        switch self {
        case .jpeg, .png, .webp, .gif, .tiff, .mp4, .mov, .m4a, .mp3, .flac, .ogg, .wav: return true
        case .pdf, .docx, .xlsx, .pptx, .odt, .ods, .odp: return false
        }
    }

    /// Documents whose text layer is redacted with the seal's declared identities.
    public var hasText: Bool { !isMedia }

    /// The usual file name extension of a clean copy.
    public var fileExtension: String { rawValue }

    /// Detects the format by magic bytes (give the first 128 bytes: ODF names its kind
    /// around byte 40-90, the rest need 64); the file name
    /// only separates formats sharing a container (zip: docx/xlsx/pptx, ISO BMFF brands).
    public static func detect(prefix: [UInt8], fileName: String?) -> MediaFormat? {
        let ext = fileName.map { name -> String in
            guard let dot = name.lastIndex(of: ".") else { return "" }
            return String(name[name.index(after: dot)...]).lowercased()
        } ?? ""
        let p = prefix
        func at(_ offset: Int, _ ascii: String) -> Bool {
            let bytes = Array(ascii.utf8)
            guard p.count >= offset + bytes.count else { return false }
            return Array(p[offset..<(offset + bytes.count)]) == bytes
        }
        if p.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if p.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if at(0, "RIFF") && at(8, "WEBP") { return .webp }
        if at(0, "RIFF") && at(8, "WAVE") { return .wav }
        if at(0, "GIF87a") || at(0, "GIF89a") { return .gif }
        if at(0, "II*\0") || at(0, "MM\0*") { return .tiff }
        if at(0, "%PDF-") { return .pdf }
        if at(0, "fLaC") { return .flac }
        if at(0, "OggS") { return .ogg }
        if at(0, "ID3") {
            // FLAC files sometimes carry an ID3v2 prefix; the name decides, MP3 otherwise.
            return ext == "flac" ? .flac : .mp3
        }
        if p.count >= 2, p[0] == 0xFF, p[1] & 0xE0 == 0xE0, ext == "mp3" { return .mp3 }
        if at(4, "ftyp") { return isoFormat(brand: p.count >= 12 ? Array(p[8..<12]) : [], ext: ext) }
        if at(4, "moov") || at(4, "mdat") || at(4, "wide") || at(4, "free") {
            return ext == "mov" ? .mov : (ext == "m4a" ? .m4a : (ext == "mp4" ? .mp4 : nil))
        }
        if at(0, "PK\u{3}\u{4}") { return zipFormat(prefix: p, ext: ext) }
        return nil
    }

    private static func isoFormat(brand: [UInt8], ext: String) -> MediaFormat? {
        let b = String(decoding: brand, as: UTF8.self)
        if b == "qt  " { return .mov }
        if b.hasPrefix("M4A") || b.hasPrefix("M4B") { return .m4a }
        // HEIC/AVIF share the box syntax but not the layout this cleaner edits.
        if ["heic", "heix", "mif1", "msf1", "avif", "avis", "hevc"].contains(b) { return nil }
        switch ext {
        case "mov": return .mov
        case "m4a": return .m4a
        default: return .mp4
        }
    }

    /// ODF names its type in the first, stored `mimetype` member; OOXML needs the name.
    private static func zipFormat(prefix p: [UInt8], ext: String) -> MediaFormat? {
        let text = String(decoding: p, as: UTF8.self)
        if text.contains("application/vnd.oasis.opendocument.text") { return .odt }
        if text.contains("application/vnd.oasis.opendocument.spreadsheet") { return .ods }
        if text.contains("application/vnd.oasis.opendocument.presentation") { return .odp }
        switch ext {
        case "docx": return .docx
        case "xlsx": return .xlsx
        case "pptx": return .pptx
        case "odt": return .odt
        case "ods": return .ods
        case "odp": return .odp
        default: return nil
        }
    }
}
