/// Hand-written scanners for identifiers with a shape: e-mail, handles and
/// profile links, IBAN, card, IP, GPS and phone numbers. One pass over the
/// scalars; each scanner starts only at the few characters that can begin it.
struct PatternScanner {
    let text: TokenizedText
    let disabled: Set<IdentifierKind>
    var out: [Candidate] = []
    private let s: [UInt32]

    init(text: TokenizedText, disabled: Set<IdentifierKind>) {
        self.text = text
        self.disabled = disabled
        s = text.s
    }

    @inline(__always) static func isAlnum(_ c: UInt32) -> Bool { NameNormalizer.isDigit(c) || NameNormalizer.isLetter(c) }
    @inline(__always) static func isAsciiAlnum(_ c: UInt32) -> Bool {
        (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A)
    }
    @inline(__always) static func isHex(_ c: UInt32) -> Bool {
        (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66)
    }

    private func string(_ a: Int, _ b: Int) -> String {
        var str = String.UnicodeScalarView()
        for k in a..<b { if let u = Unicode.Scalar(s[k]) { str.append(u) } }
        return String(str)
    }

    private mutating func emit(_ a: Int, _ b: Int, _ kind: IdentifierKind, tier: Int = Candidate.Tier.strong) {
        out.append(Candidate(start: a, end: b, kind: kind, tier: tier, identity: ""))
    }

    mutating func scan() {
        let n = s.count
        var p = 0
        while p < n {
            let c = s[p]
            // Most characters can start nothing: lower-case g…z, space, common punctuation.
            if (c >= 0x67 && c <= 0x7A) || c == 0x20 || c == 0x2C || c == 0x2E || c == 0x0A || c >= 0x80 {
                p += 1
                continue
            }
            let prev: UInt32 = p > 0 ? s[p - 1] : 0x20
            let boundary = !Self.isAlnum(prev)
            var next = p + 1
            if c == 0x40 { // @
                next = max(next, scanAt(p))
            } else if c == 0x2F { // /
                next = max(next, scanLink(p))
            } else if boundary && NameNormalizer.isDigit(c) {
                next = max(next, scanNumber(p))
            } else if boundary && (c == 0x2B || c == 0x28 || c == 0x2D) && p + 1 < n && NameNormalizer.isDigit(s[p + 1]) {
                next = max(next, scanNumber(p))
            } else if boundary && c >= 0x41 && c <= 0x5A {
                if let e = scanIBAN(p) { next = e } else if let e = scanIPv6(p) { next = e }
            } else if boundary && Self.isHex(c) && hasColonSoon(p) {
                if let e = scanIPv6(p) { next = e }
            }
            p = next
        }
    }

    /// An IPv6 address has a colon within its first five characters.
    @inline(__always)
    private func hasColonSoon(_ p: Int) -> Bool {
        var k = p
        while k < s.count && k < p + 5 {
            if s[k] == 0x3A { return true }
            if !Self.isHex(s[k]) { return false }
            k += 1
        }
        return false
    }

    // MARK: e-mail and @handles

    private mutating func scanAt(_ p: Int) -> Int {
        let n = s.count
        var q = p
        while q > 0 {
            let c = s[q - 1]
            guard Self.isAlnum(c) || c == 0x2E || c == 0x5F || c == 0x25 || c == 0x2B || c == 0x2D else { break }
            q -= 1
        }
        while q < p && s[q] == 0x2E { q += 1 }
        var r = p + 1
        while r < n, Self.isAlnum(s[r]) || s[r] == 0x2E || s[r] == 0x2D || s[r] == 0x5F { r += 1 }
        while r > p + 1, s[r - 1] == 0x2E || s[r - 1] == 0x2D { r -= 1 }
        if q < p {
            // e-mail: the domain needs a dot and a final label of two letters or more.
            var lastDot = -1
            for k in (p + 1)..<r where s[k] == 0x2E { lastDot = k }
            if lastDot > p + 1, r - lastDot > 2, (lastDot + 1..<r).allSatisfy({ NameNormalizer.isLetter(s[$0]) }) {
                if !disabled.contains(.email) { emit(q, r, .email) }
                return r
            }
            return r
        }
        // @handle: letters, digits, dots, underscores.
        var e = p + 1
        while e < n, Self.isAlnum(s[e]) || s[e] == 0x5F || s[e] == 0x2E { e += 1 }
        while e > p + 1 && s[e - 1] == 0x2E { e -= 1 }
        if e - p >= 3, !disabled.contains(.handle) { emit(p, e, .handle) }
        return e
    }

    // MARK: profile links

    static let profileHosts: Set<String> = [
        "t.me", "telegram.me", "telegram.dog", "vk.com", "vk.ru", "m.vk.com", "instagram.com", "facebook.com", "fb.com", "m.facebook.com",
        "twitter.com", "x.com", "ok.ru", "wa.me", "tiktok.com", "youtube.com", "linkedin.com", "signal.me", "threads.net", "mobile.twitter.com",
    ]

    private mutating func scanLink(_ p: Int) -> Int {
        var q = p
        while q > 0 {
            let c = s[q - 1]
            guard Self.isAsciiAlnum(c) || c == 0x2E || c == 0x2D else { break }
            q -= 1
        }
        guard q < p else { return p + 1 }
        var host = string(q, p).lowercased()
        if host.hasPrefix("www.") { host.removeFirst(4) }
        guard Self.profileHosts.contains(host) else { return p + 1 }
        let n = s.count
        var r = p + 1
        while r < n {
            let c = s[r]
            if TokenizedText.isSpace(c) || c == 0x22 || c == 0x29 || c == 0x5D || c == 0x3E || c == 0xAB || c == 0xBB || c == 0x2C || c == 0x3B { break }
            r += 1
        }
        while r > p + 1, [0x2E, 0x2C, 0x21, 0x3F, 0x3A].contains(s[r - 1]) { r -= 1 }
        guard r > p + 1 else { return p + 1 }
        // Take the scheme in too ("https://").
        if q >= 3, s[q - 1] == 0x2F, s[q - 2] == 0x2F, s[q - 3] == 0x3A {
            var k = q - 3
            while k > 0, NameNormalizer.isLetter(s[k - 1]) { k -= 1 }
            q = k
        }
        if !disabled.contains(.handle) { emit(q, r, .handle) }
        return r
    }

    // MARK: IBAN (ISO 13616, mod-97)

    private mutating func scanIBAN(_ p: Int) -> Int? {
        let n = s.count
        guard p + 4 < n, s[p + 1] >= 0x41, s[p + 1] <= 0x5A, NameNormalizer.isDigit(s[p + 2]), NameNormalizer.isDigit(s[p + 3]) else { return nil }
        // Collect upper-case letters and digits, allowing single spaces between groups.
        var chars: [UInt32] = []
        var ends: [Int] = [] // scalar end after each char
        var r = p
        while r < n && chars.count < 34 {
            let c = s[r]
            if NameNormalizer.isDigit(c) || (c >= 0x41 && c <= 0x5A) { chars.append(c); r += 1; ends.append(r); continue }
            if c == 0x20, r + 1 < n, NameNormalizer.isDigit(s[r + 1]) || (s[r + 1] >= 0x41 && s[r + 1] <= 0x5A), chars.count >= 4 { r += 1; continue }
            break
        }
        var len = chars.count
        while len >= 15 {
            if Self.ibanValid(Array(chars[0..<len])) {
                let end = ends[len - 1]
                // Must end on a word boundary.
                if end >= n || !Self.isAlnum(s[end]) {
                    if !disabled.contains(.iban) { emit(p, end, .iban) }
                    return end
                }
            }
            len -= 1
        }
        return nil
    }

    static func ibanValid(_ chars: [UInt32]) -> Bool {
        guard chars.count >= 15 else { return false }
        let rearranged = chars[4...] + chars[0..<4]
        var rem = 0
        for c in rearranged {
            if c >= 0x30 && c <= 0x39 { rem = (rem * 10 + Int(c - 0x30)) % 97 } else {
                let v = Int(c - 0x41) + 10
                rem = (rem * 100 + v) % 97
            }
        }
        return rem == 1
    }

    // MARK: IPv6

    private mutating func scanIPv6(_ p: Int) -> Int? {
        let n = s.count
        var r = p, colons = 0, double = false, groupLen = 0, groups = 0, letters = false
        while r < n {
            let c = s[r]
            if Self.isHex(c) {
                groupLen += 1
                if groupLen > 4 { return nil }
                if c > 0x39 { letters = true }
            } else if c == 0x3A {
                if groupLen > 0 { groups += 1 }
                if r > p && s[r - 1] == 0x3A { if double { return nil }; double = true }
                groupLen = 0
                colons += 1
            } else { break }
            r += 1
        }
        if groupLen > 0 { groups += 1 } else if r > p && s[r - 1] == 0x3A && !(r >= 2 && s[r - 2] == 0x3A) { r -= 1; colons -= 1 }
        guard colons >= 2, colons <= 7 else { return nil }
        guard (double && groups >= 2) || (colons == 7 && groups == 8) else { return nil }
        guard letters || double || groups == 8 else { return nil }
        if r < n, NameNormalizer.isLetter(s[r]) { return nil }
        if !disabled.contains(.ip) { emit(p, r, .ip) }
        return r
    }

    // MARK: numbers: IPv4, GPS, card, phone

    private mutating func scanNumber(_ p: Int) -> Int {
        if NameNormalizer.isDigit(s[p]) {
            if let e = scanIPv4(p) { return e }
            if let e = scanIPv6(p) { return e }
            if let e = scanDMS(p) { return e }
        }
        if NameNormalizer.isDigit(s[p]) || s[p] == 0x2D {
            if let e = scanDecimalPair(p) { return e }
        }
        return scanDigitRun(p)
    }

    private func readInt(_ p: Int, maxDigits: Int) -> (value: Int, end: Int)? {
        var r = p, v = 0
        while r < s.count, NameNormalizer.isDigit(s[r]), r - p < maxDigits { v = v * 10 + Int(s[r] - 0x30); r += 1 }
        return r > p ? (v, r) : nil
    }

    private mutating func scanIPv4(_ p: Int) -> Int? {
        var r = p
        for part in 0..<4 {
            guard let (v, e) = readInt(r, maxDigits: 3), v <= 255 else { return nil }
            r = e
            if part < 3 {
                guard r + 1 < s.count, s[r] == 0x2E, NameNormalizer.isDigit(s[r + 1]) else { return nil }
                r += 1
            }
        }
        if r < s.count, NameNormalizer.isDigit(s[r]) || (s[r] == 0x2E && r + 1 < s.count && NameNormalizer.isDigit(s[r + 1])) { return nil }
        if !disabled.contains(.ip) { emit(p, r, .ip) }
        return r
    }

    /// A decimal number: returns value, end, decimals.
    private func readDecimal(_ p: Int, comma: Bool = false) -> (value: Double, end: Int, decimals: Int)? {
        var r = p
        var negative = false
        if r < s.count, s[r] == 0x2D || s[r] == 0x2212 { negative = true; r += 1 }
        guard let (whole, e) = readInt(r, maxDigits: 3) else { return nil }
        r = e
        guard r + 1 < s.count, s[r] == (comma ? 0x2C : 0x2E), NameNormalizer.isDigit(s[r + 1]) else { return nil }
        r += 1
        var frac = 0.0, scale = 0.1, decimals = 0
        while r < s.count, NameNormalizer.isDigit(s[r]) { frac += Double(s[r] - 0x30) * scale; scale /= 10; decimals += 1; r += 1 }
        let v = Double(whole) + frac
        return (negative ? -v : v, r, decimals)
    }

    /// "с.ш.", "ю. ш.", "в.д.", "з.д." (Russian latitude and longitude marks): the end, or nil.
    private func russianHemisphere(_ p: Int) -> Int? {
        var r = p
        guard r < s.count, [0x441, 0x44E, 0x432, 0x437, 0x421, 0x42E, 0x412, 0x417].contains(s[r]) else { return nil }
        r += 1
        if r < s.count, s[r] == 0x2E { r += 1 }
        if r < s.count, s[r] == 0x20 { r += 1 }
        guard r < s.count, [0x448, 0x434, 0x428, 0x414].contains(s[r]) else { return nil }
        r += 1
        if r < s.count, s[r] == 0x2E { r += 1 }
        return r
    }

    private func skipDegreeAndHemisphere(_ p: Int) -> (end: Int, marked: Bool) {
        var r = p, marked = false
        if r < s.count, s[r] == 0xB0 { r += 1; marked = true }
        var k = r
        if k < s.count, s[k] == 0x20 { k += 1 }
        if let e = russianHemisphere(k) { return (e, true) }
        if k < s.count, [0x4E, 0x53, 0x45, 0x57].contains(s[k]), k + 1 >= s.count || !NameNormalizer.isLetter(s[k + 1]) {
            r = k + 1
            marked = true
        }
        return (r, marked)
    }

    /// "43.3178, 45.6987", "43.3178° N 45.6987° E", "-33.86, 151.20" after a cue.
    private mutating func scanDecimalPair(_ p: Int) -> Int? {
        // "43,31 с.ш. 45,69 в.д.": decimal commas only with hemisphere marks.
        let comma = readDecimal(p) == nil
        guard let a = readDecimal(p, comma: comma) else { return nil }
        let (aEnd, aMarked) = skipDegreeAndHemisphere(a.end)
        if comma && !aMarked { return nil }
        var r = aEnd
        var sepCount = 0
        while r < s.count, s[r] == 0x2C || s[r] == 0x3B || s[r] == 0x20 || s[r] == 0xA0 || s[r] == 0x2F, sepCount < 3 { r += 1; sepCount += 1 }
        // "N 43.31, E 45.69": a hemisphere letter before the second number.
        var prefixed = false
        if sepCount >= 1, r + 1 < s.count, [0x45, 0x57].contains(s[r]), s[r + 1] == 0x20 || NameNormalizer.isDigit(s[r + 1]) {
            r += s[r + 1] == 0x20 ? 2 : 1
            prefixed = true
        }
        guard sepCount >= 1, let b = readDecimal(r, comma: comma) else { return nil }
        let (bEnd, bMarkedAfter) = skipDegreeAndHemisphere(b.end)
        let bMarked = bMarkedAfter || prefixed
        guard abs(a.value) <= 90, abs(b.value) <= 180 else { return nil }
        let precise = a.decimals >= 3 && b.decimals >= 3
        let marked = (aMarked || bMarked) && a.decimals >= 2 && b.decimals >= 2
        let cued = a.decimals >= 2 && b.decimals >= 2 && text.cueBefore(p, window: 30, cues: .gpsCue)
        guard precise || marked || cued else { return nil }
        var start = p
        // A hemisphere letter written before the number ("N 43.31").
        if start >= 2, [0x4E, 0x53].contains(s[start - 2]), s[start - 1] == 0x20 { start -= 2 } else if start >= 1, [0x4E, 0x53].contains(s[start - 1]) { start -= 1 }
        if !disabled.contains(.gps) { emit(start, bEnd, .gps) }
        return bEnd
    }

    /// Degrees, minutes, seconds: 43°18′56″N 45°41′12″E.
    private mutating func scanDMS(_ p: Int) -> Int? {
        var r = p, degrees = 0, hemispheres = 0, lastGood = p
        while r < s.count, r - p < 48 {
            let c = s[r]
            if NameNormalizer.isDigit(c) || c == 0x2E || c == 0x20 || c == 0x2C {
                r += 1
            } else if c == 0xB0 {
                degrees += 1; r += 1; lastGood = r
            } else if c == 0x27 || c == 0x2032 || c == 0x22 || c == 0x2033 || c == 0x2019 || c == 0x201D {
                r += 1; lastGood = r
            } else if [0x4E, 0x53, 0x45, 0x57].contains(c), r + 1 >= s.count || !NameNormalizer.isLetter(s[r + 1]) {
                hemispheres += 1; r += 1; lastGood = r
            } else { break }
            if NameNormalizer.isDigit(c) { lastGood = max(lastGood, r) }
        }
        guard degrees >= 2 || (degrees == 1 && hemispheres >= 1) else { return nil }
        if !disabled.contains(.gps) { emit(p, lastGood, .gps) }
        return lastGood
    }

    /// Digits with phone-like separators; decides card (Luhn) or phone.
    private mutating func scanDigitRun(_ p: Int) -> Int {
        let n = s.count
        var r = p
        var digits: [UInt8] = []
        var groups: [Int] = []
        var groupLen = 0
        var plus = false, dots = 0, dashes = 0, parens = 0, spaces = 0, other = 0
        var lastDigitEnd = p
        if s[r] == 0x2B { plus = true; r += 1 }
        var sepRun = 0
        while r < n {
            let c = s[r]
            if NameNormalizer.isDigit(c) {
                digits.append(UInt8(c - 0x30)); groupLen += 1; r += 1; lastDigitEnd = r; sepRun = 0
                if digits.count > 20 { break }
                continue
            }
            let isSep = c == 0x20 || c == 0x2D || c == 0x2E || c == 0x28 || c == 0x29 || c == 0xA0 || c == 0x2013
            // After a long group (a card or a run-together phone) a separator ends the number.
            guard isSep, sepRun < 2, r + 1 < n, groupLen <= 5 else { break }
            // A separator only counts when more digits follow.
            var k = r
            while k < n, k - r < 3, s[k] == 0x20 || s[k] == 0x2D || s[k] == 0x2E || s[k] == 0x28 || s[k] == 0x29 || s[k] == 0xA0 || s[k] == 0x2013 { k += 1 }
            guard k < n, NameNormalizer.isDigit(s[k]), k - r <= 2 else { break }
            if groupLen > 0 { groups.append(groupLen); groupLen = 0 }
            for m in r..<k {
                switch s[m] {
                case 0x2E: dots += 1
                case 0x2D, 0x2013: dashes += 1
                case 0x28, 0x29: parens += 1
                case 0x20, 0xA0: spaces += 1
                default: other += 1
                }
            }
            r = k
            sepRun = 0
        }
        if groupLen > 0 { groups.append(groupLen) }
        let end = lastDigitEnd
        // A digit run glued to letters is a code or a word, not a phone.
        if end < n, NameNormalizer.isLetter(s[end]) { return end }
        // A closing parenthesis belongs to the number only if it was opened inside it.
        let d = digits.count
        // SIM serials: 19-20 digits starting 89 (telecom), Luhn-checked.
        if d >= 18 && d <= 20 && !plus && dots == 0 && digits[0] == 8 && digits[1] == 9
            && (Self.luhn(digits) || Self.luhn(Array(digits.prefix(19))) || text.cueBefore(p, window: 20, cues: .documentCue)) {
            if !disabled.contains(.iccid) { emit(p, end, .iccid) }
            return end
        }
        if d >= 13 && d <= 19 && !plus && dots == 0 && parens == 0 && Self.luhn(digits) {
            if !disabled.contains(.card) { emit(p, end, .card) }
            return end
        }
        // Sixteen digits in four groups of four (or run together) are a card even with a
        // mistyped digit: recall first.
        if d == 16 && !plus && dots == 0 && parens == 0 && (groups == [4, 4, 4, 4] || groups == [16]) {
            if !disabled.contains(.card) { emit(p, end, .card) }
            return end
        }
        if isPhone(p: p, digits: digits, groups: groups, plus: plus, dots: dots, dashes: dashes, parens: parens, spaces: spaces) {
            var start = p
            if s[p] == 0x2D { start = p + 1 }
            if !disabled.contains(.phone) { emit(start, end, .phone, tier: Candidate.Tier.phone) }
        }
        return max(end, p + 1)
    }

    private func isPhone(p: Int, digits: [UInt8], groups: [Int], plus: Bool, dots: Int, dashes: Int, parens: Int, spaces: Int) -> Bool {
        let d = digits.count
        guard d >= 6 && d <= 15 else { return false }
        if plus { return d >= 8 }
        if d <= 6 { return (dashes > 0 || spaces > 0) && text.cueBefore(p, window: 20, cues: .phoneCue) }
        // ISO and day-first dates ("2017-03-28", "28-03-2017").
        if groups == [4, 2, 2] || groups == [2, 2, 4] || groups == [1, 2, 4] || groups == [2, 1, 4] || groups == [1, 1, 4] { return false }
        // Dates and decimals: dotted numbers are phones only with many digits.
        if dots > 0 && dashes == 0 && parens == 0 && d <= 10 { return false }
        // Lists of years ("2015 2016 2017").
        if groups.count >= 2 && groups.allSatisfy({ $0 == 4 }) {
            var k = 0, allYears = true
            for g in groups {
                let v = Int(digits[k]) * 1000 + Int(digits[k + 1]) * 100 + Int(digits[k + 2]) * 10 + Int(digits[k + 3])
                if !(1900...2099).contains(v) { allYears = false }
                k += g
            }
            if allYears { return false }
        }
        // Thousands separators ("10 000 000").
        if spaces > 0 && dashes == 0 && parens == 0 && groups.dropFirst().allSatisfy({ $0 == 3 }) && (groups.first ?? 0) <= 3 && d <= 9 { return false }
        if d == 11 && (digits[0] == 8 || digits[0] == 7) { return true }
        if d >= 10 { return true }
        if parens > 0 || (dashes > 0 && groups.count >= 3) { return true }
        return text.cueBefore(p, window: 30, cues: .phoneCue)
    }

    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (i, dgt) in digits.reversed().enumerated() {
            var v = Int(dgt)
            if i % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        return sum % 10 == 0
    }
}
