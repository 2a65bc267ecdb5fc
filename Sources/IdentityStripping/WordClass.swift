/// What the lexicon knows about a word, as bits: the tokenizer looks each
/// word up once and the detectors only test bits afterwards.
struct WordClass: OptionSet, Sendable {
    let rawValue: UInt32

    static var documentCue: WordClass { WordClass(rawValue: 1 << 0) }
    static var documentFiller: WordClass { WordClass(rawValue: 1 << 1) }
    static var birthCue: WordClass { WordClass(rawValue: 1 << 2) }
    static var birthFiller: WordClass { WordClass(rawValue: 1 << 3) }
    static var month: WordClass { WordClass(rawValue: 1 << 4) }
    static var street: WordClass { WordClass(rawValue: 1 << 5) }
    static var house: WordClass { WordClass(rawValue: 1 << 6) }
    static var phoneCue: WordClass { WordClass(rawValue: 1 << 7) }
    static var gpsCue: WordClass { WordClass(rawValue: 1 << 8) }
    static var title: WordClass { WordClass(rawValue: 1 << 9) }
    static var honorific: WordClass { WordClass(rawValue: 1 << 10) }
    static var nameCue: WordClass { WordClass(rawValue: 1 << 11) }
    static var formField: WordClass { WordClass(rawValue: 1 << 12) }
    static var stopword: WordClass { WordClass(rawValue: 1 << 13) }
    static var given: WordClass { WordClass(rawValue: 1 << 14) }
    static var ambiguous: WordClass { WordClass(rawValue: 1 << 15) }
    static var particle: WordClass { WordClass(rawValue: 1 << 16) }
    static var notSurname: WordClass { WordClass(rawValue: 1 << 17) }
    /// Computed by the tokenizer from the word's ending, not looked up.
    static var surnameLike: WordClass { WordClass(rawValue: 1 << 18) }
    /// Given names that are everyday words of English and other languages ("Islam", "Grace", "Will").
    static var commonWord: WordClass { WordClass(rawValue: 1 << 19) }

    /// Classes a Russian case form inherits from its stem ("паспорта" is still a passport cue).
    static var inheritedByStems: WordClass { [.documentCue, .documentFiller, .birthCue, .birthFiller, .month, .street, .house,
                                              .phoneCue, .gpsCue, .title, .nameCue, .formField, .given, .ambiguous, .notSurname] }

    /// Skeleton hash -> classes of every word in the lexicon.
    static let table: U64Map<WordClass> = {
        var t = U64Map<WordClass>(capacity: 131072)
        func add(_ set: Set<UInt64>, _ c: WordClass) { for h in set { t[h] = (t[h] ?? []).union(c) } }
        add(Lexicon.documentCues, .documentCue)
        add(Lexicon.documentFillers, .documentFiller)
        add(Lexicon.birthCues, .birthCue)
        add(Lexicon.birthFillers, .birthFiller)
        add(Lexicon.months, .month)
        add(Lexicon.streetWords, .street)
        add(Lexicon.houseWords, .house)
        add(Lexicon.phoneCues, .phoneCue)
        add(Lexicon.gpsCues, .gpsCue)
        add(Lexicon.titles, .title)
        add(Lexicon.honorifics, .honorific)
        add(Lexicon.nameCues, .nameCue)
        add(Lexicon.formFields, .formField)
        add(Lexicon.stopwords, .stopword)
        add(Lexicon.givenNames, .given)
        add(Lexicon.ambiguousNames, .ambiguous)
        add(Lexicon.set(GivenNames.ambiguous), .commonWord)
        add(Lexicon.particles, .particle)
        add(Lexicon.notSurnames, .notSurname)
        for h in Lexicon.knownSurnames where (t[h] ?? []).isDisjoint(with: [.notSurname, .stopword, .given]) { t[h] = (t[h] ?? []).union(.surnameLike) }
        return t
    }()

    /// Stems that only feminine given names produce ("Малик-и" from "Малика").
    static let stemTable: U64Map<WordClass> = {
        var t = U64Map<WordClass>(capacity: 512)
        for h in Lexicon.givenStems { t[h] = .given }
        return t
    }()
}
