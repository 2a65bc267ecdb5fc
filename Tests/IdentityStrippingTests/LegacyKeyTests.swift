import Foundation
import Testing
import IdentityStripping

/// Priority 0 of issue 9: a person already in a vault keeps the pseudonym the
/// vault gave them. The registry below was written by evault before wave 2
/// (commit 1603fc3, key = 32 bytes of 7) for the names in `people`; whatever
/// the matching normaliser becomes, stripping must still give these pseudonyms.
@Suite struct LegacyKeyTests {
    static let people: [String] = [
        "Aslan Umarov", "Аслан Умаров", "Zarema Dzhabrailova", "Movsar Dzhabrailov", "Kheda Saidova",
        "Magomed Khasanov", "Ramzan Chalaev", "Чалаев Рамзан Ахмедович", "Dmitry Ivanov", "Aleksandr Petrov",
        "Said Magomadov", "Vera Zaitseva", "Islam Tsechoev", "Хадижат Гамзатова", "Zelimkhan Yandarbiyev",
        "Jörg Müller", "François Lefèvre", "Şahin Yılmaz", "Ахмед Хаджиев", "Фатима Іванова",
        "Ali al-Rashid", "Pieter van Dijk", "O'Brien Seán", "Алексей Ёлкин", "Maxim Kozlovskiy",
        "Рамзан Кадыров", "Абу-Бакар Ӏалиев", "R. K.", "Levan Beridze", "Narine Hakobyan",
    ]

    /// Names the strip step derives from undeclared people (the detected form).
    static let detected: [String] = ["Colonel Katayev", "Dudayev", "Ivanova"]

    /// Written by the pre-wave-2 code: `people[i]` -> pseudonym, and the vault registry.
    static let expected: [String: String] = [
        "Aleksandr Petrov": "Person sandy-wasp",
        "Ali al-Rashid": "Person zealous-roller",
        "Aslan Umarov": "Person copper-eagle",
        "Colonel Katayev": "Person round-tit",
        "Dmitry Ivanov": "Person wary-rose",
        "Dudayev": "Person witty-banjo",
        "François Lefèvre": "Person patient-gong",
        "Islam Tsechoev": "Person cozy-pulley",
        "Ivanova": "Person steady-glacier",
        "Jörg Müller": "Person coral-lantern",
        "Kheda Saidova": "Person faithful-anchor",
        "Levan Beridze": "Person kind-owl",
        "Magomed Khasanov": "Person balmy-mill",
        "Maxim Kozlovskiy": "Person polite-pulley",
        "Movsar Dzhabrailov": "Person witty-gong",
        "Narine Hakobyan": "Person sunny-lizard",
        "O'Brien Seán": "Person slow-fox",
        "Pieter van Dijk": "Person olive-oak",
        "R. K.": "Person patient-birch",
        "Ramzan Chalaev": "Person icy-elk",
        "Said Magomadov": "Person pine-haddock",
        "Vera Zaitseva": "Person just-pipe",
        "Zarema Dzhabrailova": "Person velvet-kestrel",
        "Zelimkhan Yandarbiyev": "Person stone-thrush",
        "Şahin Yılmaz": "Person zesty-finch",
        "Абу-Бакар Ӏалиев": "Person even-flute",
        "Алексей Ёлкин": "Person strong-chime",
        "Аслан Умаров": "Person copper-eagle",
        "Ахмед Хаджиев": "Person lunar-shrew",
        "Рамзан Кадыров": "Person magenta-bear",
        "Фатима Іванова": "Person fine-oboe",
        "Хадижат Гамзатова": "Person golden-needle",
        "Чалаев Рамзан Ахмедович": "Person cheery-bell",
    ]
    static let registryJSON = #"""
    {"byHash":{"0bd1e64e3ed407ab68f3e1dc2649fdfc3f28cdcae9cd6da5e6f6620fa3169e69":"Person coral-lantern","1be3cf515c83a51ec8c82d44e44a16f42c84da42736329a58cad71c4cd04d6b3":"Person even-flute","1db84c0f51e45491e3cec6d1595665636824bce4bd10c1f2129b4adb1bcf8360":"Person faithful-anchor","21e7aeba5cd7a086628ab348261e7a5a9013b838bf3094b2f143afa7edd0ccba":"Person fine-oboe","2cf4355d93d193f6bd9bac4b12a84b8daa0991511560a3af9bca9327c3c47d86":"Person golden-needle","3748c655303144a3def1780b61e4bb443d4b7f748edf592d9e32f3374bd9eec0":"Person icy-elk","3eeb03d284488d3e5947a0385c48fa7f47152b4237af42c50534f2d6a789b11f":"Person just-pipe","400e8d9c4744b82c3168325fb573328f0a85b9bf1b6a151e709b0376387586c2":"Person kind-owl","4e58984cd0a55bfb28b50844e84a50439d7215c30d35e2af8beb3878c5a3a28f":"Person lunar-shrew","598e388e6dba9633d7a73369dffbead1f8b69fa867855b00e8c78d81085a4a73":"Person olive-oak","6091c265f8110dd17188eae1acf9a8400d951ef5e117c454ad232f7f735e8539":"Person patient-birch","60eda17fa0545814082a08db011b338c527b3beb09fe349061fab515d186ad9b":"Person patient-gong","66ff7fe4c1b7f3eaeccd4d0ccdb81f8506cd0cb59bc8742e5993ffba0518336c":"Person polite-pulley","75396d328fe249e36d038fc0965bd25453659e6003bb1253693707dbb8792016":"Person round-tit","7f805e3b57acfbc747ec383c56210a799e88ad4671b09937b5d26210ffc1e1eb":"Person sandy-wasp","8944cd3f810a0980d682c4759d75903c3fa0ea057c8aabddf844b1325b1f73c1":"Person slow-fox","94cb7a9c67389971dc50f95e94dcaa24fedbc9e65b4ead8f5a7031ee08262f45":"Person steady-glacier","9824bf9c01e54e8f28e8d49bc5d0bbb51ebf121c097d906d4ca1352c3d07f04c":"Person stone-thrush","9aee1a9632d52c45d464c4b696956a97ec3d0c4dd52689ea8b99c4ab0bed3382":"Person strong-chime","9d8471ed470091b021cb66d0845aa9100abb0351a184ca552b427f3914c88865":"Person sunny-lizard","ad0c41b61ce71c312b08a389d95653c9353aafa0456996ac8e8a221432f615fd":"Person velvet-kestrel","b2b3bb56ee61d46484f94868fb382c814c8f2ce94015fcbb47b5d36124909e7b":"Person wary-rose","b9eac4c37a524a431ca2852df964c8ede13bc5a95fc09a06ac3bd8df1b79900e":"Person witty-banjo","b9ed4ef1da23d44d77afd7a4112c6d178cad42f4294802af255e75fdea149868":"Person witty-gong","bd0beb256ecc904fe3c8d27c2ca4e69004b8b7eec28d1ee8bf0ccb41b7e4bca2":"Person zesty-finch","be3ff3db7babfbab682ef57bec9c2f0c232d8134d8f4bfaecd48e24a9dcc8f0c":"Person zealous-roller","c5f3d46db69f8bb7e484ac42867cf1b551f6b895f626f3294db0cac21cd2e6c2":"Person balmy-mill","d0bb0f5b523dd1d3fb9c862cb5e8caa7e44377af2fce3b57a30cce61c96d2b4d":"Person cheery-bell","d32cabe35ace46fd5b4bc0ea0b79942b44be2f13b270b9719461e5a1ee10fd70":"Person copper-eagle","d5fffda1d0109b87892cc260d3440d6ea23413b10c5b4062ade391750d198a18":"Person cozy-pulley","f446f60b0f54f5370b238d7b673ab18a2533061f18f6068e3e968feecc077f16":"Person magenta-bear","fe6bed878e6a4ed57c8a7fdd663749f33ec8f990a6367311b87bc77961364a9a":"Person pine-haddock"},"byPseudonym":{"Person balmy-mill":"c5f3d46db69f8bb7e484ac42867cf1b551f6b895f626f3294db0cac21cd2e6c2","Person cheery-bell":"d0bb0f5b523dd1d3fb9c862cb5e8caa7e44377af2fce3b57a30cce61c96d2b4d","Person copper-eagle":"d32cabe35ace46fd5b4bc0ea0b79942b44be2f13b270b9719461e5a1ee10fd70","Person coral-lantern":"0bd1e64e3ed407ab68f3e1dc2649fdfc3f28cdcae9cd6da5e6f6620fa3169e69","Person cozy-pulley":"d5fffda1d0109b87892cc260d3440d6ea23413b10c5b4062ade391750d198a18","Person even-flute":"1be3cf515c83a51ec8c82d44e44a16f42c84da42736329a58cad71c4cd04d6b3","Person faithful-anchor":"1db84c0f51e45491e3cec6d1595665636824bce4bd10c1f2129b4adb1bcf8360","Person fine-oboe":"21e7aeba5cd7a086628ab348261e7a5a9013b838bf3094b2f143afa7edd0ccba","Person golden-needle":"2cf4355d93d193f6bd9bac4b12a84b8daa0991511560a3af9bca9327c3c47d86","Person icy-elk":"3748c655303144a3def1780b61e4bb443d4b7f748edf592d9e32f3374bd9eec0","Person just-pipe":"3eeb03d284488d3e5947a0385c48fa7f47152b4237af42c50534f2d6a789b11f","Person kind-owl":"400e8d9c4744b82c3168325fb573328f0a85b9bf1b6a151e709b0376387586c2","Person lunar-shrew":"4e58984cd0a55bfb28b50844e84a50439d7215c30d35e2af8beb3878c5a3a28f","Person magenta-bear":"f446f60b0f54f5370b238d7b673ab18a2533061f18f6068e3e968feecc077f16","Person olive-oak":"598e388e6dba9633d7a73369dffbead1f8b69fa867855b00e8c78d81085a4a73","Person patient-birch":"6091c265f8110dd17188eae1acf9a8400d951ef5e117c454ad232f7f735e8539","Person patient-gong":"60eda17fa0545814082a08db011b338c527b3beb09fe349061fab515d186ad9b","Person pine-haddock":"fe6bed878e6a4ed57c8a7fdd663749f33ec8f990a6367311b87bc77961364a9a","Person polite-pulley":"66ff7fe4c1b7f3eaeccd4d0ccdb81f8506cd0cb59bc8742e5993ffba0518336c","Person round-tit":"75396d328fe249e36d038fc0965bd25453659e6003bb1253693707dbb8792016","Person sandy-wasp":"7f805e3b57acfbc747ec383c56210a799e88ad4671b09937b5d26210ffc1e1eb","Person slow-fox":"8944cd3f810a0980d682c4759d75903c3fa0ea057c8aabddf844b1325b1f73c1","Person steady-glacier":"94cb7a9c67389971dc50f95e94dcaa24fedbc9e65b4ead8f5a7031ee08262f45","Person stone-thrush":"9824bf9c01e54e8f28e8d49bc5d0bbb51ebf121c097d906d4ca1352c3d07f04c","Person strong-chime":"9aee1a9632d52c45d464c4b696956a97ec3d0c4dd52689ea8b99c4ab0bed3382","Person sunny-lizard":"9d8471ed470091b021cb66d0845aa9100abb0351a184ca552b427f3914c88865","Person velvet-kestrel":"ad0c41b61ce71c312b08a389d95653c9353aafa0456996ac8e8a221432f615fd","Person wary-rose":"b2b3bb56ee61d46484f94868fb382c814c8f2ce94015fcbb47b5d36124909e7b","Person witty-banjo":"b9eac4c37a524a431ca2852df964c8ede13bc5a95fc09a06ac3bd8df1b79900e","Person witty-gong":"b9ed4ef1da23d44d77afd7a4112c6d178cad42f4294802af255e75fdea149868","Person zealous-roller":"be3ff3db7babfbab682ef57bec9c2f0c232d8134d8f4bfaecd48e24a9dcc8f0c","Person zesty-finch":"bd0beb256ecc904fe3c8d27c2ca4e69004b8b7eec28d1ee8bf0ccb41b7e4bca2"}}
    """#

    @Test func declaredPeopleKeepTheirPseudonyms() throws {
        var registry = try JSONDecoder().decode(PseudonymRegistry.self, from: Data(Self.registryJSON.utf8))
        let before = registry
        for name in Self.people {
            let options = StripOptions(declared: [try DeclaredIdentity(parsing: name)])
            let stripper = IdentityStripper(pseudonymizer: Pseudonymizer(key: fixedKey()), options: options)
            let r = stripper.strip("Statement: \(name) was there.", registry: &registry)
            let declared = r.replacements.filter(\.declared).map(\.pseudonym)
            #expect(!declared.isEmpty, "\(name) not replaced")
            #expect(Set(declared) == [Self.expected[name]!], "\(name): \(declared)")
        }
        // Nobody old got a new entry.
        #expect(registry == before)
    }

    @Test func registryLookupUsesTheLegacyKey() throws {
        let registry = try JSONDecoder().decode(PseudonymRegistry.self, from: Data(Self.registryJSON.utf8))
        let p = Pseudonymizer(key: fixedKey())
        for name in Self.people + Self.detected {
            #expect(registry.pseudonym(forHash: p.hash(of: name, kind: .person)) == Self.expected[name], "\(name)")
        }
    }

    /// Regenerates the literals above; run only on the pre-wave-2 code.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["EVAULT_WRITE_LEGACY_FIXTURE"] != nil))
    func writeFixture() throws {
        let p = Pseudonymizer(key: fixedKey())
        var registry = PseudonymRegistry()
        var map: [String: String] = [:]
        for name in Self.people + Self.detected { map[name] = p.pseudonym(for: name, kind: .person, registry: &registry) }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let out = "MAP=" + String(decoding: try enc.encode(map), as: UTF8.self) + "\nREG=" + String(decoding: try enc.encode(registry), as: UTF8.self) + "\n"
        try out.write(toFile: "/tmp/stripgen/legacy.txt", atomically: true, encoding: .utf8)
    }
}
