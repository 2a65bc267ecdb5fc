/// Short forms and diminutives of given names, keyed by the full name in
/// Russian Cyrillic. A declared "Dmitry" also matches "Dima", "Mitya",
/// "Димка" in every case and spelling. The forms are the usual Russian
/// hypocoristics (the full name's stem plus -а/-я, -ша, -ня, -ка, -ик) and the
/// common short forms of Caucasian names; see docs/STRIPPING.md.
enum Diminutives {
    static let table: [String: [String]] = {
        var t: [String: [String]] = [:]
        for line in source.split(separator: "\n") {
            let parts = line.split(separator: ":")
            guard parts.count == 2 else { continue }
            let forms = parts[1].split(separator: " ").map(String.init)
            for key in parts[0].split(separator: " ") { t[String(key), default: []] += forms }
        }
        return t
    }()

    /// Short forms of a given name (lower-case Cyrillic), empty when none are known.
    static func of(_ name: String) -> [String] { table[name] ?? [] }

    /// French short forms of a Latin given name: the stem + "-ot" (Pierre -> Pierrot, Jean -> Jeannot, Charles -> Charlot).
    static func frenchByRule(_ name: String) -> [String] {
        var stem = name.lowercased()
        for ending in ["es", "e", "s"] where stem.hasSuffix(ending) && stem.count > ending.count + 2 { stem.removeLast(ending.count); break }
        guard stem.count >= 3, NameVariants.isLatin(stem) else { return [] }
        return [stem + "ot", stem + "ounet"]
    }

    private static let vowels: Set<Character> = ["а", "е", "ё", "и", "о", "у", "ы", "э", "ю", "я"]
    /// Nursery and kinship words a reduplicated syllable can make: never a short form.
    private static let nurseryWords: Set<String> = ["мама", "папа", "баба", "дядя", "тётя", "тетя", "няня", "дада", "кака", "пипи", "тата", "нана", "лала", "деда", "мимо", "хаха", "хихи", "хехе", "ахах"]

    /// Short forms made by the productive rules of Russian and North Caucasian
    /// hypocoristics, for names no table lists (lower-case Cyrillic in, out):
    /// the first syllable closed by its consonant(s) + "-ик" (Chechen and Ingush:
    /// Рустам → Рустик… Хамзат → Хамзик), + "-я" (Russian: Полина → Поля),
    /// the whole name + "-ик", "-чик", "-ка"; a reduplicated first syllable
    /// (Georgian and Caucasian: Нино → Нини… Зарема → Зара, Заза); the Georgian
    /// suffixes "-уна" and "-ико" on the stem; the first syllable + "о"/"а"
    /// (Георгий → Гео, Гиорги → Гио). Matched only where they stand as names.
    static func byRule(_ name: String) -> [String] {
        let w = Array(name.split(separator: "-").first.map(String.init) ?? name)
        guard w.count >= 3, let v1 = w.firstIndex(where: { vowels.contains($0) }) else { return [] }
        var out = Set<String>()
        // Prefixes ending after the first vowel's following consonants, one and all of them.
        var c = v1 + 1
        var closed: [String] = []
        while c < w.count, !vowels.contains(w[c]), w[c] != "ь", w[c] != "й" {
            c += 1
            closed.append(String(w[..<c]))
        }
        for p in closed.prefix(2) where p.count >= 2 {
            out.insert(p + "ик")
            out.insert(p + "я")
            if p.count >= 3 { out.insert(p + "уна"); out.insert(p + "ико") }
        }
        let last = w[w.count - 1]
        let whole = String(w)
        if !vowels.contains(last) && last != "ь" && last != "й" {
            out.insert(whole + "ик"); out.insert(whole + "чик"); out.insert(whole + "ка")
        }
        // The stem without a final vowel (or -ий/-ия) for Georgian -уна, -ико.
        var stem = w
        while let l = stem.last, vowels.contains(l) || l == "й" || l == "ь", stem.count > 2 { stem.removeLast() }
        if stem.count >= 3 { out.insert(String(stem) + "уна"); out.insert(String(stem) + "ико") }
        let open = String(w[...v1])
        if open.count >= 2 {
            out.insert(open + open)
            out.insert(open + "о")
        }
        out.remove(whole)
        return out.filter { $0.count >= 3 && !nurseryWords.contains($0) }.sorted()
    }

    private static let source = """
    александр александер алексансдр: саша саня шура санёк сашка сашок шурик алекс
    александра: саша саня шура сашка шурочка
    алексей алексий: алёша лёша лёха алёшка лёшка алекс
    анатолий: толя толик
    андрей: андрюша андрюха дрюша
    антон: антоша тоша
    аркадий: аркаша
    артём артем: тёма артёмка
    борис: боря борька
    вадим: вадик дима
    валентин: валя
    валерий: валера
    василий: вася васька
    виктор: витя витёк
    виталий: виталик витя
    владимир: володя вова вовка вован влад
    владислав: влад владик слава
    вячеслав: слава славик
    геннадий: гена генка
    георгий: гоша жора гога
    григорий: гриша
    дмитрий: дима митя димка димон митька
    евгений: женя женька
    егор: егорка
    иван: ваня ванька
    игорь: игорёк гарик
    илья: илюша
    кирилл: киря кирюша
    константин: костя котя
    леонид: лёня
    максим: макс максимка
    михаил: миша мишка
    никита: никитка
    николай: коля колька
    олег: олежка
    павел: паша пашка
    пётр петр: петя петька
    роман: рома ромка
    руслан: руся русик
    сергей: серёжа серёга серж
    станислав: стас слава
    степан: стёпа
    тимофей: тима
    тимур: тима
    фёдор федор: федя
    юрий: юра юрка
    ярослав: ярик слава
    алла: аллочка
    анастасия: настя настёна
    анна: аня анечка нюра
    валентина: валя
    вера: верочка
    галина: галя
    дарья: даша
    евгения: женя
    екатерина: катя катюша
    елена: лена алёна леночка
    елизавета: лиза
    ирина: ира иришка
    ксения: ксюша
    людмила: люда мила
    любовь: люба
    маргарита: рита
    мария: маша маруся машенька
    марина: мариша
    надежда: надя
    наталья наталия: наташа ната
    ольга: оля олечка
    светлана: света светик
    софья софия: соня
    татьяна: таня танюша
    юлия: юля
    магомед мохаммед мухаммад мухаммед магомет: мага магома мага
    ахмед ахмад: ахма
    рамзан: рама
    зелимхан: зелим
    хасан: хасик
    ибрагим: ибра
    исмаил: исмик
    абдулла: абдул
    """
}
