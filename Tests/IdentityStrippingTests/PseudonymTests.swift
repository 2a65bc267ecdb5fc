import EvaultCrypto
import Foundation
import Testing
import IdentityStripping

@Suite struct PseudonymTests {
    @Test func keyMustBe32Bytes() {
        #expect(throws: StrippingError.invalidKeyLength(16)) { try PseudonymKey(SecureBytes(count: 16)) }
    }

    @Test func stableAcrossCallsAndForms() {
        let p = Pseudonymizer(key: fixedKey())
        var registry = PseudonymRegistry()
        let a = p.pseudonym(for: "Aslan Umarov", kind: .person, registry: &registry)
        let b = p.pseudonym(for: "ASLAN  umarov", kind: .person, registry: &registry)
        let c = p.pseudonym(for: "Аслан Умаров", kind: .person, registry: &registry)
        #expect(a == b && b == c)
        #expect(a.hasPrefix("Person "))
        #expect(a == p.pseudonymWithoutRegistry(for: "Aslan Umarov", kind: .person))
        // Separate strips of separate notes agree.
        let r1 = strip("Aslan Umarov came.", declared: ["Aslan Umarov"])
        let r2 = strip("Later UMAROV left.", declared: ["Aslan Umarov"])
        #expect(r1.pseudonyms == r2.pseudonyms)
        #expect(r1.pseudonyms == [a])
    }

    @Test func identifierFormatsAndNormalisation() {
        let p = Pseudonymizer(key: fixedKey())
        let a = p.pseudonymWithoutRegistry(for: "8 (928) 123-45-67", kind: .phone)
        let b = p.pseudonymWithoutRegistry(for: "+7 928 1234567", kind: .phone)
        #expect(a == b)
        // 40 bits: eight base32 characters (FORMAT.md section 8, "Pseudonym space").
        #expect(a.hasPrefix("[phone ") && a.hasSuffix("]") && a.count == "[phone XXXXXXXX]".count)
        #expect(p.pseudonymWithoutRegistry(for: "A@B.org", kind: .email) == p.pseudonymWithoutRegistry(for: "a@b.org", kind: .email))
    }

    @Test func anotherKeyAnotherPseudonym() {
        let names = ["Aslan Umarov", "Zarema Dzhabrailova", "Movsar Dzhabrailov", "Kheda Saidova"]
        let a = names.map { personPseudonym($0, key: fixedKey(1)) }
        let b = names.map { personPseudonym($0, key: fixedKey(2)) }
        #expect(a != b)
        let h1 = Pseudonymizer(key: fixedKey(1)).identityHash("aslan umarov", kind: .person)
        let h2 = Pseudonymizer(key: fixedKey(2)).identityHash("aslan umarov", kind: .person)
        #expect(h1 != h2 && h1.count == 32)
        // Domain separation by kind.
        #expect(Pseudonymizer(key: fixedKey(1)).identityHash("x", kind: .person) != Pseudonymizer(key: fixedKey(1)).identityHash("x", kind: .handle))
    }

    @Test func collisionsAreDisambiguated() throws {
        // One adjective and one noun: every person collides.
        let p = Pseudonymizer(key: fixedKey(), wordsPerList: 1)
        var registry = PseudonymRegistry()
        let a = p.pseudonym(for: "Aslan Umarov", kind: .person, registry: &registry)
        let b = p.pseudonym(for: "Kheda Saidova", kind: .person, registry: &registry)
        let c = p.pseudonym(for: "Movsar Dzhabrailov", kind: .person, registry: &registry)
        #expect(Set([a, b, c]).count == 3)
        #expect(b == a + "-2" && c == a + "-3")
        // Stable on the second call, and found by hash.
        #expect(p.pseudonym(for: "kheda saidova", kind: .person, registry: &registry) == b)
        #expect(registry.pseudonym(forHash: p.hash(of: "Kheda Saidova", kind: .person)) == b)
        // Survives a Codable round trip, which holds no names.
        let data = try JSONEncoder().encode(registry)
        let json = String(decoding: data, as: UTF8.self)
        #expect(!json.lowercased().contains("kheda") && !json.lowercased().contains("saidova"))
        var decoded = try JSONDecoder().decode(PseudonymRegistry.self, from: data)
        #expect(decoded == registry)
        #expect(p.pseudonym(for: "Movsar Dzhabrailov", kind: .person, registry: &decoded) == c)
    }

    @Test func collisionsInStrippedText() {
        let options = StripOptions(declared: [try! DeclaredIdentity(parsing: "Aslan Umarov"), try! DeclaredIdentity(parsing: "Kheda Saidova")])
        var registry = PseudonymRegistry()
        let r = IdentityStripper(pseudonymizer: Pseudonymizer(key: fixedKey(), wordsPerList: 1), options: options)
            .strip("Aslan met Kheda.", registry: &registry)
        #expect(r.pseudonyms.count == 2)
    }

    @Test func keepListWins() {
        let r = strip("Ramzan Kadyrov denied it. Kadyrov's men; KADYROV. Mr Kadyrov spoke.", keep: ["Ramzan Kadyrov"])
        #expect(r.text == "Ramzan Kadyrov denied it. Kadyrov's men; KADYROV. Mr Kadyrov spoke.")
        // A kept full name does not keep every bearer of its given name.
        let r2 = strip("Ramzan Aliev and Ramzan Kadyrov", declared: ["Ramzan Aliev"], keep: ["Ramzan Kadyrov"])
        #expect(r2.text.hasSuffix(" and Ramzan Kadyrov"))
        #expect(!r2.text.contains("Aliev"))
        // Declared beats a kept word of the same length (the declared name must never survive).
        let r3 = strip("Umarov spoke", declared: ["Aslan Umarov"], keep: ["Umarov"])
        #expect(!r3.text.contains("Umarov"))
    }

    @Test func offsetsAreUnicodeScalarsSortedAndDisjoint() {
        let text = "🙂 Хеда — call +7 928 123-45-67, mail é@x.org; Ruslan Umarov."
        let r = strip(text, declared: ["Хеда"])
        let spans = replacedSpans(text, r)
        #expect(spans.contains("Хеда") && spans.contains("+7 928 123-45-67") && spans.contains("é@x.org") && spans.contains("Ruslan Umarov"))
        for (a, b) in zip(r.replacements, r.replacements.dropFirst()) { #expect(a.end <= b.start) }
        #expect(r.counts[.person] == 2 && r.counts[.phone] == 1)
    }

    @Test func newPersonPseudonymsHave41Bits() {
        // Two words (8 + 8 bits) and five base32 characters (25 bits) of the keyed hash.
        let p = Pseudonymizer(key: fixedKey())
        let hash = p.hash(of: "Aslan Umarov", kind: .person)
        let person = p.pseudonymWithoutRegistry(for: "Aslan Umarov", kind: .person)
        let parts = person.dropFirst("Person ".count).split(separator: "-")
        #expect(person.hasPrefix("Person ") && parts.count == 3 && parts[2].count == Pseudonymizer.personCodeCharacters)
        #expect(parts[2].allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) })
        // The code is bits 16..40 of the hash, most significant first.
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let bits = (UInt64(hash[2]) << 24) | (UInt64(hash[3]) << 16) | (UInt64(hash[4]) << 8) | UInt64(hash[5])
        let expected = String((0..<5).map { alphabet[Int((bits >> UInt64(27 - 5 * $0)) & 31)] })
        #expect(String(parts[2]) == expected)
        // Thousands of people, no two alike (2^41 pseudonyms; 16-bit pairs would collide here).
        // (A few generated names fold to one normalised name, hence one hash: count distinct hashes.)
        var seen = Set<String>(), hashes = Set<[UInt8]>()
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        for k in 0..<5000 {
            let name = "Nam" + String([letters[k % 26], letters[(k / 26) % 26], letters[(k / 676) % 26]]) + " Ivanov"
            seen.insert(p.pseudonymWithoutRegistry(for: name, kind: .person))
            hashes.insert(p.hash(of: name, kind: .person))
        }
        #expect(hashes.count > 4900 && seen.count == hashes.count)
        var codes = Set<String>()
        for k in 0..<5000 { codes.insert(p.pseudonymWithoutRegistry(for: "+7 900 000 \(10000 + k)", kind: .phone)) }
        #expect(codes.count == 5000)
    }

    @Test func oldPseudonymsInARegistryAreKept() throws {
        // A registry written before the widening: the narrow pseudonyms stay, a newcomer gets a wide one.
        let p = Pseudonymizer(key: fixedKey())
        var registry = try JSONDecoder().decode(PseudonymRegistry.self, from: Data(LegacyKeyTests.registryJSON.utf8))
        #expect(p.pseudonym(for: "Aslan Umarov", kind: .person, registry: &registry) == "Person copper-eagle")
        let newcomer = p.pseudonym(for: "Someone Entirely New", kind: .person, registry: &registry)
        #expect(newcomer.split(separator: "-").count == 3, "\(newcomer)")
    }

    @Test func wordListsAreFull() {
        // 256 x 256 readable pairs: distinct people rarely collide.
        var seen = Set<String>()
        let p = Pseudonymizer(key: fixedKey())
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        for k in 0..<300 {
            let name = "Name " + String(letters[k % 26]) + String(letters[(k / 26) % 26]) + "ov"
            seen.insert(p.pseudonymWithoutRegistry(for: name, kind: .person))
        }
        #expect(seen.count >= 290)
    }
}
