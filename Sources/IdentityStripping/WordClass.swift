/// What the lexicon knows about a word, as bits: the tokenizer looks each
/// word up once and the detectors only test bits afterwards.
struct WordClass: OptionSet, Sendable {
    let rawValue: UInt32

    static let documentCue = WordClass(rawValue: 1 << 0)
    static let documentFiller = WordClass(rawValue: 1 << 1)
    static let birthCue = WordClass(rawValue: 1 << 2)
    static let birthFiller = WordClass(rawValue: 1 << 3)
    static let month = WordClass(rawValue: 1 << 4)
    static let street = WordClass(rawValue: 1 << 5)
    static let house = WordClass(rawValue: 1 << 6)
    static let phoneCue = WordClass(rawValue: 1 << 7)
    static let gpsCue = WordClass(rawValue: 1 << 8)
    static let title = WordClass(rawValue: 1 << 9)
    static let honorific = WordClass(rawValue: 1 << 10)
    static let nameCue = WordClass(rawValue: 1 << 11)
    static let formField = WordClass(rawValue: 1 << 12)
    static let stopword = WordClass(rawValue: 1 << 13)
    static let given = WordClass(rawValue: 1 << 14)
    static let ambiguous = WordClass(rawValue: 1 << 15)
    static let particle = WordClass(rawValue: 1 << 16)
    static let notSurname = WordClass(rawValue: 1 << 17)
    /// Computed by the tokenizer from the word's ending, not looked up.
    static let surnameLike = WordClass(rawValue: 1 << 18)

    /// Classes a Russian case form inherits from its stem ("паспорта" is still a passport cue).
    static let inheritedByStems: WordClass = [.documentCue, .documentFiller, .birthCue, .birthFiller, .month, .street, .house,
                                              .phoneCue, .gpsCue, .title, .nameCue, .formField, .given, .ambiguous]

    /// Skeleton hash -> classes of every word in the lexicon.
    static let table: [UInt64: WordClass] = {
        var t: [UInt64: WordClass] = [:]
        func add(_ set: Set<UInt64>, _ c: WordClass) { for h in set { t[h, default: []].insert(c) } }
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
        add(Lexicon.particles, .particle)
        add(Lexicon.notSurnames, .notSurname)
        return t
    }()

    /// Stems that only feminine given names produce ("Малик-и" from "Малика").
    static let stemTable: [UInt64: WordClass] = {
        var t: [UInt64: WordClass] = [:]
        for h in Lexicon.givenStems { t[h] = .given }
        return t
    }()
}
