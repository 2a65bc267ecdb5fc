import Testing
import IdentityStripping

/// Issue 9, second round: the categories the held-out corpus showed leaking,
/// each fixed by a rule and tested here with new examples (none from a corpus),
/// a positive and a negative each.
@Suite struct GeneralityTests {
    func gone(_ text: String, _ forms: [String], declared: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let r = strip(text, declared: declared, disabled: [.person])
        for f in forms { #expect(!r.text.contains(f), "survived: \(f) in \(r.text)", sourceLocation: sourceLocation) }
    }

    func kept(_ text: String, _ words: [String], declared: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        let r = strip(text, declared: declared)
        for w in words { #expect(r.text.contains(w), "wrongly replaced: \(w) in \(r.text)", sourceLocation: sourceLocation) }
    }

    // MARK: scripts

    @Test func georgianAndArmenianScripts() {
        gone("ნინო ბერიძე (Nino) signed.", ["ნინო", "ბერიძე"], declared: ["Nino Beridze"])
        gone("Подпись: Արմեն Սարգսյան.", ["Արմեն", "Սարգսյան"], declared: ["Armen Sargsyan"])
        kept("ნინო ბერიძე lives in თბილისი.", ["თბილისი"], declared: ["Nino Beridze"])
    }

    @Test func letterOnlyOneScriptHasDecidesMixedWord() {
        // Latin P, A, M inside a word with Cyrillic И, Б, Г: read as Cyrillic.
        gone("ИБPAГИM пришёл.", ["ИБPAГИM"], declared: ["Ибрагим Мусаев"])
        kept("ИБPAГИM пришёл, PAPA тоже.", ["PAPA"], declared: ["Ибрагим Мусаев"])
    }

    @Test func wordOpeningWithZero() {
        gone("Mr 0RLOV and 0rlov's wife.", ["0RLOV", "0rlov"], declared: ["Oleg Orlov"])
        kept("Call 0800 123 or see 0x1F.", ["0x1F"], declared: ["Oleg Orlov"])
    }

    // MARK: spellings

    @Test func doubledSAndFrenchOu() {
        gone("Oussman Issaev est venu.", ["Oussman", "Issaev"], declared: ["Usman Isaev"])
        kept("Oussman Issaev est venu à Toulouse.", ["Toulouse"], declared: ["Usman Isaev"])
    }

    @Test func arabicArticleAndTurkishSpelling() {
        gone("Abdussalam and ELRAŞİT, also Abdelsalam.", ["Abdussalam", "ELRAŞİT", "Abdelsalam"], declared: ["Abdulsalam al-Rashid"])
        kept("Abdussalam went to Rashidiya.", ["Rashidiya"], declared: ["Abdulsalam al-Rashid"])
    }

    @Test func apostropheAndHyphenNamesWrittenSolid() {
        gone("The form says Obrien.", ["Obrien"], declared: ["Liam O'Brien"])
        gone("Ломали — так его звали.", ["Ломали"], declared: ["Лом-Али Хасиев"])
        // The solid form is an ordinary verb in lower case: kept.
        kept("Двери ломали всю ночь.", ["ломали"], declared: ["Лом-Али Хасиев"])
    }

    // MARK: short forms by rule

    @Test func shortFormsByRule() {
        gone("Мурик сказал, что Мурадчик дома.", ["Мурик", "Мурадчик"], declared: ["Мурад Ибрагимов"])
        gone("Zuzu called; Leluna too.", ["Zuzu", "Leluna"], declared: ["Zurab Kiknadze", "Lela Tsiklauri"])
        gone("Charlot est arrivé.", ["Charlot"], declared: ["Charles Martin"])
        // A rule-made form that is an ordinary word stays in lower case.
        kept("у него ломка после уколов", ["ломка"], declared: ["Лом-Али Хасиев"])
    }

    // MARK: initials

    @Test func initialsByWrittenLetterAndShape() {
        gone("K.D. said no.", ["K.D."], declared: ["Kazbek Dzhabrailov"])
        gone("KH.A.: I was there.", ["KH.A."], declared: ["Khamzat Aliev"])
        gone("Only R.-M. signed.", ["R.-M."], declared: ["Rosa-Maria Vogel"])
        gone("Please call her \"O.\" in print.", ["\"O.\""], declared: ["Olga Petrova"])
        // A lone initial that is not quoted stays.
        kept("See plan B. then.", ["B."], declared: ["Boris Ivanov"])
    }

    @Test func honorificWithInitialOrName() {
        let r = strip("Herr K. und Frau Kessler kamen.")
        #expect(!r.text.contains("K.") && !r.text.contains("Kessler"), "\(r.text)")
        kept("Frau und Kind kamen.", ["Kind"])
    }

    @Test func ordinaryWordAfterCapitalisedName() {
        let r = strip("Alaev said it twice. Said said no.", declared: ["Said Alaev"])
        #expect(r.text.contains("said it"), "\(r.text)")
        #expect(!r.text.contains("Alaev") && !r.text.hasPrefix("Alaev"), "\(r.text)")
    }

    // MARK: undeclared names

    @Test func companionsNameTheNextWord() {
        let r = strip("My cousin Tornike came. Zhorik, his friend, drove.")
        #expect(!r.text.contains("Tornike") && !r.text.contains("Zhorik"), "\(r.text)")
        kept("My cousin in Grozny wrote. Her sister Nazran? No.", ["Grozny", "Nazran"])
    }

    @Test func chatLabelsAndLowerCaseNames() {
        let chat = """
        [01.02.2020 10:00] Yusup_k: ruslan says hi
        [01.02.2020 10:01] Petra W.: ok
        [01.02.2020 10:02] Yusup_k: good
        """
        let r = strip(chat)
        for w in ["Yusup", "Petra"] { #expect(!r.text.contains(w), "\(w) in \(r.text)") }
        // Outside a chat a lower-case name is left alone.
        kept("we saw ruslan says the sign", ["ruslan"])
    }

    @Test func unstampedRoleLabelsAreNotPeople() {
        let r = strip("Moderatorin: Guten Tag.\nModeratorin: Weiter.\nModeratorin: Danke.\n")
        #expect(r.text.contains("Moderatorin"), "\(r.text)")
        let s = strip("Aslan: I was there.\nQ: When?\n")
        #expect(!s.text.contains("Aslan"), "\(s.text)")
    }

    @Test func diminutiveSuffixOfListedName() {
        let r = strip("Вчера Асланчик пришёл домой.")
        #expect(!r.text.contains("Асланчик"), "\(r.text)")
        kept("Вчера Стульчик сломался.", ["Стульчик"])
    }

    // MARK: over-redaction

    @Test func articlesBeforePlacesAreNoParticles() {
        kept("Il vit près de Marseille.", ["Marseille"])
        let r = strip("The coach, van Dijk, agreed.")
        #expect(!r.text.contains("Dijk"), "\(r.text)")
    }

    @Test func firmsAreNoPeople() {
        kept("Instructed: Clarke Willmott Solicitors.", ["Clarke Willmott Solicitors"])
        let r = strip("Witness: Amina Clarke.")
        #expect(!r.text.contains("Amina"), "\(r.text)")
    }

    @Test func settlementsAndPlaceAdjectives() {
        kept("В ст. Слепцовская было тихо, в Сунженскому району тоже.", ["Слепцовская"])
        let r = strip("Гражданка Слепцовская сказала, что Петровская уехала.")
        #expect(!r.text.contains("Слепцовская"), "\(r.text)")
    }

    @Test func dayBeforeMonthIsNoHouseNumber() {
        kept("Запись, пос. Ойсхар, 3 мая 2017.", ["3 мая 2017"])
        let r = strip("Адрес: ул. Мира, 3, кв. 7.")
        #expect(!r.text.contains("Мира, 3"), "\(r.text)")
    }
}
