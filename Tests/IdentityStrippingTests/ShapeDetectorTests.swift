import Testing
import IdentityStripping

/// The identifier kinds added for issue 9, each with cases it must catch and
/// cases it must leave alone. The examples are new, written for these tests.
@Suite struct ShapeDetectorTests {
    func found(_ text: String) -> [(IdentifierKind, String)] {
        let r = strip(text)
        return Array(zip(r.replacements.map(\.kind), replacedSpans(text, r)))
    }

    func caught(_ text: String, _ kind: IdentifierKind, _ span: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let f = found(text)
        let list = f.map { "\($0.0):\($0.1)" }
        #expect(f.contains { $0.0 == kind && $0.1 == span }, "expected \(kind) \(span) in \(list)", sourceLocation: sourceLocation)
    }

    func gone(_ text: String, _ span: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let r = strip(text)
        #expect(!r.text.contains(span), "survived: \(span) in \(r.text)", sourceLocation: sourceLocation)
    }

    func untouched(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let r = strip(text)
        #expect(r.text == text, "unexpected: \(found(text))", sourceLocation: sourceLocation)
    }

    @Test func vehiclePlates() {
        caught("машина Е731КХ 06 стояла у двора", .vehicle, "Е731КХ 06")
        caught("white Lada, plate m218ta177, parked", .vehicle, "m218ta177")
        caught("номер А 902 СН 95 видели", .vehicle, "А 902 СН 95")
        caught("voiture immatriculée GH-417-KL hier", .vehicle, "GH-417-KL")
        caught("авто АЕ 4521 ВК з Києва", .vehicle, "АЕ 4521 ВК")
        untouched("We drove a 100 km on the M29 in 2019.")
        untouched("в 2014 году, 3 раза по 200 мл")
    }

    @Test func wallets() {
        caught("send to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT please", .wallet, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT")
        caught("addr bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq ok", .wallet, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
        caught("USDT: 0x52908400098527886E0F7030069857D2E4169EE7.", .wallet, "0x52908400098527886E0F7030069857D2E4169EE7")
        untouched("The internationalisation of humanrightsdocumentation matters.")
        untouched("hash 0x1234 and 0xdeadbeef are short")
    }

    @Test func vins() {
        caught("VIN 1HGCM82633A004352 on the frame", .vin, "1HGCM82633A004352")
        caught("the frame said 1M8GDM9AXKP042788.", .vin, "1M8GDM9AXKP042788")
        // Wrong check digit and no cue: some other code.
        untouched("batch ABCDEFGH123456789 shipped")
    }

    @Test func iccidAndCards() {
        caught("SIM 8970102100123456783 was found", .iccid, "8970102100123456783")
        caught("card 4276 3800 1234 5679 used", .card, "4276 3800 1234 5679")
        // One digit mistyped: Luhn fails, still a card.
        caught("card 4276 3800 1234 5678 used", .card, "4276 3800 1234 5678")
        caught("paid with 4276380012345678.", .card, "4276380012345678")
        untouched("Population 1 234 567 in 2020.")
    }

    @Test func macAddresses() {
        caught("router 3C:84:6A:1F:09:B2 logged", .mac, "3C:84:6A:1F:09:B2")
        caught("wifi 3c-84-6a-1f-09-b2 seen", .mac, "3c-84-6a-1f-09-b2")
        caught("switch 3c84.6a1f.09b2 port", .mac, "3c84.6a1f.09b2")
        untouched("at 12:30:45 the meeting ended")
    }

    @Test func gpsWordForms() {
        gone("могила: 43,31 с.ш. 45,69 в.д., у реки", "43,31")
        gone("могила: 43,31 с.ш. 45,69 в.д., у реки", "45,69")
        gone("the pit at N 43.31, E 45.69 near the road", "43.31")
        gone("the pit at N 43.31, E 45.69 near the road", "45.69")
        gone("Lage 43.3127° N, 45.6981° O", "43.3127")
        untouched("цена 43,31 рубля и 45,69 рубля")
        untouched("scores 3.5, 4.25 and 7.75")
    }

    @Test func birthDatesInOtherLanguages() {
        gone("Frau K., geboren am 14.02.1987 in Grosny", "14.02.1987")
        gone("Mme X, née le 3 mars 1990 à Argoun", "3 mars 1990")
        gone("Хамзатов А.А., 21.09.1979 д.р., проживает", "21.09.1979")
        gone("Хамзатов, д.р. 21.09.1979, проживает", "21.09.1979")
        untouched("Il ne sait pas. Am 3. März war Sitzung.")
    }

    @Test func streetAddressesDEFR() {
        gone("Sie wohnte in der Lindenstraße 42 in Köln.", "Lindenstraße 42")
        gone("Er lebt am Birkenweg 7a.", "Birkenweg 7a")
        gone("Il habite 14 rue des Lilas depuis 2019.", "rue des Lilas")
        gone("Il habite 14 rue des Lilas depuis 2019.", "14")
        gone("au 3 avenue de la Gare, Nancy", "de la Gare")
        untouched("The Strasse is long and we walked on it.")
    }

    @Test func applicationAndCaseNumbers() {
        gone("Application no. 51234/17 was lodged", "51234/17")
        gone("(nos. 20981/09 and 3312/11)", "20981/09")
        gone("(nos. 20981/09 and 3312/11)", "3312/11")
        gone("уголовное дело № 11801960034000218 возбуждено", "11801960034000218")
        untouched("In the 2017/18 season, 3/4 of them left.")
    }

    @Test func passportSeriesAndNumberApart() {
        gone("паспорт серия 96 04 номер 512873 выдан", "512873")
        gone("паспорт серия 96 04 номер 512873 выдан", "96 04")
        gone("passport series 4509, number 731204", "731204")
    }

    @Test func mrzLines() {
        let mrz = "P<RUSKHASANOVA<<MADINA<<<<<<<<<<<<<<<<<<<<<\n7512849031RUS8702148F2904117<<<<<<<<<<<<<<08"
        let r = strip("Scan:\n" + mrz + "\nend")
        #expect(!r.text.contains("7512849031") && !r.text.contains("KHASANOVA"), "\(r.text)")
        untouched("a <<quoted>> word")
    }
}

@Suite struct MoreShapeTests {
    @Test func germanPlatesFrenchNumbersSimCues() {
        let r = strip("Der Wagen K-XY 4172 stand da. Dossier OFPRA n° 21-048812 reçu. SIM 8970102100123456783 gefunden.")
        for gone in ["K-XY 4172", "21-048812", "8970102100123456783"] { #expect(!r.text.contains(gone), "\(gone): \(r.text)") }
        let keep = "Die A-Klasse 200 ist ein Auto. Il y a 3 n-grammes."
        #expect(strip(keep).text == keep, "\(strip(keep).text)")
    }
}
