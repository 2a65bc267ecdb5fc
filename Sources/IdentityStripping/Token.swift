/// A word of the input (a maximal run of letters) with its skeleton hash, so
/// every name lookup is one dictionary probe; the text is tokenised once.
struct Token {
    // 32 bytes: a text of 16 MB has about three million tokens.
    private var start32: Int32
    private var end32: Int32
    var hash: UInt64
    /// Hash of the word with a Russian case ending removed (0 = none).
    var stem1: UInt64 = 0
    var classes: WordClass = []
    private var length8: UInt8
    var firstByte: UInt8
    private var flags: UInt8

    init(start: Int, end: Int, hash: UInt64, firstByte: UInt8, skeletonLength: Int, capitalized: Bool, allCaps: Bool, cyrillic: Bool) {
        start32 = Int32(truncatingIfNeeded: start)
        end32 = Int32(truncatingIfNeeded: end)
        self.hash = hash
        self.firstByte = firstByte
        length8 = UInt8(min(skeletonLength, 255))
        flags = (capitalized ? 1 : 0) | (allCaps ? 2 : 0) | (cyrillic ? 4 : 0)
    }

    var start: Int { Int(start32) }
    var end: Int { Int(end32) }
    var skeletonLength: Int { Int(length8) }
    var capitalized: Bool { flags & 1 != 0 }
    var allCaps: Bool { flags & 2 != 0 }
    var cyrillic: Bool { flags & 4 != 0 }
    /// A second stem is not kept; the first matching ending (longest first) wins.
    var stem2: UInt64 { 0 }

    var length: Int { end - start }
    @inline(__always) func has(_ c: WordClass) -> Bool { !classes.isDisjoint(with: c) }
}

/// The input as scalars plus its tokens.
struct TokenizedText {
    let s: [UInt32]
    let tokens: [Token]

    init(_ text: String) {
        s = Self.decode(text)
        tokens = Self.tokenize(s)
    }

    /// UTF-8 to scalars in one pass (Swift strings hold valid UTF-8).
    private static func decode(_ text: String) -> [UInt32] {
        var text = text
        return text.withUTF8 { bytes -> [UInt32] in
            let n = bytes.count
            return [UInt32](unsafeUninitializedCapacity: n) { out, initialized in
                var i = 0, k = 0
                while i < n {
                    let b0 = UInt32(bytes[i])
                    if b0 < 0x80 { out[k] = b0; i += 1 }
                    else if b0 < 0xE0 { out[k] = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2 }
                    else if b0 < 0xF0 { out[k] = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3 }
                    else {
                        out[k] = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                        i += 4
                    }
                    k += 1
                }
                initialized = k
            }
        }
    }

    private static func tokenize(_ scalars: [UInt32]) -> [Token] {
        scalars.withUnsafeBufferPointer { tokenize(scalars, $0) }
    }

    private static func tokenize(_ array: [UInt32], _ s: UnsafeBufferPointer<UInt32>) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(s.count / 5)
        let table = WordClass.table
        let stemTable = WordClass.stemTable
        var skeletonBuffer = ArraySink()
        skeletonBuffer.bytes.reserveCapacity(64)
        let n = s.count
        var i = 0
        while i < n {
            let c = s[i]
            // A word may open with a zero read for an "O" ("0ZDOEV", "0zdoev").
            if !NameNormalizer.isLetter(c) && !(c == 0x30 && Self.leadingZero(s, i)) { i += 1; continue }
            let start = i
            var allUpper = true
            var cyr = false
            var latin = false
            var confusable = false
            var sink = HashSink()
            while i < n {
                let d = s[i]
                if d < 0x80 {
                    // ASCII fast path: most words of most notes.
                    let lower = d | 0x20
                    guard lower >= 0x61 && lower <= 0x7A else {
                        // A zero between letters is an OCR or keyboard "O" ("Umar0v").
                        if d == 0x30, i > start ? Self.zeroInsideWord(s, start, i) : Self.leadingZero(s, i) {
                            NameNormalizer.push(0x6F, &sink); confusable = true; i += 1; continue
                        }
                        break
                    }
                    if d >= 0x61 { allUpper = false }
                    latin = true
                    NameNormalizer.push(UInt8(lower), &sink)
                    i += 1
                    continue
                }
                guard NameNormalizer.isLetter(d) else {
                    // Soft hyphens and zero-width characters inside a word are invisible: skip them.
                    if Self.isInvisible(d), i > start, i + 1 < n, NameNormalizer.isLetter(s[i + 1]) { i += 1; confusable = true; continue }
                    break
                }
                if allUpper && !NameNormalizer.isUpper(d) && !(d >= 0x300 && d <= 0x36F) { allUpper = false }
                if d >= 0x400 && d <= 0x52F { cyr = true }
                NameNormalizer.append(d, to: &sink)
                i += 1
            }
            if sink.count == 0 { continue }
            if (cyr && latin) || confusable { sink = Self.foldedHash(s, start, i) }
            if sink.count == 0 { continue }
            let first = sink.first
            let length = sink.count
            var t = Token(start: start, end: i, hash: sink.finish(), firstByte: first, skeletonLength: length,
                          capitalized: NameNormalizer.isUpper(c) || (c == 0x30 && NameNormalizer.isUpper(s[start + 1])),
                          allCaps: allUpper && i - start >= 2, cyrillic: cyr)
            if cyr && i - start >= 4 { addStems(&t, array) }
            var classes = table[t.hash] ?? []
            if t.stem1 != 0 {
                let inherited = (table[t.stem1] ?? []).union(stemTable[t.stem1] ?? [])
                classes.formUnion(inherited.intersection(WordClass.inheritedByStems))
            }
            if t.capitalized && i - start >= 5 && classes.isDisjoint(with: [.notSurname, .stopword, .given]) {
                skeletonBuffer.bytes.removeAll(keepingCapacity: true)
                for k in start..<i { NameNormalizer.append(s[k], to: &skeletonBuffer) }
                if Self.surnameLike(skeletonBuffer.bytes, cyrillic: cyr) { classes.insert(.surnameLike) }
                else if !cyr, Self.streetCompound(skeletonBuffer.bytes) { classes.insert(.street) }
            }
            // "Тимурчик", "Адамка": a listed given name with a diminutive suffix is a given name.
            if cyr && t.capitalized && i - start >= 5 && classes.isDisjoint(with: [.given, .stopword, .notSurname]),
               let h = Self.diminutiveStemHash(s, start, i), table[h]?.contains(.given) == true {
                classes.insert(.given)
            }
            t.classes = classes
            tokens.append(t)
        }
        return tokens
    }

    /// A zero with letters on both sides and no digits around the word ("Umar0v", not "B0B7").
    static func zeroInsideWord(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ i: Int) -> Bool {
        if start > 0, NameNormalizer.isDigit(s[start - 1]) { return false }
        var k = i + 1
        while k < s.count, NameNormalizer.isLetter(s[k]) { k += 1 }
        return k > i + 1 && (k == s.count || !NameNormalizer.isDigit(s[k]))
    }

    private static let diminutiveSuffixes: [[UInt32]] = ["чик", "ик", "ка", "очка", "ечка", "уля", "уся", "юша", "уша", "ушка", "ёк"]
        .map { $0.unicodeScalars.map(\.value) }

    /// The skeleton hash of a Cyrillic word without a diminutive suffix, when it has one and three letters are left.
    static func diminutiveStemHash(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int) -> UInt64? {
        for suffix in diminutiveSuffixes where end - start - suffix.count >= 3 {
            var ok = true
            for (k, c) in suffix.enumerated() where s[end - suffix.count + k] != c { ok = false; break }
            guard ok else { continue }
            var sink = HashSink()
            for k in start..<(end - suffix.count) { NameNormalizer.append(s[k], to: &sink) }
            return sink.finish()
        }
        return nil
    }

    /// A zero opening a word of two or more letters, with no letter or digit before it and none after the word.
    static func leadingZero(_ s: UnsafeBufferPointer<UInt32>, _ i: Int) -> Bool {
        guard i + 2 < s.count, NameNormalizer.isLetter(s[i + 1]), NameNormalizer.isLetter(s[i + 2]) else { return false }
        if i > 0, NameNormalizer.isLetter(s[i - 1]) || NameNormalizer.isDigit(s[i - 1]) { return false }
        var k = i + 1
        while k < s.count, NameNormalizer.isLetter(s[k]) || s[k] == 0x30 { k += 1 }
        return k == s.count || !NameNormalizer.isDigit(s[k])
    }

    @inline(__always)
    static func isInvisible(_ c: UInt32) -> Bool {
        c == 0xAD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF
    }

    /// Lookalike letters: Latin in a mostly Cyrillic word reads as Cyrillic ("Чaлаев"
    /// with a Latin a), Cyrillic in a mostly Latin word as Latin.
    private static let latinToCyrillic: [UInt32: UInt32] = [
        0x61: 0x430, 0x63: 0x441, 0x65: 0x435, 0x6F: 0x43E, 0x70: 0x440, 0x78: 0x445, 0x79: 0x443, 0x6B: 0x43A, 0x6D: 0x43C,
        0x41: 0x410, 0x42: 0x412, 0x43: 0x421, 0x45: 0x415, 0x48: 0x41D, 0x4B: 0x41A, 0x4D: 0x41C, 0x4F: 0x41E, 0x50: 0x420,
        0x54: 0x422, 0x58: 0x425, 0x59: 0x423, 0x30: 0x43E,
    ]
    private static let cyrillicToLatin: [UInt32: UInt32] = {
        var t: [UInt32: UInt32] = [:]
        for (l, c) in latinToCyrillic where l != 0x30 { t[c] = l }
        t[0x432] = 0x62 // в as a Latin b
        t[0x43D] = 0x68 // н as h
        t[0x442] = 0x74
        return t
    }()

    /// The skeleton hash of a word with mixed scripts or hidden characters, folded to its majority script.
    static func foldedHash(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int) -> HashSink {
        var cyrillic = 0, latin = 0, ownCyrillic = 0, ownLatin = 0
        for k in start..<end {
            let c = s[k]
            if c >= 0x400 && c <= 0x52F {
                cyrillic += 1
                if cyrillicToLatin[c] == nil && cyrillicToLatin[c + 0x20] == nil { ownCyrillic += 1 }
            } else if c < 0x80 && NameNormalizer.isLetter(c) {
                latin += 1
                if latinToCyrillic[c] == nil { ownLatin += 1 }
            }
        }
        // A letter only one script has decides ("AXMAД0B" is Cyrillic: Д has no Latin lookalike).
        if ownCyrillic > 0 && ownLatin == 0 { cyrillic = latin + 1 } else if ownLatin > 0 && ownCyrillic == 0 { latin = cyrillic + 1 }
        var sink = HashSink()
        for k in start..<end {
            var c = s[k]
            if isInvisible(c) { continue }
            if c == 0x30 { c = cyrillic > latin ? 0x43E : 0x6F }
            if cyrillic > latin, let m = latinToCyrillic[c] { c = m } else if latin >= cyrillic, let m = cyrillicToLatin[c] { c = m }
            NameNormalizer.append(c, to: &sink)
        }
        return sink
    }

    private static let streetSuffixes: [[UInt8]] = ["strasse", "gasse", "platz", "allee", "damm", "ufer", "weg", "chaussee"].map { NameNormalizer.skeleton($0.unicodeScalars.map(\.value)) }

    /// German street names written as one word: "Hauptstraße", "Lindenweg".
    static func streetCompound(_ sk: [UInt8]) -> Bool {
        for suffix in streetSuffixes where sk.count >= suffix.count + 3 && sk.suffix(suffix.count).elementsEqual(suffix) { return true }
        return false
    }

    private static let russianCaseEndings: [[UInt8]] = ["ym", "om", "oy", "ykh", "im", "ikh", "u", "e", "y", "oi", "ogo", "omu", "ei", "ey"].map { NameNormalizer.skeleton($0.unicodeScalars.map(\.value)) }

    /// Ends like a surname or patronymic (-ov, -eva, -shvili…), also in a Russian case form ("Умаровым").
    static func surnameLike(_ sk: [UInt8], cyrillic: Bool) -> Bool {
        if endsWithSuffix(sk, dropping: 0) { return true }
        guard cyrillic else { return false }
        for e in russianCaseEndings where sk.count > e.count + 3 && sk.suffix(e.count).elementsEqual(e) {
            if endsWithSuffix(sk, dropping: e.count) { return true }
        }
        return false
    }

    private static func endsWithSuffix(_ sk: [UInt8], dropping: Int) -> Bool {
        let n = sk.count - dropping
        for suffix in Lexicon.surnameSuffixes where n >= suffix.count + 3 {
            var ok = true
            for k in 0..<suffix.count where sk[n - suffix.count + k] != suffix[k] { ok = false; break }
            if ok { return true }
        }
        return false
    }

    /// Strips up to two alternative Russian endings ("Умаровым" -> "Умаров").
    private static func addStems(_ t: inout Token, _ s: [UInt32]) {
        for ending in NameNormalizer.cyrillicEndings {
            let stemLength = t.length - ending.count
            guard stemLength >= 3 else { continue }
            var matches = true
            for (k, e) in ending.enumerated() {
                var c = s[t.start + stemLength + k]
                if c >= 0x410 && c <= 0x42F { c += 0x20 }
                if c == 0x451 { c = 0x435 }
                if c != e && !(e == 0x435 && c == 0x451) { matches = false; break }
            }
            guard matches else { continue }
            var sink = HashSink()
            for k in t.start..<(t.start + stemLength) { NameNormalizer.append(s[k], to: &sink) }
            t.stem1 = sink.finish()
            return
        }
    }

    // MARK: - What lies between two tokens

    @inline(__always)
    static func isSpace(_ c: UInt32) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 || c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x0C
    }

    @inline(__always)
    static func isHyphen(_ c: UInt32) -> Bool { c == 0x2D || c == 0x2010 || c == 0x2011 || c == 0xAD }

    /// Can tokens a and b be parts of one name? White space (a line break or
    /// several spaces included), one hyphen, an apostrophe inside a word, or the
    /// dot after an initial.
    func nameGap(_ a: Token, _ b: Token) -> Bool {
        let from = a.end, to = b.start
        let len = to - from
        if len <= 0 || len > 8 { return false }
        var hyphens = 0, dots = 0, apostrophes = 0, spaces = 0
        for k in from..<to {
            let c = s[k]
            if Self.isSpace(c) { spaces += 1 } else if Self.isHyphen(c) { hyphens += 1 } else if c == 0x2E { dots += 1 }
            else if c == 0x27 || c == 0x2019 { apostrophes += 1 } else { return false }
        }
        if apostrophes > 0 { return apostrophes == 1 && len == 1 && b.capitalized }
        if dots > 0 { return dots == 1 && (hyphens == 0 || len == 2) && s[from] == 0x2E && isInitial(a) }
        return hyphens <= 1
    }

    /// Same line, single separator: stricter gap for extending detected names.
    func tightGap(_ a: Token, _ b: Token) -> Bool {
        let from = a.end, to = b.start
        let len = to - from
        if len <= 0 || len > 2 { return false }
        if len == 1 { let c = s[from]; return c == 0x20 || c == 0xA0 || Self.isHyphen(c) || c == 0x0A }
        // "A. Name": the dot after an initial.
        return isInitial(a) && s[from] == 0x2E && (s[from + 1] == 0x20 || s[from + 1] == 0xA0)
    }

    /// A capital letter (or a transliterated digraph such as "Kh", "Sh", "Dzh")
    /// followed by a dot: "A." in "A. Umarov", "Kh." in "R. Kh. Dzhamaldinov".
    func isInitial(_ t: Token) -> Bool {
        guard t.length <= 3, t.capitalized, t.end < s.count, s[t.end] == 0x2E else { return false }
        if t.length == 1 { return true }
        // "Kh." or "KH.": a transliterated digraph.
        return Self.digraphInitials.contains(t.hash)
    }

    static let digraphInitials = Lexicon.set("kh sh zh ch ts dzh yu ya")

    /// Where a lower-case word still stands as a name: before a possessive
    /// ("islam's uncle"), as a label ("said: ok"), or opening a sentence or line.
    func namePosition(_ i: Int) -> Bool {
        let t = tokens[i]
        if t.end + 1 < s.count, s[t.end] == 0x27 || s[t.end] == 0x2019, s[t.end + 1] == 0x73 { return true }
        if t.end < s.count, s[t.end] == 0x3A { return true }
        var p = t.start
        while p > 0 {
            let c = s[p - 1]
            if c == 0x20 || c == 0x09 || c == 0xA0 || c == 0x22 || c == 0x201C || c == 0xAB || c == 0x28 || c == 0x5B { p -= 1; continue }
            // The dot after an initial ("S.T. said") ends no sentence.
            if c == 0x2E, i > 0, tokens[i - 1].end == p - 1, tokens[i - 1].length == 1 { return false }
            // A colon opens a chat message ("Zarema: адам не отвечает").
            return c == 0x2E || c == 0x21 || c == 0x3F || c == 0x0A || c == 0x5D || c == 0x3A
        }
        return true
    }

    /// Index of the first token starting at or after `offset`.
    func tokenIndex(atOrAfter offset: Int) -> Int {
        var lo = 0, hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].start < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// True when one of the few tokens ending within `window` scalars before
    /// `offset` is in `cues`.
    func cueBefore(_ offset: Int, window: Int, cues: WordClass) -> Bool {
        var k = tokenIndex(atOrAfter: offset) - 1
        var seen = 0
        while k >= 0 && seen < 4 {
            let t = tokens[k]
            if t.end < offset - window { return false }
            if t.has(cues) { return true }
            k -= 1
            seen += 1
        }
        return false
    }
}
