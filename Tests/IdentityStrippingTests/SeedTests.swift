import Foundation
import Testing
import IdentityStripping

/// The demo articles (2017 reports on Chechnya): with the public figures on the
/// keep list they survive; everybody else named is replaced.
@Suite struct SeedTests {
    /// ../shared/seeds beside the package, or ../../shared/seeds from a git worktree in wt/NAME.
    static let seeds: String = {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let candidates = ["../../../shared/seeds", "../../../../shared/seeds"].map {
            here.appendingPathComponent($0).standardizedFileURL.path
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }()
    static let keep = ["Vladimir Putin", "Ramzan Kadyrov", "Tatyana Moskalkova", "Alvi Karimov", "Novaya Gazeta", "Angela Merkel"]

    @Test func publicFiguresKeptOthersReplaced() throws {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: Self.seeds), !names.isEmpty else {
            try Skip.because("no seed articles at \(Self.seeds) (../shared/seeds)")
        }
        for name in names.sorted() where name.hasSuffix(".txt") {
            let text = try String(contentsOfFile: Self.seeds + "/" + name, encoding: .utf8)
            let r = strip(text, keep: Self.keep)
            if ProcessInfo.processInfo.environment["EVAULT_SHOW_SEEDS"] != nil { print("==== \(name)\n\(r.text)") }
            for kept in ["Putin", "Kadyrov", "Moskalkova", "Novaya Gazeta", "Karimov"] where text.contains(kept) {
                #expect(r.text.contains(kept), "\(kept) should be kept in \(name)")
            }
            // Without the keep list, recall first: the public figures are replaced too.
            let bare = strip(text)
            if text.contains("Kadyrov") { #expect(!bare.text.contains("Kadyrov")) }
        }
    }
}
