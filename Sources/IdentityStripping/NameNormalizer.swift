/// Folds a name to a script- and case-independent "skeleton" of lowercase ASCII:
/// Cyrillic is transliterated, diacritics dropped, and a few spelling variants
/// merged (kh/h, dzh/j, iy/i, x/ks). "Магомед", "MAGOMED" and "Magomed" share one
/// skeleton, so a declared Latin name matches Cyrillic text and the reverse, and
/// the pseudonym of a person does not depend on how one note spelt the name.
enum NameNormalizer {
    // Cyrillic а..я (U+0430...U+044F).
    private static let cyrillic: [String] = [
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    ]
    // Cyrillic ѐ..џ (U+0450...U+045F).
    private static let cyrillicExtra: [String] = [
        "e", "e", "dj", "g", "e", "dz", "i", "i", "j", "lj", "nj", "c", "k", "i", "u", "dz",
    ]
    // Latin-1 letters U+00C0...U+00FF, upper then lower half.
    private static let latin1: [String] = [
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    ]
    // Latin Extended-A U+0100...U+017F, one base letter each.
    private static let latinExtA: [UInt8] = Array(
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs".utf8)

    static func isCyrillic(_ c: UInt32) -> Bool { c >= 0x400 && c <= 0x52F }

    /// Letters that make up a word token (combining marks stay inside the word).
    @inline(__always)
    static func isLetter(_ c: UInt32) -> Bool {
        if c < 0x80 { return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        if c < 0xC0 { return c == 0xAA || c == 0xB5 || c == 0xBA }
        if c <= 0x24F { return c != 0xD7 && c != 0xF7 }
        if c <= 0x2AF || (c >= 0x300 && c <= 0x36F) { return true }
        if c >= 0x370 && c <= 0x3FF { return c != 0x37E && c != 0x387 }
        if c >= 0x400 && c <= 0x52F { return c != 0x482 }
        if c == 0x2019 || c == 0x2018 { return false }
        guard let s = Unicode.Scalar(c) else { return false }
        return s.properties.isAlphabetic || s.properties.generalCategory == .nonspacingMark
    }

    @inline(__always)
    static func isUpper(_ c: UInt32) -> Bool {
        if c < 0x80 { return c >= 0x41 && c <= 0x5A }
        if c >= 0x410 && c <= 0x42F { return true }
        if c >= 0x430 && c <= 0x45F { return false }
        if c >= 0xC0 && c <= 0xDE { return c != 0xD7 }
        if c >= 0xDF && c <= 0xFF { return false }
        guard let s = Unicode.Scalar(c) else { return false }
        return s.properties.isUppercase
    }

    @inline(__always)
    static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Appends the skeleton of one scalar, applying the variant merges on the fly.
    @inline(__always)
    static func append(_ c: UInt32, to out: inout [UInt8]) {
        if c < 0x80 {
            if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A { push(UInt8(c | 0x20), &out) }
            return
        }
        if c >= 0x430 && c <= 0x44F { for b in cyrillic[Int(c - 0x430)].utf8 { push(b, &out) }; return }
        if c >= 0x410 && c <= 0x42F { for b in cyrillic[Int(c - 0x410)].utf8 { push(b, &out) }; return }
        if c >= 0x450 && c <= 0x45F { for b in cyrillicExtra[Int(c - 0x450)].utf8 { push(b, &out) }; return }
        if c >= 0x400 && c <= 0x40F { for b in cyrillicExtra[Int(c - 0x400)].utf8 { push(b, &out) }; return }
        if c >= 0xC0 && c <= 0xFF { for b in latin1[Int(c - 0xC0)].utf8 { push(b, &out) }; return }
        if c >= 0x100 && c <= 0x17F { push(latinExtA[Int(c - 0x100)], &out); return }
        switch c {
        case 0x218, 0x219: push(0x73, &out)            // Ș ș
        case 0x21A, 0x21B: push(0x74, &out)            // Ț ț
        case 0x18F, 0x259, 0x4D8, 0x4D9: push(0x61, &out) // Ə ə Ә ә
        case 0x4E8, 0x4E9: push(0x6F, &out)            // Ө ө
        case 0x4AE, 0x4AF, 0x4B0, 0x4B1: push(0x75, &out) // Ү ү Ұ ұ
        case 0x492, 0x493, 0x490, 0x491: push(0x67, &out) // Ғ ғ Ґ ґ
        case 0x49A, 0x49B: push(0x6B, &out)            // Қ қ
        case 0x4A2, 0x4A3: push(0x6E, &out)            // Ң ң
        case 0x4B2, 0x4B3, 0x4BA, 0x4BB: push(0x68, &out) // Ҳ ҳ Һ һ
        case 0x1CD, 0x1CE: push(0x61, &out)
        case 0x1CF, 0x1D0: push(0x69, &out)
        case 0x1D1, 0x1D2: push(0x6F, &out)
        case 0x1D3, 0x1D4: push(0x75, &out)
        default:
            // Other scripts: keep the scalar's UTF-8 so distinct letters stay distinct;
            // combining marks and the Chechen palochka vanish.
            if (c >= 0x300 && c <= 0x36F) || c == 0x4C0 || c == 0x4CF { return }
            if let s = Unicode.Scalar(c) {
                for b in String(s).lowercased().utf8 { out.append(b) }
            }
        }
    }

    @inline(__always)
    private static func push(_ b: UInt8, _ out: inout [UInt8]) {
        let n = out.count
        switch b {
        case 0x68: // h
            if n >= 1 && out[n - 1] == 0x6B { out[n - 1] = 0x68; return }                 // kh -> h
            if n >= 2 && out[n - 1] == 0x7A && out[n - 2] == 0x64 { out.removeLast(); out[n - 2] = 0x6A; return } // dzh -> j
        case 0x79: // y
            if n >= 1 && out[n - 1] == 0x69 { return }                                      // iy -> i
        case 0x78: // x
            out.append(0x6B); out.append(0x73); return                                      // x -> ks
        default: break
        }
        out.append(b)
    }

    /// 64-bit FNV-1a: tokens are looked up by this hash, never by allocated strings.
    @inline(__always)
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    static func skeleton<S: Sequence>(_ scalars: S) -> [UInt8] where S.Element == UInt32 {
        var out: [UInt8] = []
        for c in scalars { append(c, to: &out) }
        return out
    }

    static func skeletonHash(_ word: String) -> UInt64 {
        hash(skeleton(word.unicodeScalars.map(\.value)))
    }

    struct Word {
        let skeleton: [UInt8]
        let capitalized: Bool
        let scalarCount: Int
    }

    /// The words of a phrase (letter runs), in order, as skeletons.
    static func words(of phrase: String) -> [Word] {
        var words: [Word] = []
        var current: [UInt32] = []
        func flush() {
            guard !current.isEmpty else { return }
            let sk = skeleton(current)
            if !sk.isEmpty { words.append(Word(skeleton: sk, capitalized: isUpper(current[0]), scalarCount: current.count)) }
            current.removeAll()
        }
        for s in phrase.unicodeScalars {
            if isLetter(s.value) { current.append(s.value) } else { flush() }
        }
        flush()
        return words
    }

    /// The normalised form a person's pseudonym is derived from.
    static func normalizedPhrase(_ phrase: String) -> String {
        words(of: phrase).map { String(decoding: $0.skeleton, as: UTF8.self) }.joined(separator: " ")
    }

    /// Russian case endings tried when a Cyrillic word does not match as written
    /// ("Магомеда", "Умаровым" -> "Магомед", "Умаров").
    static let cyrillicEndings: [[UInt32]] = [
        "ого", "его", "ому", "ему", "ыми", "ими",
        "ом", "ем", "ём", "ой", "ей", "ою", "ею", "ым", "им", "ых", "их", "ая", "яя", "ую", "юю",
        "а", "я", "у", "ю", "е", "ы", "и",
    ].map { $0.unicodeScalars.map(\.value) }
}
