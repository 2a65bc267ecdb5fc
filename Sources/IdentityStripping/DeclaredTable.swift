/// Compiles declared identities into a `NameTable`: every word of the name in
/// every spelling, case form and transliteration, the given name's short
/// forms, the aliases, and the identity's initials for "R. K." alone.
struct DeclaredTable {
    private(set) var table = NameTable()
    /// Sorted initials (two or three letters) -> identity, for runs of initials alone.
    private(set) var initials: [[UInt8]: Int] = [:]

    init(_ identities: [DeclaredIdentity]) {
        for d in identities { add(d) }
    }

    /// A word that is also an ordinary word matches alone only capitalised.
    static func isCommonWord(_ h: UInt64) -> Bool {
        Lexicon.stopwords.contains(h) || Lexicon.ambiguousNames.contains(h)
    }

    private mutating func add(_ d: DeclaredIdentity) {
        let id = table.addIdentity()
        let words = NameNormalizer.words(of: d.name)
        let texts = Self.wordTexts(d.name)
        let isParticle = words.map { Lexicon.particles.contains(NameNormalizer.hash($0.skeleton)) || $0.scalarCount == 1 }
        // A name made only of particles or initials ("Al", "X") must still match on its own.
        let onlyParticles = !isParticle.contains(false)
        var letters: [[UInt8]] = []
        for (k, (w, particle)) in zip(words, isParticle).enumerated() {
            let standalone = onlyParticles || !particle
            let h = NameNormalizer.hash(w.skeleton)
            table.add(word: w, identity: id, standalone: standalone, needsCapital: Self.isCommonWord(h))
            if !particle {
                // The written first letter may differ from the skeleton's ("Dzh" -> j, "Kh" -> h): both count.
                var choices = [w.skeleton[0]]
                if k < texts.count, let first = texts[k].unicodeScalars.first,
                   let letter = NameNormalizer.skeleton([first.value]).first, letter != w.skeleton[0] {
                    choices.append(letter)
                    table.addInitial(letter, identity: id)
                }
                letters.append(choices)
            }
            guard !particle, k < texts.count, w.scalarCount >= 3 else { continue }
            // Rule-made short forms only for a given name: a listed one, or the first word when it has no surname ending.
            let given = Lexicon.givenNames.contains(h) || (k == 0 && words.count > 1 && !TokenizedText.surnameLike(w.skeleton, cyrillic: false) && !Lexicon.knownSurnames.contains(h))
            addSpellings(of: texts[k], identity: id, standalone: standalone, givenName: given)
        }
        // A hyphenated name is also written solid: "Лом-Али" as "Ломали", "Anna-Lena" as "Annalena",
        // and a name with an apostrophe without it: "O'Neill" as "Oneill".
        let joiners: Set<Character> = ["-", "'", "’", "ʼ"]
        for part in d.name.split(whereSeparator: { $0 == " " }) where part.contains(where: { joiners.contains($0) }) {
            let solid = part.lowercased().filter { !joiners.contains($0) }
            if solid.count >= 4 { addRuleForm(solid, identity: id, standalone: true) }
        }
        // Arabic names as Turkish and other conventions write them ("al-Khatib" as "ELHATİP", "Abdulrahman" as "Abdurrahman").
        let plain = d.name.split(whereSeparator: { $0 == " " || $0 == "-" }).map { $0.lowercased() }
        for (k, word) in plain.enumerated() where NameVariants.isLatin(word) {
            let article = k > 0 && ["al", "el", "ul", "ad", "ar", "as", "at", "an", "az", "ash", "ibn", "bin"].contains(plain[k - 1])
            for form in NameVariants.arabicSpellings(of: word) {
                if form != word { addRuleForm(form, identity: id, standalone: true) }
                if article { for a in ["al", "el", "ul", "ad"] { addRuleForm(a + form, identity: id, standalone: true) } }
            }
        }
        for alias in d.aliases {
            let words = NameNormalizer.words(of: alias)
            for w in words {
                let h = NameNormalizer.hash(w.skeleton)
                let standalone = words.count == 1
                    || (w.capitalized && w.skeleton.count >= 3 && !Lexicon.stopwords.contains(h) && !Lexicon.particles.contains(h))
                table.add(word: w, identity: id, standalone: standalone, needsCapital: Self.isCommonWord(h))
            }
        }
        addInitials(letters, identity: id)
    }

    /// Case forms, transliterations and short forms of one declared word.
    private mutating func addSpellings(of word: String, identity: Int, standalone: Bool, givenName: Bool) {
        var extra = NameVariants.spellings(of: word)
        let lower = word.lowercased()
        let readings = NameVariants.isCyrillic(lower) ? [lower] : Array(NameVariants.cyrillicReadings(of: lower).prefix(NameVariants.inflectedReadings))
        for r in readings {
            for short in Diminutives.of(r) { extra.append(short); extra += NameVariants.spellings(of: short) }
        }
        if givenName, NameVariants.isLatin(lower) {
            for short in Diminutives.frenchByRule(lower) { addRuleForm(short, identity: identity, standalone: standalone) }
        }
        if givenName, let first = readings.first {
            for short in Diminutives.byRule(first) where !Diminutives.of(first).contains(short) {
                addRuleForm(short, identity: identity, standalone: standalone)
            }
        }
        for spelling in extra {
            let ws = NameNormalizer.words(of: spelling)
            guard ws.count == 1, let w = ws.first, w.skeleton.count >= 3 else { continue }
            let h = NameNormalizer.hash(w.skeleton)
            // A generated form that is an ordinary word ("very" from Вера) is never added.
            if Lexicon.stopwords.contains(h) { continue }
            table.add(word: w, identity: identity, standalone: standalone, needsCapital: Self.isCommonWord(h), variant: true)
        }
    }

    /// A form made by rule (a short form, a hyphenated name written solid) in
    /// every case and spelling; it starts a match only where it stands as a name
    /// (capitalised, or in a name position), since a rule can make an ordinary word.
    private mutating func addRuleForm(_ form: String, identity: Int, standalone: Bool) {
        for spelling in [form] + NameVariants.spellings(of: form) {
            let ws = NameNormalizer.words(of: spelling)
            guard ws.count == 1, let w = ws.first, w.skeleton.count >= 3 else { continue }
            let h = NameNormalizer.hash(w.skeleton)
            if Lexicon.stopwords.contains(h) || Lexicon.notSurnames.contains(h) { continue }
            table.add(word: w, identity: identity, standalone: standalone, needsCapital: true, variant: true)
        }
    }

    /// Every two- and three-letter choice of the name's initials, in any order.
    private mutating func addInitials(_ letters: [[UInt8]], identity: Int) {
        let n = letters.count
        func add(_ key: [UInt8]) { if initials[key.sorted()] == nil { initials[key.sorted()] = identity } }
        // One letter alone, used only where it stands quoted ("use \"E.\" only").
        for choices in letters { for x in choices { add([x]) } }
        for a in 0..<n {
            for b in (a + 1)..<n {
                for x in letters[a] { for y in letters[b] { add([x, y]) } }
                for c in (b + 1)..<n {
                    for x in letters[a] { for y in letters[b] { for z in letters[c] { add([x, y, z]) } } }
                }
            }
        }
    }

    /// The letter runs of a phrase as written (parallel to `NameNormalizer.words`).
    static func wordTexts(_ phrase: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        for s in phrase.unicodeScalars {
            if NameNormalizer.isLetter(s.value) { current.append(s) } else if !current.isEmpty {
                out.append(String(current)); current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }
}
