import EvaultCrypto
import Testing
@testable import VaultCore

@Suite("PartnerPseudonyms")
struct PartnerPseudonymsTests {
    static let vaultKey = SecureBytes(copying: [UInt8](repeating: 7, count: 32))

    static func derivation(salt: UInt8) throws -> PartnerPseudonyms {
        try PartnerPseudonyms(vaultKey: vaultKey, salt: [UInt8](repeating: salt, count: 32))
    }

    @Test func shapesAreRecognised() {
        #expect(PartnerPseudonyms.Shape("Person amber-falcon") == .person(prefix: "Person", body: "amber-falcon"))
        #expect(PartnerPseudonyms.Shape("Witness amber-falcon-2") == .person(prefix: "Witness", body: "amber-falcon-2"))
        #expect(PartnerPseudonyms.Shape("[phone 7QK2]") == .code(label: "phone", body: "7QK2"))
        #expect(PartnerPseudonyms.Shape("[birth date 7QK2-2]") == .code(label: "birth date", body: "7QK2-2"))
        #expect(PartnerPseudonyms.Shape("Person ") == .other("Person "))
        #expect(PartnerPseudonyms.Shape("[x]") == .other("[x]"))
    }

    @Test func bothFormsOfAPersonShareNewWordsAndShapesAreKept() throws {
        var assigned: [String: String] = [:]
        let map = try Self.derivation(salt: 1).mapping(for: ["Witness amber-falcon", "[phone 7QK2]"], assigned: &assigned)
        let witness = try #require(map["Witness amber-falcon"])
        let person = try #require(map["Person amber-falcon"])
        #expect(witness.hasPrefix("Witness ") && person.hasPrefix("Person "))
        #expect(witness.dropFirst("Witness ".count) == person.dropFirst("Person ".count))
        #expect(witness != "Witness amber-falcon")
        let phone = try #require(map["[phone 7QK2]"])
        #expect(phone.hasPrefix("[phone ") && phone.hasSuffix("]") && phone != "[phone 7QK2]")
        #expect(assigned.count == 2)
    }

    @Test func stablePerPartnerAndDifferentAcrossPartners() throws {
        var a1: [String: String] = [:], a2: [String: String] = [:], b: [String: String] = [:]
        let names = ["Person amber-falcon", "Person calm-otter", "[email 3M0A]"]
        let first = try Self.derivation(salt: 1).mapping(for: names, assigned: &a1)
        let again = try Self.derivation(salt: 1).mapping(for: names.reversed(), assigned: &a2)
        let other = try Self.derivation(salt: 2).mapping(for: names, assigned: &b)
        #expect(first == again)
        for n in names { #expect(first[n] != other[n]) }
    }

    @Test func collisionsAreResolvedAndRemembered() throws {
        // Two vault pseudonyms that happen to get one partner pseudonym: force it by pre-assigning.
        let d = try Self.derivation(salt: 3)
        var assigned: [String: String] = [:]
        let base = try #require(d.mapping(for: ["Person amber-falcon"], assigned: &assigned)["Person amber-falcon"])
        let body = String(base.dropFirst("Person ".count))
        var crowded = ["person:someone-else": body]
        let resolved = d.mapping(for: ["Person amber-falcon"], assigned: &crowded)
        #expect(resolved["Person amber-falcon"] == "Person \(body)-2")
        #expect(d.mapping(for: ["Person amber-falcon"], assigned: &crowded)["Person amber-falcon"] == "Person \(body)-2")
    }

    @Test func replacesWholeOccurrencesOnlyLongestFirst() {
        let map = ["Person amber-falcon": "Person red-fox", "Person amber-falcon-2": "Person blue-jay",
                   "[phone 7QK2]": "[phone ZZZZ]"]
        let text = "Person amber-falcon met Person amber-falcon-2 (Person amber-falcon’s friend); call [phone 7QK2]. XPerson amber-falcon Person amber-falconry"
        #expect(PartnerPseudonyms.apply(map, to: text)
                == "Person red-fox met Person blue-jay (Person red-fox’s friend); call [phone ZZZZ]. XPerson amber-falcon Person amber-falconry")
        #expect(PartnerPseudonyms.apply([:], to: text) == text)
    }
}
