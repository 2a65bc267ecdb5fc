/// Every spelling a declared name word may take in a note: back to Russian
/// Cyrillic when it was declared in Latin (a few likely readings), then every
/// Russian case, the feminine and plural forms, and each of those in every
/// transliteration system. "Chalaev" gives "Чалаевым", "Tschalajew",
/// "Tchalaeva", "Chalaevs"… Built once per stripper, so the text pays nothing.
enum NameVariants {
    /// Most Cyrillic readings tried for one Latin word.
    static let maxReadings = 12
    /// Readings that also get every case form (the likeliest ones).
    static let inflectedReadings = 4

    /// Spellings of `word` (the word itself excluded), as strings to normalise.
    static func spellings(of word: String) -> [String] {
        let lower = word.lowercased()
        let readings = isCyrillic(lower) ? [lower] : cyrillicReadings(of: lower)
        var out: [String] = []
        var seen = Set<String>()
        func add(_ s: String) { if seen.insert(s).inserted { out.append(s) } }
        for (n, reading) in readings.enumerated() {
            let forms = n < inflectedReadings ? inflections(of: reading) : [reading]
            for form in forms {
                add(form)
                for latin in Transliteration.all(form) { add(latin) }
            }
            // "the Chalaevs", "die Tschalajews".
            for latin in Transliteration.all(reading) { add(latin + "s") }
        }
        return out
    }

    static func isLatin(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { $0.value < 0x250 } && s.unicodeScalars.contains { ($0.value | 0x20) >= 0x61 && ($0.value | 0x20) <= 0x7A }
    }

    /// Sun letters after which the Arabic article assimilates: Abd al-Rahman is written Abdurrahman.
    private static let sunLetters: Set<Character> = ["t", "d", "r", "z", "s", "n", "l"]

    /// Spellings of a Latin word of an Arabic name: the article assimilated to a
    /// sun letter ("abdulrahman" -> "abdurrahman", "abdelrahman", "abdalrahman"),
    /// and the Turkish spelling of each (kh -> h, j -> c, a final b, d, g devoiced:
    /// "khatib" -> "hatip", "mahmud" -> "mahmut"). The word itself comes first.
    static func arabicSpellings(of word: String) -> [String] {
        var forms = [word]
        for prefix in ["abdul", "abdel", "abdal", "abdoul"] where word.hasPrefix(prefix) && word.count > prefix.count + 2 {
            let rest = word.dropFirst(prefix.count)
            for p in ["abdul", "abdel", "abdal"] { forms.append(p + rest) }
            if let c = rest.first, sunLetters.contains(c) {
                forms.append("abdu" + String(c) + rest)
                forms.append("abde" + String(c) + rest)
            }
        }
        var out: [String] = []
        for f in forms {
            out.append(f)
            var t = f.replacingOccurrences(of: "kh", with: "h").replacingOccurrences(of: "dzh", with: "c").replacingOccurrences(of: "j", with: "c")
            if let last = t.last, let devoiced = ["b": "p", "d": "t", "g": "k"][last] { t = String(t.dropLast()) + devoiced }
            if t != f { out.append(t) }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    static func isCyrillic(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.value >= 0x400 && $0.value <= 0x52F }
    }

    // MARK: Russian forms

    /// The word and its case, gender and plural forms (lower-case Cyrillic).
    static func inflections(of w: String) -> [String] {
        var forms = [w]
        func add(_ stem: Substring, _ endings: [String]) { for e in endings { forms.append(String(stem) + e) } }
        let possessive = ["а", "у", "ым", "е", "ой", "ы", "ых", "ыми", "ом"]
        let adjective = ["ого", "ому", "ым", "ом", "ая", "ой", "ую", "ые", "ых", "ыми", "ий", "ый"]
        if w.count < 3 { return forms }
        if w.hasSuffix("ович") || w.hasSuffix("евич") || w.hasSuffix("ич") {
            add(w[...], ["а", "у", "ем", "е", "ом"])
        } else if w.hasSuffix("овна") || w.hasSuffix("евна") || w.hasSuffix("ична") {
            add(w.dropLast(), ["ы", "е", "у", "ой", "ою"])
        } else if ["ов", "ев", "ёв", "ин", "ын"].contains(where: { w.hasSuffix($0) }) {
            add(w[...], possessive)
        } else if ["ова", "ева", "ёва", "ина", "ына"].contains(where: { w.hasSuffix($0) }) {
            add(w.dropLast(), [""] + possessive)
        } else if w.hasSuffix("ский") || w.hasSuffix("цкий") || w.hasSuffix("ская") || w.hasSuffix("цкая") || w.hasSuffix("ой") || w.hasSuffix("ый") {
            add(w.dropLast(2), adjective)
        } else if w.hasSuffix("ий") || w.hasSuffix("ей") || w.hasSuffix("ай") {
            add(w.dropLast(), ["я", "ю", "ем", "и", "е"])
        } else if w.hasSuffix("ь") {
            add(w.dropLast(), ["я", "ю", "ем", "е", "и"])
        } else if w.hasSuffix("а") {
            add(w.dropLast(), ["ы", "и", "е", "у", "ой", "ою", "ам"])
        } else if w.hasSuffix("я") {
            add(w.dropLast(), ["и", "е", "ю", "ей", "ею"])
        } else if let last = w.last, !"оеиуюэы".contains(last) {
            add(w[...], ["а", "у", "ом", "ем", "е", "ы", "ам", "ами", "ах"])
        }
        return forms
    }

    // MARK: Latin back to Cyrillic

    /// Latin spellings and their Cyrillic readings, likeliest first. Longest pattern wins.
    private static let rules: [(String, [String])] = [
        ("schtsch", ["щ"]), ("shch", ["щ"]), ("chtch", ["щ"]), ("tsch", ["ч"]), ("dsch", ["дж"]), ("dzh", ["дж"]),
        ("sch", ["ш", "ж", "щ"]), ("tch", ["ч"]), ("shh", ["щ"]), ("iou", ["ю"]),
        ("kh", ["х"]), ("zh", ["ж"]), ("dj", ["дж"]), ("ch", ["ч", "х", "ш"]), ("sh", ["ш", "ж"]),
        ("ts", ["ц", "тс"]), ("tz", ["ц"]), ("cz", ["ц"]), ("ck", ["к"]), ("ph", ["ф"]), ("gh", ["г"]), ("th", ["т"]),
        ("yu", ["ю"]), ("ju", ["ю"]), ("iu", ["ю", "иу"]), ("ya", ["я"]), ("ja", ["я"]), ("ia", ["ия", "я"]),
        ("ye", ["е"]), ("je", ["е"]), ("ie", ["ие", "е"]), ("yo", ["ё", "йо"]), ("jo", ["ё"]), ("io", ["ио", "ё"]),
        ("ou", ["у", "оу"]), ("iy", ["ий"]), ("yi", ["ый", "ий"]), ("ss", ["с", "сс"]), ("ll", ["лл", "л"]), ("nn", ["нн", "н"]),
        ("mm", ["мм", "м"]), ("tt", ["тт", "т"]), ("rr", ["рр", "р"]),
        ("a", ["а"]), ("b", ["б"]), ("c", ["ц", "к", "с"]), ("d", ["д"]), ("e", ["е", "э"]), ("f", ["ф"]), ("g", ["г"]),
        ("h", ["х"]), ("i", ["и", "й"]), ("j", ["дж", "й", "ж"]), ("k", ["к"]), ("l", ["л"]), ("m", ["м"]), ("n", ["н"]),
        ("o", ["о"]), ("p", ["п"]), ("q", ["к"]), ("r", ["р"]), ("s", ["с"]), ("t", ["т"]), ("u", ["у"]), ("v", ["в"]), ("y", ["ы"]),
        ("w", ["в"]), ("x", ["кс", "х"]), ("z", ["з", "ц"]),
        // Diacritics of ISO 9, Czech, Turkish and French spellings.
        ("č", ["ч"]), ("ç", ["ч"]), ("š", ["ш"]), ("ş", ["ш"]), ("ž", ["ж"]), ("ŝ", ["щ"]), ("ë", ["ё", "е"]), ("è", ["э"]),
        ("é", ["е"]), ("û", ["ю"]), ("â", ["я"]), ("ï", ["й"]), ("ğ", ["г"]), ("ı", ["ы"]), ("ö", ["ё", "о"]), ("ü", ["ю", "у"]),
        ("ä", ["я", "а"]), ("'", ["ь"]), ("ʹ", ["ь"]), ("’", ["ь"]),
    ]

    private static let vowelLetters: Set<Character> = ["a", "e", "i", "o", "u", "y"]

    /// Cyrillic readings of a lower-case Latin word, likeliest first: the first
    /// choice of every rule, then readings with one or two other choices.
    static func cyrillicReadings(of word: String) -> [String] {
        let letters = Array(word)
        var results: [(deviations: Int, text: String)] = []
        var seen = Set<String>()
        func walk(_ i: Int, _ acc: String, _ deviations: Int) {
            guard results.count < 64 else { return }
            if i == letters.count {
                if seen.insert(acc).inserted { results.append((deviations, acc)) }
                return
            }
            var options: [String] = []
            var length = 1
            for (pattern, readings) in rules {
                let p = Array(pattern)
                guard i + p.count <= letters.count, Array(letters[i..<(i + p.count)]) == p else { continue }
                options = readings
                length = p.count
                break
            }
            if options.isEmpty {
                walk(i + 1, acc, deviations) // a letter of another script: dropped
                return
            }
            if letters[i] == "y" && length == 1 { options = yReadings(letters, i) }
            for (k, o) in options.enumerated() where deviations + (k > 0 ? 1 : 0) <= 2 {
                walk(i + length, acc + o, deviations + (k > 0 ? 1 : 0))
            }
        }
        walk(0, "", 0)
        return results.sorted { $0.deviations < $1.deviations }.prefix(maxReadings).map(\.text)
    }

    /// "y" after a vowel is й (Nikolay), at the end after a consonant -ий (Dmitry), else ы.
    private static func yReadings(_ letters: [Character], _ i: Int) -> [String] {
        let afterVowel = i > 0 && vowelLetters.contains(letters[i - 1])
        if afterVowel { return ["й", "ы", "и"] }
        if i == letters.count - 1 { return ["ий", "ый", "ы", "и"] }
        return ["ы", "и", "й"]
    }
}
