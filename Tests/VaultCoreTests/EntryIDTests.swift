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

@Suite("Timestamp")
struct TimestampTests {
    @Test func formatsAndParsesRFC3339() throws {
        let d = try #require(Timestamp.parse("2017-04-01T12:34:56Z"))
        #expect(Timestamp.format(d) == "2017-04-01T12:34:56Z")
        #expect(Timestamp.parse("2017-04-01") == Timestamp.parse("2017-04-01T00:00:00Z"))
        #expect(Timestamp.parse("2017-04-01T14:34:56+02:00") == d)
        #expect(Timestamp.parse("2017-04-01T12:34:56.250Z").map { Timestamp.format($0) } == "2017-04-01T12:34:56Z")
        for bad in ["", "2017", "2017-13-01", "2017-04-01T25:00:00Z", "2017-04-01T12:00:00", "yesterday", "2017-04-01T12:00:00Zjunk"] {
            #expect(Timestamp.parse(bad) == nil, "\(bad)")
        }
    }
}
