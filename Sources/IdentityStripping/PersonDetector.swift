/// Finds names nobody declared: after cues (titles, "named", "my name is",
/// form fields such as `Name:`), around given names from the project's list,
/// and from surname endings (-ov, -eva, -shvili…). A surname or given name seen
/// in a full name is then replaced everywhere else in the text with the same
/// pseudonym. Recall first: when in doubt, a capitalised word is replaced.
struct PersonDetector {
    let text: TokenizedText
    var out: [Candidate] = []

    private let s: [UInt32]
    private let tokens: [Token]

    init(text: TokenizedText) {
        self.text = text
        s = text.s
        tokens = text.tokens
    }

    // FNV-1a of "name", "is", "as": constants, so the per-word loop needs no lazy globals.
    private static var nameHash: UInt64 { 0xc4bcadba8e631b86 }
    private static var isHash: UInt64 { 0x08b74507b55c61d5 }
    private static var asHash: UInt64 { 0x089c5507b545b54d }

    @inline(__always)
    private func isNameWord(_ t: Token) -> Bool {
        (t.capitalized || t.allCaps) && !t.has([.stopword, .title])
    }

    /// Whether a word alone looks like part of a name (used when trimming a detected name).
    func isNameEvidence(_ t: Token) -> Bool { isGiven(t) || surnameLike(t) || text.isInitial(t) }

    private func isGiven(_ t: Token) -> Bool {
        t.has(.given)
    }

    /// True when token `i` opens a sentence (or a line), where capitals say little.
    func atSentenceStart(_ i: Int) -> Bool {
        var p = tokens[i].start
        while p > 0 {
            let c = s[p - 1]
            if c == 0x20 || c == 0x09 || c == 0xA0 || c == 0x22 || c == 0x201C || c == 0xAB || c == 0x28 || c == 0x2D || c == 0x2014 || c == 0x2013 || c == 0x27 { p -= 1; continue }
            // A colon opens a chat message or a label's answer ("jörg: Frank und frei").
            return c == 0x2E || c == 0x21 || c == 0x3F || c == 0x2026 || c == 0x0A || c == 0x0D || c == 0x3A
        }
        return true
    }

    private static let knownHashes: Set<UInt64> = Lexicon.set("known knew know")

    /// Articles that are also name particles ("de Gaulle", "le Terek"): a name only before name evidence.
    private static let articles: Set<UInt64> = Lexicon.set("de du le la der den das di da del des dem")
    /// Relatives and companions whose name may follow (any case of the Russian ones).
    private static let companions: Set<UInt64> = Lexicon.relatives.union(Lexicon.set("""
    friend friends neighbour neighbor neighbours colleague partner boyfriend girlfriend fiance fiancee flatmate roommate
    freund freundin nachbar nachbarin kollege kollegin cousine ami amie voisin voisine collegue copain copine
    друг подруга сосед соседка коллега брат сестра дядя тётя тетя кузен
    """))
    private static let possessives: Set<UInt64> = Lexicon.set("his her my their our sein seine ihr ihre son sa mon ma ses")
    /// Words that make a capitalised run an organisation.
    private static let organisationWords: Set<UInt64> = Lexicon.set("""
    solicitors solicitor llp ltd limited inc gmbh ag sarl sa bank telecom university foundation institute associates partners
    company corporation group network committee council agency
    """)

    /// ", his friend" / ", her cousin" / "(my neighbour)" right after token `i`.
    private func companionFollows(_ i: Int) -> Bool {
        guard i + 2 < tokens.count else { return false }
        let gap = s[tokens[i].end..<tokens[i + 1].start]
        guard gap.first == 0x2C || gap.first == 0x28, gap.count <= 3 else { return false }
        guard Self.possessives.contains(tokens[i + 1].hash) else { return false }
        return Self.companions.contains(tokens[i + 2].hash)
    }

    func surnameLike(_ t: Token) -> Bool { t.has(.surnameLike) }

    private func identity(_ first: Int, _ last: Int) -> String {
        var words: [String] = []
        var initials: [String] = []
        for k in first...last {
            let t = tokens[k]
            if t.has(.title) { continue }
            var str = String.UnicodeScalarView()
            for p in t.start..<t.end { if let u = Unicode.Scalar(s[p]) { str.append(u) } }
            if t.length == 1 { initials.append(String(str)) } else { words.append(String(str)) }
        }
        return (words.isEmpty ? initials : words).joined(separator: " ")
    }

    private mutating func emit(_ first: Int, _ last: Int, tier: Int) {
        // "Duncan Lewis Solicitors", "Vainakh Telecom": a firm, not a person.
        for k in first...min(last + 1, tokens.count - 1) where Self.organisationWords.contains(tokens[k].hash) {
            if k == last + 1 ? text.tightGap(tokens[last], tokens[k]) : true { return }
        }
        var end = tokens[last].end
        if text.isInitial(tokens[last]) { end += 1 }
        out.append(Candidate(start: tokens[first].start, end: end, kind: .person, tier: tier,
                             identity: identity(first, last), firstToken: first, lastToken: last))
    }

    /// Name words following token `i`: capitalised words and initials, up to `max`.
    private func nameRun(after i: Int, max: Int, firstGapLimit: Int = 3, initialsSuffice: Bool = false) -> Int? {
        let n = tokens.count
        guard i + 1 < n else { return nil }
        let first = tokens[i + 1]
        let gapLength = first.start - tokens[i].end
        guard gapLength >= 1, gapLength <= firstGapLimit, isNameWord(first) || text.isInitial(first) else { return nil }
        for p in tokens[i].end..<first.start {
            let c = s[p]
            guard TokenizedText.isSpace(c) || c == 0x2E || c == 0x3A || c == 0x22 || c == 0x201C || c == 0xAB || c == 0x27 || c == 0x2018, c != 0x0A else { return nil }
        }
        var j = i + 1
        while j + 1 < n, j - i < max, text.tightGap(tokens[j], tokens[j + 1]) || text.nameGap(tokens[j], tokens[j + 1]),
              !s[tokens[j].end..<tokens[j + 1].start].contains(0x0A),
              isNameWord(tokens[j + 1]) || text.isInitial(tokens[j + 1]) {
            j += 1
        }
        // A run of initials only is no name.
        if !initialsSuffice && (i + 1...j).allSatisfy({ tokens[$0].length == 1 }) { return nil }
        return j
    }

    mutating func scan() {
        let n = tokens.count
        var i = 0
        while i < n {
            let t = tokens[i]
            // Titles: "Mr Umarov", "Dr. A. Bakaev", "гражданин Иванов".
            if t.has(.title) {
                // Chained titles: "Lord Justice Nourse", "Lieutenant Colonel Katayev".
                var k = i
                while k + 1 < n, k - i < 3, tokens[k + 1].has(.title), text.tightGap(tokens[k], tokens[k + 1]) || text.nameGap(tokens[k], tokens[k + 1]) { k += 1 }
                let honorific = t.has(.honorific)
                if let j = nameRun(after: k, max: 4, initialsSuffice: honorific) {
                    emit(honorific ? i : k + 1, j, tier: Candidate.Tier.cuedPerson)
                    i = j + 1
                    continue
                }
            }
            // "named X", "called X", "меня зовут X", "по имени X", "my name is X".
            if t.has(.nameCue) || (t.hash == Self.nameHash && i + 1 < n && tokens[i + 1].hash == Self.isHash)
                || (t.hash == Self.asHash && i > 0 && Self.knownHashes.contains(tokens[i - 1].hash)) {
                let cueEnd = t.hash == Self.nameHash ? i + 1 : i
                if let j = nameRun(after: cueEnd, max: 3) {
                    emit(cueEnd + 1, j, tier: Candidate.Tier.cuedPerson)
                    i = j + 1
                    continue
                }
            }
            // A relative or companion named next: "my cousin Ilez", "neighbour Grace", "брат Сергей".
            if Self.companions.contains(t.hash) || (t.stem1 != 0 && Self.companions.contains(t.stem1)),
               i + 1 < n, text.tightGap(t, tokens[i + 1]), !tokens[i + 1].has(.notSurname),
               let j = nameRun(after: i, max: 3, firstGapLimit: 1) {
                emit(i + 1, j, tier: Candidate.Tier.cuedPerson)
                i = j + 1
                continue
            }
            // "Lasha, his friend": a capitalised word set off before a companion.
            if isNameWord(t), !t.has(.notSurname), t.length >= 3, companionFollows(i) {
                emit(i, i, tier: Candidate.Tier.cuedPerson)
                i += 1
                continue
            }
            // Form fields: "Name: X", "ФИО: X".
            if t.has(.formField) {
                var p = t.end
                while p < s.count, s[p] == 0x20 { p += 1 }
                if p < s.count, s[p] == 0x3A, let j = nameRun(after: i, max: 4, firstGapLimit: 4) {
                    emit(i + 1, j, tier: Candidate.Tier.cuedPerson)
                    i = j + 1
                    continue
                }
            }
            // Given names from the list, with surnames and patronymics around them.
            if (t.capitalized || t.allCaps) && !t.has(.stopword) && isGiven(t) && !inHyphenatedPlace(i) {
                var first = i, last = i
                while last + 1 < n, last - i < 3, text.tightGap(tokens[last], tokens[last + 1]),
                      !s[tokens[last].end..<tokens[last + 1].start].contains(0x0A),
                      isNameWord(tokens[last + 1]) || text.isInitial(tokens[last + 1]) {
                    last += 1
                }
                while first - 1 >= 0, i - first < 2, text.tightGap(tokens[first - 1], tokens[first]),
                      !s[tokens[first - 1].end..<tokens[first].start].contains(0x0A) {
                    let p = tokens[first - 1]
                    guard isNameWord(p), surnameLike(p) || isGiven(p) else { break }
                    first -= 1
                }
                // A name that is also a word ("Islam", "May") alone counts only inside a sentence.
                // An everyday word ("Islam", "Grace") alone is a name only with a cue; other ambiguous names not at a sentence start.
                let ambiguous = t.has(.ambiguous) && first == i && last == i && (atSentenceStart(i) || t.allCaps || t.has(.commonWord))
                if !ambiguous && !(text.isInitial(tokens[last]) && last == i) {
                    emit(first, last, tier: Candidate.Tier.listedPerson)
                    i = last + 1
                    continue
                }
            }
            // A line that is only a particle name, such as a byline: "Di Ieso", "van Dijk".
            if t.has(.particle), t.capitalized, let last = particleNameLine(from: i) {
                emit(i, last, tier: Candidate.Tier.listedPerson)
                i = last + 1
                continue
            }
            // A lower-case particle before capitalised words: "van Dijk", "de Gaulle", "al Rashid".
            if t.has(.particle), !t.capitalized, !t.allCaps, let last = nameRun(after: i, max: 2, firstGapLimit: 1),
               !Self.articles.contains(t.hash) || !tokens[i + 1].has(.notSurname) {
                emit(i, last, tier: Candidate.Tier.listedPerson)
                i = last + 1
                continue
            }
            // Surname endings: "Umarov", "Дудаевой", "Beridze", with a following given name or patronymic.
            if isNameWord(t) && t.length >= 5 && surnameLike(t) && !isPlaceName(i) {
                var last = i
                while last + 1 < n, last - i < 2, text.tightGap(tokens[last], tokens[last + 1]),
                      !s[tokens[last].end..<tokens[last + 1].start].contains(0x0A),
                      isNameWord(tokens[last + 1]), isGiven(tokens[last + 1]) || surnameLike(tokens[last + 1]) || text.isInitial(tokens[last + 1]) {
                    last += 1
                }
                // One capitalised word before it is taken as the given name ("Zurab Khangoshvili").
                var first = i
                if i > 0, text.tightGap(tokens[i - 1], t), !s[tokens[i - 1].end..<t.start].contains(0x0A), isNameWord(tokens[i - 1]),
                   !(out.last.map { $0.lastToken >= i - 1 } ?? false) {
                    first = i - 1
                }
                emit(first, last, tier: Candidate.Tier.listedPerson)
                i = last + 1
                continue
            }
            i += 1
        }
        propagate()
    }

    /// Settlement abbreviations and words ("ст. Наурская", "с. Гойты") and the nouns a
    /// place adjective qualifies ("Урус-Мартановскому району"): the surname-shaped word is a place.
    private static let settlementWords: Set<UInt64> = Lexicon.set("g s st pos pgt der aul selo stanitsa gorod posyolok poselok khutor village town")
    private static let placeNouns: Set<UInt64> = Lexicon.set("""
    rayon rayona rayonu rayone r-n oblast oblasti kray kraya gorodskoy gorodskogo rayonny rayonnyy rayonnogo rayonnomu sud suda sudom otdel ovd omvd
    """)

    private func isPlaceName(_ i: Int) -> Bool {
        if i > 0, Self.settlementWords.contains(tokens[i - 1].hash), tokens[i - 1].end < s.count, s[tokens[i - 1].end] == 0x2E,
           tokens[i].start - tokens[i - 1].end <= 2 { return true }
        if i + 1 < tokens.count, !tokens[i + 1].capitalized, text.tightGap(tokens[i], tokens[i + 1]) {
            let next = tokens[i + 1]
            return Self.placeNouns.contains(next.hash) || (next.stem1 != 0 && Self.placeNouns.contains(next.stem1))
        }
        return false
    }

    /// "Urus-Martan", "Achkhoy-Martan": a word hyphenated to a town name is part of the town.
    private func inHyphenatedPlace(_ i: Int) -> Bool {
        let t = tokens[i]
        guard t.has(.notSurname) else { return false }
        if i > 0, tokens[i - 1].end + 1 == t.start, TokenizedText.isHyphen(s[t.start - 1]), tokens[i - 1].has(.notSurname), !isGiven(tokens[i - 1]) { return true }
        if i + 1 < tokens.count, t.end + 1 == tokens[i + 1].start, TokenizedText.isHyphen(s[t.end]), tokens[i + 1].has(.notSurname), !isGiven(tokens[i + 1]) { return true }
        return false
    }

    /// The last token of a line made only of a capitalised particle and one or two
    /// name words ("Di Ieso" under a headline); nil for anything else.
    private func particleNameLine(from i: Int) -> Int? {
        func onlySpaces(_ range: Range<Int>) -> Bool { range.allSatisfy { s[$0] == 0x20 || s[$0] == 0x09 } }
        var p = tokens[i].start
        while p > 0, s[p - 1] == 0x20 || s[p - 1] == 0x09 { p -= 1 }
        guard p == 0 || s[p - 1] == 0x0A else { return nil }
        var last = i
        while last + 1 < tokens.count, last - i < 2, onlySpaces(tokens[last].end..<tokens[last + 1].start),
              isNameWord(tokens[last + 1]), !tokens[last + 1].has(.particle) {
            last += 1
        }
        guard last > i else { return nil }
        var q = tokens[last].end
        while q < s.count, s[q] == 0x20 || s[q] == 0x09 { q += 1 }
        return q == s.count || s[q] == 0x0A || s[q] == 0x0D ? last : nil
    }

    /// Words of multi-word names found above, seen alone elsewhere (capitalised),
    /// get the full name's identity: "Aslan Dudayev … Dudayev said".
    private mutating func propagate() {
        var byWord: [UInt64: String] = [:]
        var inMulti = [Bool](repeating: false, count: tokens.count)
        for c in out where c.lastToken > c.firstToken {
            var words = 0
            for k in c.firstToken...c.lastToken where tokens[k].length > 1 && !tokens[k].has(.title) { words += 1 }
            for k in c.firstToken...c.lastToken { inMulti[k] = true }
            guard words >= 2 else { continue }
            for k in c.firstToken...c.lastToken {
                let t = tokens[k]
                if t.length > 1, !t.has([.title, .ambiguous]), byWord[t.hash] == nil {
                    byWord[t.hash] = c.identity
                }
            }
        }
        guard !byWord.isEmpty else { return }
        for k in tokens.indices where !inMulti[k] {
            let t = tokens[k]
            guard t.capitalized || t.allCaps, let id = byWord[t.hash] ?? (t.stem1 != 0 ? byWord[t.stem1] : nil) else { continue }
            out.append(Candidate(start: t.start, end: t.end, kind: .person, tier: Candidate.Tier.cuedPerson,
                                 identity: id, firstToken: k, lastToken: k))
        }
    }
}
