import Foundation
import Testing

/// Issue 10, names on disk: `open --out-dir` never writes a control, bidirectional
/// or zero-width character, a path separator or a leading `-` into a file name; the
/// file gets a visible `_` in its place and the renaming is reported.
@Suite("names on disk")
struct OutputNameCLITests {
    /// Sealed name -> the name `open --out-dir` must write.
    static let cases: [(sealed: String, onDisk: String)] = [
        ("evil\u{202E}txt.exe", "evil_txt.exe"),          // right-to-left override
        ("zero\u{200B}width.txt", "zero_width.txt"),      // zero-width space
        ("iso\u{2066}late\u{2069}.txt", "iso_late_.txt"), // bidi isolates
        ("csi\u{9B}31m.txt", "csi_31m.txt"),              // C1 control (8-bit CSI)
        ("bom\u{FEFF}.txt", "bom_.txt"),                  // byte order mark
        ("-rf.txt", "_rf.txt"),                           // reads as an option to rm *
    ]

    static func unsafe(_ s: String) -> Bool {
        s.unicodeScalars.contains {
            switch $0.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    @Test("control, bidi and zero-width characters and a leading - become _ on disk, reported; content intact")
    func safeNamesOnDisk() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let outDir = h.directory.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        for (index, c) in Self.cases.enumerated() {
            let input = try h.write("in\(index)/\(c.sealed)", "content \(index)")
            let sealed = try h.ok(["seal", "--json", input])
            let id = try #require(((try JSONSerialization.jsonObject(with: sealed.stdout) as? [[String: Any]])?.first?["id"]) as? String)
            let opened = try h.ok(["open", id, "--out-dir", outDir])
            #expect(opened.stderr.contains("renamed: control, invisible or path characters"), "\(opened.stderr)")
            #expect(!Self.unsafe(opened.stderr.replacingOccurrences(of: "\n", with: " ")), "\(opened.stderr)")
            let written = outDir + "/" + c.onDisk
            #expect(try String(contentsOfFile: written, encoding: .utf8) == "content \(index)", "\(c.onDisk)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: outDir)
        #expect(Set(names) == Set(Self.cases.map(\.onDisk)), "\(names)")
        #expect(!names.contains { Self.unsafe($0) || $0.hasPrefix("-") })
    }

    @Test("an ordinary name is written as it is, with no renaming reported")
    func ordinaryName() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let input = try h.write("in/Rapport d’enquête 2024 (final).pdf", "pdf-ish")
        let sealed = try h.ok(["seal", "--json", input])
        let id = try #require(((try JSONSerialization.jsonObject(with: sealed.stdout) as? [[String: Any]])?.first?["id"]) as? String)
        let outDir = h.directory.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        let opened = try h.ok(["open", id, "--out-dir", outDir])
        #expect(!opened.stderr.contains("renamed"), "\(opened.stderr)")
        #expect(FileManager.default.fileExists(atPath: outDir + "/Rapport d’enquête 2024 (final).pdf"))
    }
}
