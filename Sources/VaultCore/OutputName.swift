/// File names that `open --out-dir` writes come from the entry (a sealer, a
/// partner's bundle, a copied vault): written as they are, a control or
/// bidirectional character would drive a terminal from `ls`, a zero-width
/// character would make two names look the same, `/` or `..` would leave the
/// folder, and a leading `-` reads as an option to `rm *`. On disk each such
/// character becomes a visible `_`; the caller reports that the name changed.
public enum OutputName {
    /// The byte limit of one name on Linux filesystems (NAME_MAX).
    static let maxBytes = 255

    /// `name` made safe as one file name in a folder: control (Cc), format (Cf:
    /// bidi overrides and isolates, zero-width characters, BOM), line and paragraph
    /// separators, `/` and `\` become `_`, and so does a leading `.` or `-`; an
    /// empty name becomes `_`; a name over 255 bytes is cut, keeping its extension.
    public static func safe(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            scalars.append(isUnsafe(scalar) ? "_" : scalar)
        }
        if let first = scalars.first, first == "." || first == "-" {
            scalars.replaceSubrange(scalars.startIndex...scalars.startIndex, with: ["_"])
        }
        let safe = scalars.isEmpty ? "_" : String(scalars)
        return shortened(safe)
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "/" || scalar == "\\" { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Cuts the stem (on a character boundary) so the whole name fits in NAME_MAX.
    private static func shortened(_ name: String) -> String {
        guard name.utf8.count > maxBytes else { return name }
        var stem = Substring(name), ext = Substring("")
        if let dot = name.lastIndex(of: "."), dot != name.startIndex, name.utf8.distance(from: dot, to: name.endIndex) <= 32 {
            (stem, ext) = (name[..<dot], name[dot...])
        }
        var out = ""
        for character in stem {
            if out.utf8.count + String(character).utf8.count + ext.utf8.count > maxBytes { break }
            out.append(character)
        }
        return out + ext
    }
}
