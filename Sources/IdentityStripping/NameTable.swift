/// Declared (or kept) names as a dictionary from token skeleton hash to the
/// identities that token belongs to. Matching a thousand declared people costs
/// one probe per word of text, not one scan per person.
struct NameTable {
    /// An identity index and whether the word may match on its own
    /// (a surname does; a particle such as "bin" only inside the full name).
    struct Entry: Equatable {
        let identity: Int
        let standalone: Bool
        /// A declared word that is also an ordinary word ("Said", "Vera"): it
        /// starts a match only capitalised; inside a run of the name it always counts.
        var needsCapital = false
    }

    private(set) var exact = U64Map<[Entry]>()
    /// Feminine forms without their final "a", matched only by stemmed Cyrillic words
    /// ("Умарова" declared, "Умаровой" in text).
    private(set) var stems = U64Map<[Entry]>()
    /// First skeleton letters of each identity's words, for "A. Umarov".
    private(set) var initials: [Set<UInt8>] = []
    /// Joined skeleton hashes of multi-word phrases (for words split by a hyphenated line break).
    var isEmpty: Bool { exact.count == 0 }

    mutating func addIdentity() -> Int {
        initials.append([])
        return initials.count - 1
    }

    mutating func add(word: NameNormalizer.Word, identity: Int, standalone: Bool, needsCapital: Bool = false, variant: Bool = false) {
        let h = NameNormalizer.hash(word.skeleton)
        let entry = Entry(identity: identity, standalone: standalone, needsCapital: needsCapital)
        insert(&exact, h, entry)
        if !variant { initials[identity].insert(word.skeleton[0]) }
        let sk = word.skeleton
        if sk.count >= 5, sk.last == 0x61 {
            var stem = sk
            stem.removeLast()
            if stem.last == 0x79 { stem.removeLast() } // "-aya" endings lose "ya" too
            insert(&stems, NameNormalizer.hash(stem), entry)
        }
    }

    /// Another letter an initial of the identity may show ("D." for "Dzhamaldinov", whose skeleton starts with "j").
    mutating func addInitial(_ letter: UInt8, identity: Int) { initials[identity].insert(letter) }

    /// The first letters of each word of an identity (for initials alone: "R. K.").
    func initialLetters(of identity: Int) -> Set<UInt8> { initials[identity] }
    var identityCount: Int { initials.count }

    private func insert(_ d: inout U64Map<[Entry]>, _ h: UInt64, _ e: Entry) {
        var list = d[h] ?? []
        if let k = list.firstIndex(where: { $0.identity == e.identity }) {
            // One entry per identity: the most permissive reading wins.
            let merged = Entry(identity: e.identity, standalone: list[k].standalone || e.standalone,
                               needsCapital: list[k].needsCapital && e.needsCapital)
            if merged != list[k] { list[k] = merged; d[h] = list }
            return
        }
        list.append(e)
        d[h] = list
    }

    @inline(__always)
    func lookup(_ t: Token) -> [Entry]? {
        if let e = exact[t.hash] { return e }
        if t.stem1 != 0 {
            if let e = exact[t.stem1] ?? stems[t.stem1] { return e }
            if t.stem2 != 0, let e = exact[t.stem2] ?? stems[t.stem2] { return e }
        }
        return nil
    }

    func lookup(hash: UInt64) -> [Entry]? { exact[hash] }

    /// A matched run of tokens.
    struct Match {
        var firstToken: Int
        var lastToken: Int
        var start: Int
        var end: Int
        var identity: Int
    }

    /// All runs in the text: the longest run of consecutive words of one identity
    /// wins; runs of particles alone are ignored; initials of the identity
    /// directly before or after a run join it.
    func matches(in text: TokenizedText) -> [Match] {
        guard !isEmpty else { return [] }
        let tokens = text.tokens
        let s = text.s
        let n = tokens.count
        var out: [Match] = []
        var i = 0
        while i < n {
            guard let entries = lookup(tokens[i]) else {
                // Only a hyphen right after the word can start a line-broken name.
                if i + 1 < n, TokenizedText.isHyphen(s[tokens[i].end]), let m = joinedMatch(text, at: i) {
                    out.append(m)
                    i = m.lastToken + 1
                } else { i += 1 }
                continue
            }
            var best: Match?
            var bestLength = 0
            for e in entries where !e.needsCapital || tokens[i].capitalized || tokens[i].allCaps || text.namePosition(i) {
                var j = i
                var standalone = e.standalone
                while j + 1 < n, text.nameGap(tokens[j], tokens[j + 1]) {
                    let nextToken = tokens[j + 1]
                    // "Said said": an ordinary-word reading never continues a run with itself.
                    if let next = lookup(nextToken), let hit = next.first(where: { $0.identity == e.identity }),
                       !hit.needsCapital || nextToken.capitalized || nextToken.allCaps
                        || nextToken.hash != tokens[j].hash && !tokens[j].capitalized && !tokens[j].allCaps {
                        // "Temirov said": a capitalised name is not continued by a lower-case ordinary word.
                        j += 1
                        standalone = standalone || hit.standalone
                    } else if let joined = joinedMatch(text, at: j + 1), joined.identity == e.identity {
                        j += 2
                        standalone = true
                    } else { break }
                }
                if !standalone && j == i { continue }
                if j - i + 1 > bestLength {
                    bestLength = j - i + 1
                    best = Match(firstToken: i, lastToken: j, start: tokens[i].start, end: tokens[j].end, identity: e.identity)
                }
            }
            guard var m = best else { i += 1; continue }
            // Initials before ("A. Umarov", "A. K. Umarov") and after ("Umarov A.").
            var k = m.firstToken - 1
            while k >= 0, k >= m.firstToken - 2, text.isInitial(tokens[k]), text.nameGap(tokens[k], tokens[k + 1]),
                  initials[m.identity].contains(tokens[k].firstByte) {
                m.firstToken = k
                m.start = tokens[k].start
                k -= 1
            }
            k = m.lastToken + 1
            while k < n, k <= m.lastToken + 2, text.isInitial(tokens[k]), text.tightGap(tokens[k - 1], tokens[k]) || text.nameGap(tokens[k - 1], tokens[k]),
                  initials[m.identity].contains(tokens[k].firstByte) {
                m.lastToken = k
                m.end = tokens[k].end + 1
                k += 1
            }
            out.append(m)
            i = m.lastToken + 1
        }
        return out
    }

    /// A name split by a hyphenated line break ("Uma-\nrov").
    private func joinedMatch(_ text: TokenizedText, at i: Int) -> Match? {
        let tokens = text.tokens
        guard i + 1 < tokens.count else { return nil }
        let a = tokens[i], b = tokens[i + 1]
        // Cheap test first: this runs for every word that is not a declared name.
        guard b.start - a.end >= 2, TokenizedText.isHyphen(text.s[a.end]) else { return nil }
        let gap = text.s[a.end..<b.start]
        guard gap.count <= 6, let first = gap.first, TokenizedText.isHyphen(first), gap.contains(0x0A),
              gap.dropFirst().allSatisfy(TokenizedText.isSpace) else { return nil }
        let joined = NameNormalizer.skeleton(text.s[a.start..<a.end] + text.s[b.start..<b.end])
        guard let e = exact[NameNormalizer.hash(joined)]?.first else { return nil }
        return Match(firstToken: i, lastToken: i + 1, start: a.start, end: b.end, identity: e.identity)
    }
}
