/// Quasi-identifiers for `StripLevel.strict`: exact dates, numbers (ages,
/// quantities, house and unit numbers), capitalised names of places,
/// organisations, units and nationalities, and relatives named by role.
/// Recall first: strict is for texts where a combination of details could
/// single a source out, and over-replacement is the accepted cost.
struct QuasiScanner {
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

    private mutating func emit(_ a: Int, _ b: Int, _ kind: IdentifierKind) {
        guard !disabled.contains(kind), a < b else { return }
        // A date beats a name inside it ("4 May 1998").
        let tier = kind == .date ? Candidate.Tier.address : Candidate.Tier.quasi
        out.append(Candidate(start: a, end: b, kind: kind, tier: tier, identity: ""))
    }

    mutating func scan() {
        scanDatesAndNumbers()
        scanNames()
        extendAndMerge()
    }

    /// Words around a date or number that belong to it ("end of", "early", "aged",
    /// "years"), and connectors that join two details into one ("16 and 17 April").
    private static let modifiers = Lexicon.set("""
    end early late beginning mid middle autumn spring summer winter first second third semester half quarter of the approximately about around
    between since until age aged some nearly almost over under
    """)
    private static let connectors = Lexicon.set("and or of to the between from until")
    private static let numberWords = Lexicon.set("""
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty
    thirty forty fifty sixty seventy eighty ninety hundred thousand million dozen several
    """)

    private mutating func extendAndMerge() {
        guard !out.isEmpty else { return }
        var spans = out.sorted { $0.start < $1.start }
        for k in spans.indices where spans[k].kind == .date || spans[k].kind == .number {
            // Back over modifiers, at most four words.
            var ti = text.tokenIndex(atOrAfter: spans[k].start) - 1
            var steps = 0
            while ti >= 0, steps < 4, Self.modifiers.contains(tokens[ti].hash), spans[k].start - tokens[ti].end <= 2 {
                spans[k].start = tokens[ti].start
                ti -= 1
                steps += 1
            }
            // A number takes the word after it: its unit ("12 years", "0.5 grams", "100 kroner").
            if spans[k].kind == .number {
                var next = text.tokenIndex(atOrAfter: spans[k].end)
                var taken = 0
                // The unit, hyphenated compounds ("9-year-old") and a capitalised qualifier ("Swedish kronor").
                while next < tokens.count, taken < 3, tokens[next].start - spans[k].end <= 1,
                      taken == 0 || TokenizedText.isHyphen(s[spans[k].end]) || tokens[next - 1].capitalized {
                    spans[k].end = tokens[next].end
                    next += 1
                    taken += 1
                }
            }
        }
        var merged: [Candidate] = []
        for c in spans {
            if var last = merged.last, c.start <= last.end || gapIsConnector(last.end, c.start) {
                last.end = max(last.end, c.end)
                merged[merged.count - 1] = last
            } else {
                merged.append(c)
            }
        }
        out = merged
    }

    /// Only spaces, punctuation and up to two connector words between two details.
    private func gapIsConnector(_ a: Int, _ b: Int) -> Bool {
        guard b - a <= 16 else { return false }
        var words = 0
        var p = a
        while p < b {
            let c = s[p]
            if NameNormalizer.isLetter(c) {
                let k = text.tokenIndex(atOrAfter: p)
                guard k < tokens.count, tokens[k].start == p, Self.connectors.contains(tokens[k].hash) else { return false }
                words += 1
                p = tokens[k].end
                continue
            }
            guard c == 0x20 || c == 0x2C || c == 0x2D || c == 0x28 || c == 0x29 || c == 0x201C || c == 0x201D || c == 0x22 || c == 0x5B || c == 0x5D else { return false }
            p += 1
        }
        return words <= 2
    }

    private mutating func scanDatesAndNumbers() {
        let dates = CueScanner(text: text, disabled: disabled)
        var p = 0
        let n = s.count
        while p < n {
            let c = s[p]
            let boundary = p == 0 || !PatternScanner.isAlnum(s[p - 1])
            if boundary, NameNormalizer.isDigit(c) {
                if let e = dates.parseDate(p), e > p {
                    emit(p, e, .date)
                    p = e
                    continue
                }
                var e = p
                while e < n, NameNormalizer.isDigit(s[e]) || ((s[e] == 0x2C || s[e] == 0x2E || s[e] == 0x2F) && e + 1 < n && NameNormalizer.isDigit(s[e + 1])) { e += 1 }
                emit(p, e, .number)
                p = e
                continue
            }
            // "February 1997", "May 3, 2001": a month word opens a date.
            if boundary, NameNormalizer.isLetter(c) {
                let k = text.tokenIndex(atOrAfter: p)
                if k < tokens.count, tokens[k].start == p, tokens[k].has(.month), tokens[k].capitalized || tokens[k].cyrillic {
                    if let e = dates.parseDate(p), e > tokens[k].end {
                        emit(p, e, .date)
                        p = e
                        continue
                    }
                }
                // Skip the rest of the word.
                var e = p
                while e < n, NameNormalizer.isLetter(s[e]) { e += 1 }
                p = e
                continue
            }
            p += 1
        }
    }

    private static let functionWords = Lexicon.functionWords
    private static let relatives = Lexicon.relatives
    /// Occupations and roles that narrow a person down.
    private static let occupations = Lexicon.set("""
    doctor physician surgeon psychiatrist psychologist nurse secretary lawyer advocate attorney solicitor barrister judge prosecutor investigator
    teacher professor lecturer student pupil journalist editor reporter photographer engineer driver mechanic farmer shepherd builder worker
    officer soldier sergeant lieutenant captain major colonel general commander guard policeman imam priest mullah accountant manager director
    businessman shopkeeper trader salesman cook waiter cleaner pensioner veteran activist volunteer national citizen resident
    vrach khirurg medsestra advokat sudya prokuror sledovatel uchitel student zhurnalist voditel inzhener fermer stroitel rabochiy ofitser soldat
    arzt anwalt lehrer journalist fahrer ingenieur soldat polizist medecin avocat juge enseignant journaliste chauffeur ingenieur soldat policier
    """)

    private mutating func scanNames() {
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if Self.relatives.contains(t.hash) || (t.stem1 != 0 && Self.relatives.contains(t.stem1)) {
                emit(t.start, t.end, .relative)
                i += 1
                continue
            }
            if Self.numberWords.contains(t.hash) {
                // "two years", "eight months": a spelled number and its unit.
                var end = t.end
                if i + 1 < tokens.count, tokens[i + 1].start - t.end <= 1 { end = tokens[i + 1].end }
                emit(t.start, end, .number)
                i += 2
                continue
            }
            if Self.occupations.contains(t.hash) || (t.stem1 != 0 && Self.occupations.contains(t.stem1)) {
                // "consultant psychiatrist", "medical secretary": the role and the word before it.
                var start = t.start
                if i > 0, text.tightGap(tokens[i - 1], t), !Self.functionWords.contains(tokens[i - 1].hash) { start = tokens[i - 1].start }
                emit(start, t.end, .entity)
                i += 1
                continue
            }
            let singleLetter = t.length == 1 && t.capitalized && s[t.start] < 0x80
            guard t.capitalized || t.allCaps, singleLetter || !Self.functionWords.contains(t.hash), !t.has([.title, .month]) else { i += 1; continue }
            var j = i
            while j + 1 < tokens.count, text.tightGap(tokens[j], tokens[j + 1]), tokens[j + 1].capitalized || tokens[j + 1].allCaps,
                  !Self.functionWords.contains(tokens[j + 1].hash), !tokens[j + 1].has([.title, .month]) {
                j += 1
            }
            emit(t.start, tokens[j].end, .entity)
            i = j + 1
        }
    }
}
