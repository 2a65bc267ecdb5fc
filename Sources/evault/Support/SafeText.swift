/// Text from a bundle, a manifest or any file is shown with every character that
/// could move the cursor, recolour the terminal, reorder what is displayed or
/// hide itself made visible as `\u{XXXX}`: C0 and C1 controls, DEL, the bidi
/// overrides, embeddings and isolates, and zero-width characters. A backslash
/// is doubled so that an escape can never be faked. Other text is unchanged.
func safeText(_ text: String) -> String {
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
        if scalar == "\\" {
            out += "\\\\"
        } else if isUnsafeOnTerminal(scalar) {
            out += "\\u{" + hex4(scalar.value) + "}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

private func isUnsafeOnTerminal(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x00...0x1F, 0x7F...0x9F: return true  // C0, DEL, C1
    case 0x200B...0x200F: return true           // zero-width space/joiners, LRM, RLM
    case 0x202A...0x202E: return true           // bidi embeddings and overrides
    case 0x2060...0x2064, 0x2066...0x2069: return true  // word joiner, invisible operators, bidi isolates
    case 0x061C, 0x180E, 0xFEFF: return true    // Arabic letter mark, Mongolian vowel separator, BOM
    default: return false
    }
}

private func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
