import Testing
@testable import VaultCore

@Suite("EntryID")
struct EntryIDTests {
    @Test func randomIDsAreWellFormedAndDistinct() {
        let ids = (0..<1000).map { _ in EntryID.random() }
        #expect(Set(ids).count == 1000)
        for id in ids {
            #expect(id.rawValue.count == EntryID.length)
            #expect(EntryID(id.rawValue) == id)
        }
    }

    @Test func rejectsMalformed() {
        #expect(EntryID("short") == nil)
        #expect(EntryID("abcdefghil") == nil)  // i and l are not in the alphabet
        #expect(EntryID("ABCDEFGHJK") == nil)
    }

    @Test func resolvesUniquePrefixes() throws {
        let ids = ["abc0000000", "abd0000000", "x000000000"].compactMap(EntryID.init)
        #expect(try EntryID.resolve("x", among: ids).rawValue == "x000000000")
        #expect(try EntryID.resolve("ABC", among: ids).rawValue == "abc0000000")
        #expect(throws: VaultError.ambiguousEntry("ab", matches: 2)) { try EntryID.resolve("ab", among: ids) }
        #expect(throws: VaultError.unknownEntry("q")) { try EntryID.resolve("q", among: ids) }
        #expect(throws: VaultError.unknownEntry("../etc")) { try EntryID.resolve("../etc", among: ids) }
    }
}
