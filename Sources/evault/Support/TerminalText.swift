import EvaultCrypto

/// Strings from a vault, a bundle or a file name are written by others: printed
/// raw, an escape sequence could clear the screen or fake a "verified" line,
/// and a right-to-left override could make `report.exe` read as `exe.report`.
/// Every control (Cc), format (Cf: bidirectional overrides and isolates,
/// zero-width characters, soft hyphen, BOM) and line/paragraph separator
/// (Zl, Zp) character is shown as a visible escape instead, in the one form every
/// printer here uses (bundle strings through `safeText` too): `\u{001B}`, `\u{202E}`.

/// One line of untrusted text, with every such character made visible (newlines too).
func terminalSafe(_ text: String) -> String {
    TerminalText.escape(text, keepingLineBreaks: false)
}

/// Untrusted text of several lines (a note's body): newlines and tabs kept, the rest escaped.
func terminalSafeText(_ text: String) -> String {
    TerminalText.escape(text, keepingLineBreaks: true)
}

enum TerminalText {
    static func escape(_ text: String, keepingLineBreaks: Bool) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks: keepingLineBreaks) }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, keepingLineBreaks: keepingLineBreaks) {
                out += visible(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
        if keepingLineBreaks && (scalar == "\n" || scalar == "\t") { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// `\u{XXXX}`: uppercase hexadecimal, at least four digits (`\u{001B}`, `\u{1D173}`).
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
    }
}

/// JSON text with every character `terminalSafe` would escape written as a
/// JSON `\uXXXX` escape (UTF-16, surrogate pairs above U+FFFF): still the same
/// JSON value, but nothing in it can drive a terminal. Such characters can
/// only occur inside strings, where the escape means the same character.
func jsonTerminalSafe(_ json: String) -> String {
    guard json.unicodeScalars.contains(where: { TerminalText.needsEscape($0, keepingLineBreaks: true) }) else { return json }
    var out = ""
    for scalar in json.unicodeScalars {
        if TerminalText.needsEscape(scalar, keepingLineBreaks: true) {
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// Standard output for a note's body in `show`: text with control characters
/// made visible (newlines and tabs kept). `open -o -` gives the exact bytes.
final class TerminalSafeOutput: ByteSink {
    private let output = StandardOutput()
    private var pending: [UInt8] = []

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: bytes)
        let cut = TerminalSafeOutput.completePrefix(pending)
        try emit(Array(pending[..<cut]))
        pending.removeFirst(cut)
    }

    /// Writes what is left (an incomplete UTF-8 sequence shows as U+FFFD).
    func finish() throws {
        try emit(pending)
        pending = []
    }

    private func emit(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try output.write(Array(terminalSafeText(String(decoding: bytes, as: UTF8.self)).utf8))
    }

    /// Length of the prefix that ends on a UTF-8 sequence boundary.
    static func completePrefix(_ bytes: [UInt8]) -> Int {
        var i = bytes.count
        var back = 0
        while i > 0 && back < 4 {
            let b = bytes[i - 1]
            if b & 0xC0 != 0x80 {
                let need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                return need > back + 1 ? i - 1 : bytes.count
            }
            i -= 1
            back += 1
        }
        return bytes.count
    }
}
