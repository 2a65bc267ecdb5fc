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
    private static var latinExtA: StaticString {
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"
    }

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

    // The same tables as literals (4 bytes an entry, '.' pads): a literal needs
    // no lazy initialisation in the per-letter loop. The Cyrillic and diacritics
    // tests exercise them through declared names.
    static var cyrillicFlat: StaticString { "a...b...v...g...d...e...zh..z...i...y...k...l...m...n...o...p...r...s...t...u...f...kh..ts..ch..sh..shch....y.......e...yu..ya.." }
    static var cyrillicExtraFlat: StaticString { "e...e...dj..g...e...dz..i...i...j...lj..nj..c...k...i...u...dz.." }
    static var latin1Flat: StaticString { "a...a...a...a...a...a...ae..c...e...e...e...e...i...i...i...i...d...n...o...o...o...o...o.......o...u...u...u...u...y...th..ss..a...a...a...a...a...a...ae..c...e...e...e...e...i...i...i...i...d...n...o...o...o...o...o.......o...u...u...u...u...y...th..y..." }

    /// Appends the skeleton of one scalar to `out` (an array or a running hash),
    /// applying the variant merges on the fly.
    @inline(__always)
    static func append<Sink: SkeletonSink>(_ c: UInt32, to out: inout Sink) {
        if c < 0x80 {
            if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A { push(UInt8(c | 0x20), &out) }
            return
        }
        if c >= 0x400 && c <= 0x45F {
            let index: Int
            let table: StaticString
            if c >= 0x430 && c <= 0x44F { index = Int(c - 0x430); table = cyrillicFlat }
            else if c >= 0x410 && c <= 0x42F { index = Int(c - 0x410); table = cyrillicFlat }
            else if c >= 0x450 { index = Int(c - 0x450); table = cyrillicExtraFlat }
            else { index = Int(c - 0x400); table = cyrillicExtraFlat }
            pushFlat(table, index, &out)
            return
        }
        if c >= 0xC0 && c <= 0xFF { pushFlat(latin1Flat, Int(c - 0xC0), &out); return }
        if c >= 0x100 && c <= 0x17F {
            // ISO 9 and Czech hushing letters keep their sound: Čalaev = Chalaev, Žukov = Zhukov.
            switch c {
            case 0x10C, 0x10D: push(0x63, &out); push(0x68, &out); return
            case 0x160, 0x161, 0x15E, 0x15F: push(0x73, &out); push(0x68, &out); return // š and Turkish ş
            case 0x17D, 0x17E: push(0x7A, &out); push(0x68, &out); return
            case 0x15C, 0x15D: for b in "shch".utf8 { push(b, &out) }; return
            default: push(latinExtA.utf8Start[Int(c - 0x100)], &out); return
            }
        }
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
        case 0x10D0...0x10F0: pushFlat(georgianFlat, Int(c - 0x10D0), &out)   // Georgian Mkhedruli
        case 0x1C90...0x1CB0: pushFlat(georgianFlat, Int(c - 0x1C90), &out)   // Georgian Mtavruli capitals
        case 0x0531...0x0556: pushArmenian(Int(c - 0x0531), &out)
        case 0x0561...0x0586: pushArmenian(Int(c - 0x0561), &out)
        default:
            // Other scripts: keep the scalar's UTF-8 so distinct letters stay distinct;
            // combining marks and the Chechen palochka vanish.
            if (c >= 0x300 && c <= 0x36F) || c == 0x4C0 || c == 0x4CF { return }
            if let u = Unicode.Scalar(c) {
                for b in String(u).lowercased().utf8 { out.appendRaw(b) }
            }
        }
    }

    /// Georgian ა..ჰ by the national romanisation (2002), which Georgian passports
    /// use: "ჩხეიძე" and "Chkheidze" share a skeleton.
    static var georgianFlat: StaticString {
        "a...b...g...d...e...v...z...t...i...k...l...m...n...o...p...zh..r...s...t...u...p...k...gh..q...sh..ch..ts..dz..ts..ch..kh..j...h..."
    }
    /// Armenian ա..ֆ (Hübschmann-Meillet as passports write it); "ու" reads "u".
    static var armenianFlat: StaticString {
        "a...b...g...d...e...z...e...y...t...zh..i...l...kh..ts..k...h...dz..gh..ch..m...y...n...sh..o...ch..p...j...r...s...v...t...r...ts..u...p...k...o...f..."
    }

    @inline(__always)
    private static func pushArmenian<Sink: SkeletonSink>(_ index: Int, _ out: inout Sink) {
        if index == 0x21, out.last == 0x6F { out.replaceLast(0x75); return } // ո + ւ = u
        pushFlat(armenianFlat, index, &out)
    }

    @inline(__always)
    private static func pushFlat<Sink: SkeletonSink>(_ table: StaticString, _ index: Int, _ out: inout Sink) {
        let p = table.utf8Start + index * 4
        for k in 0..<4 {
            let b = p[k]
            if b == 0x2E { return }
            push(b, &out)
        }
    }

    @inline(__always)
    static func push<Sink: SkeletonSink>(_ b: UInt8, _ out: inout Sink) {
        switch b {
        case 0x68: // h
            if out.last == 0x6B { out.replaceLast(0x68); return }                                   // kh -> h
            if out.last == 0x7A && out.secondLast == 0x64 { out.removeLast(); out.replaceLast(0x6A); return } // dzh -> j
        case 0x79: // y
            if out.last == 0x69 { return }                                                        // iy -> i
        case 0x75: // u
            if out.last == 0x6F { out.replaceLast(0x75); return }                                // French ou -> u (Ayoub, Baïssoultanov)
        case 0x78: // x
            out.appendRaw(0x6B); out.appendRaw(0x73); return                                      // x -> ks
        default: break
        }
        // A doubled "s" reads as one: German and French write it between vowels (Tassujew = Tasujew, Baïssoultanov).
        // Only "s": folding every double would merge words such as "inn" and "in", "all" and "al".
        if b == 0x73 && out.last == 0x73 { return }
        out.appendRaw(b)
    }

    /// 64-bit FNV-1a: tokens are looked up by this hash, never by allocated strings.
    @inline(__always)
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    static func skeleton<S: Sequence>(_ scalars: S) -> [UInt8] where S.Element == UInt32 {
        var out = ArraySink()
        for c in scalars { append(c, to: &out) }
        return out.bytes
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

/// Where skeleton bytes go: an array (for declared names and lists) or a
/// running hash (for the text, without allocating).
protocol SkeletonSink {
    var last: UInt8 { get }
    var secondLast: UInt8 { get }
    mutating func appendRaw(_ b: UInt8)
    mutating func replaceLast(_ b: UInt8)
    mutating func removeLast()
}

struct ArraySink: SkeletonSink {
    var bytes: [UInt8] = []
    var last: UInt8 { bytes.last ?? 0 }
    var secondLast: UInt8 { bytes.count >= 2 ? bytes[bytes.count - 2] : 0 }
    mutating func appendRaw(_ b: UInt8) { bytes.append(b) }
    mutating func replaceLast(_ b: UInt8) { bytes[bytes.count - 1] = b }
    mutating func removeLast() { bytes.removeLast() }
}

/// FNV-1a over the skeleton, holding back the last two bytes because the
/// variant merges may still rewrite them. Equal to `hash(skeleton(...))`.
struct HashSink: SkeletonSink {
    private(set) var hash: UInt64 = 0xcbf29ce484222325
    private(set) var count = 0
    private(set) var first: UInt8 = 0
    // Pending bytes, older in a; 0 = empty.
    private var a: UInt8 = 0
    private var b: UInt8 = 0

    var last: UInt8 { b != 0 ? b : a }
    var secondLast: UInt8 { b != 0 ? a : 0 }

    @inline(__always)
    mutating func appendRaw(_ x: UInt8) {
        if count == 0 { first = x }
        count += 1
        if a == 0 { a = x; return }
        if b == 0 { b = x; return }
        hash = (hash ^ UInt64(a)) &* 0x100000001b3
        a = b
        b = x
    }

    @inline(__always)
    mutating func replaceLast(_ x: UInt8) {
        if b != 0 { b = x } else { a = x; if count == 1 { first = x } }
    }

    @inline(__always)
    mutating func removeLast() {
        count -= 1
        if b != 0 { b = 0 } else { a = 0 }
    }

    /// The hash once every byte is in.
    mutating func finish() -> UInt64 {
        if a != 0 { hash = (hash ^ UInt64(a)) &* 0x100000001b3 }
        if b != 0 { hash = (hash ^ UInt64(b)) &* 0x100000001b3 }
        a = 0
        b = 0
        return hash
    }
}
