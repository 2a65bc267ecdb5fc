import Testing
@testable import VaultCore

@Suite("BundleReader")
struct BundleReaderTests {
    @Test func onlyBundleMembersAreAllowed() {
        for ok in ["manifest.json", "manifest.json.minisig", "SHA256SUMS", "files/abc-note.txt", "files/x_1.pdf"] {
            #expect(BundleReader.isAllowedMember(ok), "\(ok)")
        }
        for bad in ["", "files/", "files/.hidden", "files/a/b.txt", "files/../x", "../manifest.json", "/etc/passwd",
                    "run.sh", "files/caf\u{e9}.txt", "files/a b.txt", "Files/x", "manifest.json/x"] {
            #expect(!BundleReader.isAllowedMember(bad), "\(bad)")
        }
    }

    @Test func checksumsParseStrictly() throws {
        let hex = String(repeating: "ab", count: 32)
        let sums = try BundleReader.parseChecksums(Array("\(hex)  manifest.json\n\(hex) *files/a.txt\n".utf8))
        #expect(sums == ["manifest.json": hex, "files/a.txt": hex])
        #expect(throws: ExportError.self) { try BundleReader.parseChecksums(Array("xyz  manifest.json\n".utf8)) }
        #expect(throws: ExportError.self) { try BundleReader.parseChecksums(Array("\(hex)  a\n\(hex)  a\n".utf8)) }
    }

    @Test func messagesNeverCarryControlCharacters() {
        #expect(BundleReader.printable("a\nb\u{1b}[31mc") == "ab[31mc")
        #expect(BundleReader.printable(String(repeating: "x", count: 500)).count == 80)
    }
}
