/// Identifiers recognised by the words before them: document numbers
/// ("passport", "дело №"), dates of birth ("born", "дата рождения", "DOB:")
/// and street addresses (street and flat words with house numbers).
struct CueScanner {
    let text: TokenizedText
    let disabled: Set<IdentifierKind>
    var out: [Candidate] = []

    private let s: [UInt32]
    private let tokens: [Token]

    init(text: TokenizedText, disabled: Set<IdentifierKind>) {
        self.text = text
        self.disabled = disabled
        s = text.s
        tokens = text.tokens
    }

    private func string(_ a: Int, _ b: Int) -> String {
        var str = String.UnicodeScalarView()
        for k in a..<b { if let u = Unicode.Scalar(s[k]) { str.append(u) } }
        return String(str)
    }

    mutating func scan() {
        let wantDocument = !disabled.contains(.document)
        let wantBirth = !disabled.contains(.birthDate)
        let wantAddress = !disabled.contains(.address)
        var addressEnd = -1
        for i in tokens.indices {
            let t = tokens[i]
            if wantDocument && t.has(.documentCue) && !insideLink(t) { scanDocument(from: t.end) }
            if wantBirth {
                // "д.р." / "д. р." (дата рождения) before or after the date.
                if t.length == 1, t.cyrillic, t.firstByte == 0x64, i + 1 < tokens.count, tokens[i + 1].length == 1, tokens[i + 1].firstByte == 0x72,
                   t.end < s.count, s[t.end] == 0x2E {
                    scanBirth(from: tokens[i + 1].end)
                    scanBirthBefore(t.start)
                } else if t.has(.birthCue) && !(t.cyrillic && t.skeletonLength <= 2) {
                    scanBirth(from: t.end)
                    if t.cyrillic || t.firstByte == 0x72 { scanBirthBefore(t.start) }
                } else if t.length == 1, t.firstByte == 0x67, i + 1 < tokens.count, tokens[i + 1].length == 1, tokens[i + 1].firstByte == 0x72,
                          t.end < s.count, s[t.end] == 0x2E {
                    scanBirthBefore(t.start) // "1985 г.р."
                }
            }
            if wantAddress && t.start >= addressEnd && (t.has([.street, .house])) {
                if let e = scanAddress(i) { addressEnd = e }
            }
        }
        if wantDocument {
            for p in s.indices where s[p] == 0x2116 || s[p] == 0xBA && p > 0 && (s[p - 1] | 0x20) == 0x6E {
                scanDocument(from: p + 1) // № and Nº
            }
            // French "n°" / "N°".
            for p in s.indices where s[p] == 0xB0 && p > 0 && (s[p - 1] | 0x20) == 0x6E && (p < 2 || !NameNormalizer.isLetter(s[p - 2])) {
                scanDocument(from: p + 1)
            }
        }
    }

    // MARK: documents

    /// "id" in "vk.com/id4821" or "?id=" is part of a link, not a cue.
    private func insideLink(_ t: Token) -> Bool {
        if t.end < s.count, NameNormalizer.isDigit(s[t.end]) || s[t.end] == 0x3D { return true }
        guard t.start > 0 else { return false }
        let c = s[t.start - 1]
        return c == 0x2F || c == 0x2E || c == 0x40 || c == 0x5F || c == 0x3F || c == 0x26 || c == 0x3D
    }

    private mutating func scanDocument(from start: Int) {
        var r = skipFillers(start, fillers: .documentFiller, limit: 30)
        let first = r
        var digits = 0, last = r
        var groups = 0
        while r < s.count && groups < 5 {
            var e = r, groupDigits = 0, groupLetters = 0
            while e < s.count {
                let c = s[e]
                if NameNormalizer.isDigit(c) { groupDigits += 1 } else if NameNormalizer.isLetter(c) { groupLetters += 1 }
                else if !(c == 0x2F || c == 0x2D || (c == 0x2E && e + 1 < s.count && NameNormalizer.isDigit(s[e + 1]))) { break }
                e += 1
            }
            if e == r { break }
            if groupDigits == 0 {
                // A short series prefix ("AB 123456", "IV-ДН 123") only before digits.
                guard groupLetters <= 4, e + 1 < s.count, s[e] == 0x20, NameNormalizer.isDigit(s[e + 1]),
                      NameNormalizer.isUpper(s[r]) else { break }
            }
            digits += groupDigits
            groups += 1
            last = e
            // Next group after one space only.
            guard e + 1 < s.count, s[e] == 0x20 || s[e] == 0xA0, PatternScanner.isAlnum(s[e + 1]) else { break }
            // A following word is not part of the number unless it carries digits.
            var k = e + 1, hasDigit = false
            while k < s.count, PatternScanner.isAlnum(s[k]) || s[k] == 0x2F || s[k] == 0x2D { if NameNormalizer.isDigit(s[k]) { hasDigit = true }; k += 1 }
            if !hasDigit { break }
            r = e + 1
        }
        while last > first, s[last - 1] == 0x2D || s[last - 1] == 0x2F { last -= 1 }
        guard digits >= 3 || (digits >= 2 && last - first >= 4) else { return }
        out.append(Candidate(start: first, end: last, kind: .document, tier: Candidate.Tier.cued, identity: ""))
        // "series 4509, number 731204": a second number after a filler word belongs to the same document.
        var q = last
        while q < s.count, q - last < 3, s[q] == 0x2C || s[q] == 0x20 || s[q] == 0x3B { q += 1 }
        let k = text.tokenIndex(atOrAfter: q)
        if q > last, k < tokens.count, tokens[k].start == q, tokens[k].has(.documentFiller), !tokens[k].has(.documentCue) {
            scanDocument(from: tokens[k].end)
        }
    }

    /// Skips spaces, punctuation and filler words after a cue.
    private func skipFillers(_ start: Int, fillers: WordClass, limit: Int) -> Int {
        var r = start
        var ti = text.tokenIndex(atOrAfter: start)
        while r < s.count && r - start < limit {
            let c = s[r]
            if c == 0x20 || c == 0xA0 || c == 0x3A || c == 0x23 || c == 0x2116 || c == 0x2E || c == 0x2C || c == 0x2D || c == 0x2F || c == 0x28 || c == 0x09 {
                r += 1
                continue
            }
            if NameNormalizer.isLetter(c) {
                while ti < tokens.count && tokens[ti].start < r { ti += 1 }
                guard ti < tokens.count, tokens[ti].start == r, tokens[ti].has(fillers) else { return r }
                r = tokens[ti].end
                continue
            }
            return r
        }
        return r
    }

    // MARK: dates of birth

    private mutating func scanBirth(from start: Int) {
        let r = skipFillers(start, fillers: .birthFiller, limit: 30)
        if let e = parseDate(r) {
            out.append(Candidate(start: r, end: e, kind: .birthDate, tier: Candidate.Tier.cued, identity: ""))
        }
    }

    /// "1985 года рождения", "12.05.1985 г.р.": the date stands before the cue.
    private mutating func scanBirthBefore(_ cueStart: Int) {
        var r = cueStart
        var budget = 14
        var ti = text.tokenIndex(atOrAfter: cueStart) - 1
        while r > 0 && budget > 0 {
            let c = s[r - 1]
            if c == 0x20 || c == 0x2E || c == 0x2C || c == 0xA0 { r -= 1; budget -= 1; continue }
            if NameNormalizer.isLetter(c) {
                while ti >= 0 && tokens[ti].end > r { ti -= 1 }
                guard ti >= 0, tokens[ti].end == r, tokens[ti].has(.birthFiller) || tokens[ti].length == 1 else { return }
                budget -= tokens[ti].length
                r = tokens[ti].start
                continue
            }
            break
        }
        guard r > 0, NameNormalizer.isDigit(s[r - 1]) else { return }
        var b = r
        while b > 0, r - b < 12, NameNormalizer.isDigit(s[b - 1]) || s[b - 1] == 0x2E || s[b - 1] == 0x2F || s[b - 1] == 0x2D { b -= 1 }
        while b < r, !NameNormalizer.isDigit(s[b]) { b += 1 }
        // A spelled month: "12 мая 1985 года рождения".
        if let e = parseDate(b), e == r {
            out.append(Candidate(start: b, end: r, kind: .birthDate, tier: Candidate.Tier.cued, identity: ""))
        }
        if r - b == 4 {
            // Try "12 мая 1985": day and month word before the year.
            var k = b - 1
            while k > 0 && s[k] == 0x20 { k -= 1 }
            let monthEnd = k + 1
            var ms = monthEnd
            while ms > 0, NameNormalizer.isLetter(s[ms - 1]) { ms -= 1 }
            if ms < monthEnd {
                let idx = text.tokenIndex(atOrAfter: ms)
                if idx < tokens.count, tokens[idx].has(.month) {
                    var d = ms - 1
                    while d > 0 && s[d] == 0x20 { d -= 1 }
                    var ds = d + 1
                    while ds > 0, NameNormalizer.isDigit(s[ds - 1]), d + 1 - ds < 2 { ds -= 1 }
                    let start = ds < d + 1 ? ds : ms
                    out.append(Candidate(start: start, end: r, kind: .birthDate, tier: Candidate.Tier.cued, identity: ""))
                }
            }
        }
    }

    private func digitsAt(_ p: Int, min: Int, max: Int) -> Int? {
        var r = p
        while r < s.count, NameNormalizer.isDigit(s[r]), r - p < max { r += 1 }
        guard r - p >= min else { return nil }
        if r < s.count, NameNormalizer.isDigit(s[r]) { return nil }
        return r
    }

    private func monthAt(_ p: Int) -> Int? {
        let idx = text.tokenIndex(atOrAfter: p)
        guard idx < tokens.count, tokens[idx].start == p, tokens[idx].has(.month) else { return nil }
        var e = tokens[idx].end
        if e < s.count, s[e] == 0x2E { e += 1 }
        return e
    }

    private func spaces(_ p: Int) -> Int {
        var r = p
        while r < s.count, s[r] == 0x20 || s[r] == 0xA0 { r += 1 }
        return r
    }

    /// Numeric, ISO, spelled-month dates, or a bare year.
    func parseDate(_ p: Int) -> Int? {
        guard p < s.count else { return nil }
        if let a = digitsAt(p, min: 1, max: 4) {
            let sep = a < s.count ? s[a] : 0
            if sep == 0x2E || sep == 0x2F || sep == 0x2D, let b = digitsAt(a + 1, min: 1, max: 2),
               b < s.count, s[b] == sep, let c = digitsAt(b + 1, min: 2, max: 4) {
                return c
            }
            if a - p <= 2 {
                // "12 May 1985", "12th of May 1985", "12 мая 1985 г."
                var r = a
                if r + 2 < s.count, NameNormalizer.isLetter(s[r]), NameNormalizer.isLetter(s[r + 1]), !NameNormalizer.isLetter(s[r + 2]), !tokens[text.tokenIndex(atOrAfter: r)].has(.month) { r += 2 }
                r = spaces(r)
                if let m = monthAt(r) {
                    let y = spaces(m)
                    if let ye = digitsAt(y, min: 4, max: 4) { return ye }
                    return m
                }
            }
            if a - p == 4 {
                let v = Int(string(p, a)) ?? 0
                if (1900...2030).contains(v) { return a }
            }
            return nil
        }
        if let m = monthAt(p) {
            let d = spaces(m)
            if let de = digitsAt(d, min: 1, max: 2) {
                var r = de
                if r < s.count, s[r] == 0x2C { r += 1 }
                r = spaces(r)
                if let ye = digitsAt(r, min: 4, max: 4) { return ye }
                return de
            }
            if let ye = digitsAt(d, min: 4, max: 4) { return ye }
        }
        return nil
    }

    // MARK: addresses

    private static let desHash = NameNormalizer.skeletonHash("des")

    private func isAbbreviation(_ t: Token) -> Bool { t.length <= 3 && t.hash != Self.rueHash }
    private static let rueHash = NameNormalizer.skeletonHash("rue")

    private mutating func scanAddress(_ i: Int) -> Int? {
        let t = tokens[i]
        let isStreet = t.has(.street)
        var end = t.end
        let dotted = end < s.count && s[end] == 0x2E
        if dotted { end += 1 }
        let nextContent = spaces(end)
        let digitNext = nextContent < s.count && NameNormalizer.isDigit(s[nextContent])
        // Abbreviations ("st", "d", "per") count only with their dot or a number after.
        if isAbbreviation(t) && !dotted && !digitNext && !(t.cyrillic && isStreet) { return nil }
        if !isStreet && !digitNext { return nil }
        var start = t.start
        var hasDigit = false
        if isStreet {
            // Street name before the street word ("Baker Street", "Lenina ul.") and a number before that.
            var k = i - 1
            var taken = 0
            while k >= 0 && taken < 2 {
                let p = tokens[k]
                guard p.capitalized, !p.has(.stopword), text.tightGap(p, tokens[k + 1]) else { break }
                start = p.start
                taken += 1
                k -= 1
            }
            var b = start
            while b > 0, s[b - 1] == 0x20 || s[b - 1] == 0x2C, start - b < 3 { b -= 1 }
            if b < start, b > 0, NameNormalizer.isDigit(s[b - 1]) {
                var d = b
                while d > 0, NameNormalizer.isDigit(s[d - 1]) || s[d - 1] == 0x2F { d -= 1 }
                if d == 0 || TokenizedText.isSpace(s[d - 1]) || s[d - 1] == 0x2C { start = d; hasDigit = true }
            }
        }
        var r = end
        var steps = 0
        var sawNumber = hasDigit
        var ti = i + 1
        while steps < 10 {
            var q = r, gap = 0
            while q < s.count, gap < 3, s[q] == 0x20 || s[q] == 0x2C || s[q] == 0xA0 { q += 1; gap += 1 }
            guard q < s.count else { break }
            let c = s[q]
            if NameNormalizer.isDigit(c) {
                var e = q
                while e < s.count, NameNormalizer.isDigit(s[e]) { e += 1 }
                if e < s.count, NameNormalizer.isLetter(s[e]), e + 1 >= s.count || !NameNormalizer.isLetter(s[e + 1]) { e += 1 }
                while e + 1 < s.count, s[e] == 0x2F || s[e] == 0x2D, NameNormalizer.isDigit(s[e + 1]) {
                    e += 1
                    while e < s.count, NameNormalizer.isDigit(s[e]) { e += 1 }
                }
                // A day before a month is a date, not a house ("ст. Наурская, 15 апреля").
                let next = text.tokenIndex(atOrAfter: e)
                if next < tokens.count, tokens[next].start - e <= 2, tokens[next].has(.month) { break }
                // Not a year or a time ("at 5 pm" is not part of an address).
                r = e
                hasDigit = true
                sawNumber = true
                steps += 1
                continue
            }
            if NameNormalizer.isLetter(c) {
                while ti < tokens.count && tokens[ti].start < q { ti += 1 }
                guard ti < tokens.count, tokens[ti].start == q else { break }
                let w = tokens[ti]
                if w.has([.house, .street]) {
                    var e = w.end
                    if e < s.count, s[e] == 0x2E { e += 1 }
                    let after = spaces(e)
                    guard after < s.count, NameNormalizer.isDigit(s[after]) || !isAbbreviation(w) || e > w.end else { break }
                    r = e
                } else if !sawNumber, w.capitalized, !w.has(.stopword) {
                    r = w.end
                } else if w.has(.particle) || w.hash == Self.desHash, ti + 1 < tokens.count, tokens[ti + 1].capitalized || tokens[ti + 1].has(.particle),
                          tokens[ti + 1].start - w.end <= 2 {
                    // "rue de la Paix", "avenue des Champs": articles between the street word and its name.
                    r = w.end
                } else { break }
                steps += 1
                continue
            }
            break
        }
        guard hasDigit else { return nil }
        out.append(Candidate(start: start, end: r, kind: .address, tier: Candidate.Tier.address, identity: ""))
        // The part from the street word on, in case what precedes it belongs to another span.
        if start < t.start && r > end {
            out.append(Candidate(start: t.start, end: r, kind: .address, tier: Candidate.Tier.address, identity: ""))
        }
        return r
    }
}
