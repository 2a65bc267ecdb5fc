/// Text from a bundle, a manifest or any file is shown with every character that
/// could move the cursor, recolour the terminal, reorder what is displayed or
/// hide itself made visible as `\u{XXXX}`: the characters `terminalSafe` escapes
/// (every control, format and line/paragraph separator character), in the one
/// `\u{…}` form, with a backslash doubled so that an escape can never be faked
/// in what a partner sent. Other text is unchanged.
func safeText(_ text: String) -> String {
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
        if scalar == "\\" {
            out += "\\\\"
        } else if TerminalText.needsEscape(scalar, keepingLineBreaks: false) {
            out += TerminalText.visible(scalar)
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}
