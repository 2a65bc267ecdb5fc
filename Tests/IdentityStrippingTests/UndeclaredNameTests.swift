import Testing
import IdentityStripping

/// Names nobody declared (issue 9, category 4) and the ordinary words that must
/// survive (category 5). New examples, positive and negative.
@Suite struct UndeclaredNameTests {
    @Test func chatSenderLabels() {
        let chat = """
        [09.03.2025 21:14] Тимоха: ты где?
        [09.03.2025 21:15] Sveta K.: дома
        [09.03.2025 21:16] Тимоха: скажи свете, что тимоха приедет
        [09.03.2025 21:17] Sveta K.: ок
        """
        let r = strip(chat)
        for name in ["Тимоха", "тимоха", "Sveta"] { #expect(!r.text.contains(name), "\(name) survived: \(r.text)") }
        // One pseudonym per sender, wherever the name stands.
        let timokha = r.replacements.filter { replacedSpans(chat, r)[r.replacements.firstIndex(of: $0)!].lowercased() == "тимоха" }
        #expect(Set(timokha.map(\.pseudonym)).count == 1)
    }

    @Test func whatsappLabelsLowerCase() {
        let chat = "12/03/2026, 14:22 - zaurbek: are you there\n12/03/2026, 14:23 - Lyoma: yes\n12/03/2026, 14:25 - zaurbek: ok, lyoma, wait\n"
        let r = strip(chat)
        for name in ["zaurbek", "Lyoma", "lyoma"] { #expect(!r.text.contains(name), "\(name) survived: \(r.text)") }
    }

    @Test func labelsThatAreNotPeople() {
        let text = "Q: Where were you?\nA: At home.\nQ: And then?\nA: They came.\nNote: translated.\nSubject: detention\n"
        let r = strip(text)
        #expect(r.text == text, "\(replacedSpans(text, r))")
        // A one-off label with no name evidence stays ("Update: ...").
        let once = "Update: the road is closed.\n"
        #expect(strip(once).text == once)
    }

    @Test func bothHalvesOfHyphenatedNames() {
        let r = strip("Мы видели Ахмед-Хана и Mr Abdul-Karim Yusupov.")
        for part in ["Ахмед", "Хана", "Abdul", "Karim"] { #expect(!r.text.contains(part), "\(part) survived: \(r.text)") }
        let d = strip("Dudaev-Umarov signed.", declared: ["Aslan Dudaev"])
        #expect(!d.text.contains("Umarov"), "\(d.text)")
        // Lower-case Russian particles after a hyphen are not names.
        let p = strip("Руслан-то пришёл.")
        #expect(p.text.contains("-то"), "\(p.text)")
    }
}

@Suite struct PlaceTrapTests {
    @Test func townsAndMountainsAreNotPeople() {
        let text = "They drove from Urus-Martan to Kirov, past Elbrus, then to Pushkino and Magas."
        let r = strip(text)
        for place in ["Urus-Martan", "Kirov", "Pushkino", "Magas"] { #expect(r.text.contains(place), "\(place) replaced: \(r.text)") }
        // A surname-shaped Russian common noun at the start of a line is no name.
        let nouns = "Машина стояла у дома.\nМагазин был закрыт.\nПоловина села уехала."
        #expect(strip(nouns).text == nouns, "\(strip(nouns).text)")
    }
}
