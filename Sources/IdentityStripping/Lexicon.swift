/// Word lists the detectors use, as sets of skeleton hashes so that one
/// lookup per token answers "is this a cue / given name / street word".
enum Lexicon {
    static func set(_ words: String...) -> Set<UInt64> {
        var s = Set<UInt64>()
        for list in words {
            for w in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let sk = NameNormalizer.skeleton(w.unicodeScalars.map(\.value))
                if !sk.isEmpty { s.insert(NameNormalizer.hash(sk)) }
            }
        }
        return s
    }

    static let givenNames = set(GivenNames.chechenAndCaucasian, GivenNames.arabicAndTurkic, GivenNames.russianAndSlavic, GivenNames.europeanAndEnglish,
                                NameData.given)
    /// Surnames and patronymics from OpenCorpora (NameData), for names with no telling ending.
    static let knownSurnames = set(NameData.surnames, NameData.patronymics)
    /// Towns, countries and ordinary words shaped like surnames: never a person by their ending.
    private static let notSurnamesOnlyFromData = set(NameData.places, NameData.notSurnames)
    /// Feminine given names without their final "a", for Russian cases ("Малики", "Зареме").
    static let givenStems: Set<UInt64> = {
        var out = Set<UInt64>()
        for list in [GivenNames.chechenAndCaucasian, GivenNames.arabicAndTurkic, GivenNames.russianAndSlavic, GivenNames.europeanAndEnglish] {
            for w in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                var sk = NameNormalizer.skeleton(w.unicodeScalars.map(\.value))
                guard sk.count >= 4, sk.last == 0x61 else { continue }
                sk.removeLast()
                if sk.last == 0x79 { sk.removeLast() }
                out.insert(NameNormalizer.hash(sk))
            }
        }
        return out
    }()
    static let ambiguousNames = set(GivenNames.ambiguous, NameData.ambiguousGiven)

    /// Capitalised words that never begin or extend a detected name.
    static let stopwords = set("""
    the a an and or but if then so because when where while after before since until as at by for from in into of on onto to with without
    he she it they we you i me him her them us my his its our your their this that these those there here who whom whose what which why how
    is are was were be been being has have had do does did will would shall should can could may might must not no yes also only just even
    all any some every each both either neither none one two three first second last next new old other another such very more most many much
    mr mrs ms dr prof sir judge police officer officers army court government ministry minister president republic federation region city village
    street road avenue lane district square park house building hospital school university mosque church prison camp station airport office
    chechen chechnya chechens russian russia russians moscow grozny ingush ingushetia dagestan caucasus north south east west europe european
    european america american ukraine ukrainian georgia turkey turkish german germany france french britain british english muslim islamic
    monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december
    god allah lord prophet internet whatsapp telegram signal instagram facebook twitter google gmail skype viber email phone tel mobile
    note notes witness source interview translator translation summary date time place location address name surname statement report case
    article convention protocol rule section chamber commission applicant applicants respondent decision judgment paragraph law code act
    ok okay hello hi dear thanks thank please sorry today tomorrow yesterday morning evening night later soon now never always
    в на и но а он она они мы я вы ты его ее её их это этот эта то там тут когда после до по из за с со у к о об от для при что как где
    кто который потом тогда уже еще ещё все всё мой моя мои наш наша наши ваш не да нет или же бы ли улица дом квартира полиция суд
    """)

    /// Words that are never a quasi-identifier, even capitalised (strict level).
    static let functionWords = set("""
    the a an and or but if then so because when where while after before since until as at by for from in into of on onto to with without
    he she it they we you i me him her them us my his its our your their this that these those there here who whom whose what which why how
    is are was were be been being has have had do does did will would shall should can could may might must not no yes also only just even
    all any some every each both either neither none one first second last next new other another such very more most many much however
    mr mrs ms dr prof sir madam mme m herr frau
    в на и но а он она они мы я вы ты его ее её их это этот эта то там тут когда после до по из за с со у к о об от для при что как где
    кто который потом тогда уже еще ещё все всё мой моя мои наш наша наши ваш не да нет или же бы ли
    der die das und oder aber ein eine er sie es wir ihr ich im am zum zur von mit nach bei auf le la les un une et ou mais il elle ils nous vous je dans sur avec pour par
    """)
    /// Relatives by role: replaced at the strict level.
    static let relatives = set("""
    father mother brother sister son daughter husband wife uncle aunt cousin nephew niece grandfather grandmother grandson granddaughter
    stepfather stepmother stepson stepdaughter fiance fiancee brothers sisters sons daughters cousins parents
    otets mat brat sestra syn doch muzh zhena dyadya tetya plemyannik plemyannitsa ded babushka vnuk vnuchka otsa materi brata sestry syna docheri muzha zheny dyadi teti
    vater mutter bruder schwester sohn tochter ehemann ehefrau onkel tante neffe nichte pere mere frere soeur fils fille mari femme oncle tante neveu niece
    """)

    /// Name particles: part of a declared name, never a match on their own.
    static let particles = set("al el bin ibn ben bint de van von der den du la le da di del dos das ter ten op abu umm ogly oglu kyzy uly")

    /// Honorifics belong to the replaced span ("Mr Umarov" -> "Person …");
    /// role titles stay visible ("prosecutor Person …").
    static let honorifics = set("mr mrs ms miss mx dr prof sir madam lady lord gospodin gospozha g-n herr frau fraulein mme mlle madame monsieur mademoiselle senor senora sayin")
    static let titles = set("""
    mr mrs ms miss mx dr prof sir madam lady lord herr frau fraulein mme mlle madame monsieur mademoiselle senor senora judge justice imam sheikh mullah officer colonel major lieutenant sergeant captain general commander
    investigator inspector prosecutor detective agent gospodin gospozha grazhdanin grazhdanka polkovnik mayor leytenant serzhant kapitan
    general sledovatel prokuror uchastkovy doktor
    """)
    static let nameCues = set("named called calls nicknamed alias aka zovut imeni certain")
    static let formFields = set("""
    name surname firstname lastname fio imya familiya otchestvo witness source applicant victim informant contact svidetel zayavitel
    poterpevshi interviewee complainant detainee suspect from to cc sender recipient author father mother brother sister husband wife son daughter
    """)
    /// Endings of surnames and patronymics in the skeleton alphabet.
    static let surnameSuffixes: [[UInt8]] = """
    ov ova ev eva aev aeva iev ieva yev yeva ovich ovna evich evna ovic evic enko shvili dze yan ski ska skaya ogly oglu zade zada
    """.split(separator: " ").map { NameNormalizer.skeleton($0.unicodeScalars.map(\.value)) }.filter { !$0.isEmpty }
    /// Capitalised -ov/-ev words that are places, not people.
    static let notSurnames = set("kiev rostov pskov kirov saratov tambov azov harkov lvov orekhov chernigov molotov sarajevo kosovo pristina")
        .union(notSurnamesOnlyFromData)

    static let documentCues = set("""
    nomer passport pasport id ids case delo serial seriya licence license udostoverenie snils inn bilet permit visa file docket claim complaint
    protokol application registration reg certificate svidetelstvo policy account vorgangsnummer aktenzeichen dossier az
    """)
    static let documentFillers = set("no nr num number nomer card series seriya of the i ser s n d sn ref reference code is was")
    static let birthCues = set("born dob birth birthdate birthday rodilsya rodilas rozhdeniya rozhden rozhdena rozhd geboren geb geburtsdatum geburtstag nee ne naissance nacido nacida")
    static let birthFillers = set("on in at date of the year god goda v is was yil am le la de den im au")
    static let months = set("""
    january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    yanvar yanvarya fevral fevralya mart marta aprel aprelya maya iyun iyunya iyul iyulya avgust avgusta sentyabr sentyabrya
    oktyabr oktyabrya noyabr noyabrya dekabr dekabrya
    januar februar marz mai juni juli oktober dezember janvier fevrier mars avril juin juillet aout septembre octobre novembre decembre
    """)
    static let streetWords = set("""
    ul ulitsa ulitsy ulitse ulitsu street st str strasse lane road rd avenue ave av boulevard blvd bulvar prospekt prosp pr pereulok per
    shosse highway naberezhnaya nab square pl ploshchad mikrorayon mkr microdistrict proyezd proezd tupik alley close crescent terrace
    rue avenue allee impasse chemin quai place cours gasse weg platz allee ring damm ufer chaussee
    """)
    static let houseWords = set("apt apartment flat kv kvartira d dom house building bldg korpus korp k stroenie entrance podezd floor etazh office room")
    static let phoneCues = set("tel phone telephone mob mobile cell whatsapp viber telegram call sms number nomer tlf fon")
    static let gpsCues = set("gps coordinates coords koordinaty lat latitude location geolocation pin geo")
}
