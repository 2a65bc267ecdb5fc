/// Russian Cyrillic to Latin under the systems a declared name may meet in a
/// note: BGN/PCGN, ISO 9, GOST 7.79-B, the ICAO passport table, the English
/// popular spelling, German (Duden) and French conventions. Used only to spell
/// declared names every way; the text itself is matched through its skeleton.
enum Transliteration {
    enum System: CaseIterable {
        case bgn, popular, iso9, gost, icao, german, french
    }

    private static let vowels: Set<Character> = ["а", "е", "ё", "и", "о", "у", "ы", "э", "ю", "я", "ь", "ъ", "й"]

    /// `word` in lower-case Russian Cyrillic, spelt in every system (duplicates removed).
    static func all(_ word: String) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for system in System.allCases {
            for iotation in [true, false] {
                let latin = spell(word, system, iotation: iotation)
                if seen.insert(latin).inserted { out.append(latin) }
            }
        }
        return out
    }

    static func spell(_ word: String, _ system: System, iotation: Bool = true) -> String {
        let letters = Array(word)
        var out = ""
        for (i, c) in letters.enumerated() {
            let prev: Character? = i > 0 ? letters[i - 1] : nil
            let next: Character? = i + 1 < letters.count ? letters[i + 1] : nil
            // "е" at the start or after a vowel is iotated: Yevgeny, Jewgeni, Iejov.
            let iotated = iotation && (prev == nil || vowels.contains(prev!))
            let between = prev.map { vowels.contains($0) } == true && next.map { vowels.contains($0) } == true
            out += letter(c, system, iotated: iotated, vowelBetween: between, last: next == nil, prev: prev)
        }
        return out
    }

    // swiftlint:disable:next cyclomatic_complexity
    private static func letter(_ c: Character, _ s: System, iotated: Bool, vowelBetween: Bool, last: Bool, prev: Character?) -> String {
        switch c {
        case "а": return "a"
        case "б": return "b"
        case "в": return s == .german ? "w" : "v"
        case "г": return "g"
        case "д": return "d"
        case "е":
            guard iotated else { return "e" }
            switch s { case .bgn, .popular: return "ye"; case .german: return "je"; case .french: return "ie"; default: return "e" }
        case "ё":
            switch s { case .iso9, .bgn: return "ë"; case .german: return "jo"; case .french: return "io"; case .icao: return "e"; default: return "yo" }
        case "ж":
            switch s { case .iso9: return "ž"; case .german: return "sch"; case .french: return "j"; default: return "zh" }
        case "з": return s == .german ? "s" : "z"
        case "и": return "i"
        case "й":
            // "-ий" ends as "-y" in the popular spelling (Dmitry), "-i" in German and ICAO.
            switch s {
            case .iso9, .gost: return "j"
            case .icao: return "i"
            case .german: return last ? "" : "j"
            case .french: return "ï"
            case .popular: return prev == "и" && last ? "" : "y"
            case .bgn: return "y"
            }
        case "к": return "k"
        case "л": return "l"
        case "м": return "m"
        case "н": return "n"
        case "о": return "o"
        case "п": return "p"
        case "р": return "r"
        case "с": return (s == .german || s == .french) && vowelBetween ? "ss" : "s"
        case "т": return "t"
        case "у": return s == .french ? "ou" : "u"
        case "ф": return "f"
        case "х":
            switch s { case .iso9: return "h"; case .gost: return "x"; case .german: return "ch"; default: return "kh" }
        case "ц":
            switch s { case .iso9: return "c"; case .gost: return "cz"; case .german: return "z"; default: return "ts" }
        case "ч":
            switch s { case .iso9: return "č"; case .german: return "tsch"; case .french: return "tch"; default: return "ch" }
        case "ш":
            switch s { case .iso9: return "š"; case .german: return "sch"; case .french: return "ch"; default: return "sh" }
        case "щ":
            switch s { case .iso9: return "ŝ"; case .gost: return "shh"; case .german: return "schtsch"; case .french: return "chtch"; default: return "shch" }
        case "ъ": return s == .icao ? "ie" : ""
        case "ы": return "y"
        case "ь": return ""
        case "э": return "e"
        case "ю":
            switch s { case .iso9: return "û"; case .icao: return "iu"; case .german: return "ju"; case .french: return "iou"; default: return "yu" }
        case "я":
            switch s { case .iso9: return "â"; case .icao, .french: return "ia"; case .german: return "ja"; default: return "ya" }
        case "і", "ї": return "i"
        case "є": return "ye"
        case "ґ": return "g"
        case "ӏ": return ""
        default: return String(c)
        }
    }
}
