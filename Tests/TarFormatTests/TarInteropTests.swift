import Foundation
import Testing
import TarFormat

/// Interop with GNU tar (Debian's /usr/bin/tar, 1.34): it reads what we write,
/// and we read what it writes in pax, ustar and its default GNU format.
/// Skipped, with the reason printed, when tar is not installed.
@Suite struct TarInteropTests {
    static let binary = "/usr/bin/tar"
    static var available: Bool {
        // Reported as skipped by the framework; under CI=true the tests run, and fail.
        Skip.toolTrait(binary)
    }

    static let files: [(name: String, data: [UInt8], mode: UInt32, mtime: Int64)] = [
        ("metadata.json", Array("{\"title\":\"x\"}".utf8), 0o600, 1_700_000_000),
        ("empty", [], 0o644, 1_600_000_000),
        ("exact-512", pattern(512), 0o600, 1_500_000_000),
        ("content.bin", pattern(100_003), 0o640, 1_234_567_890),
        ("témoignages/été 2024/entretien №1.txt", Array("bonjour".utf8), 0o600, 1_700_000_001),
        (String(repeating: "long-directory-name/", count: 8) + String(repeating: "f", count: 120) + ".txt", pattern(1000), 0o600, 1),
    ]

    @Test(.enabled(if: TarInteropTests.available))
    func gnuTarListsAndExtractsOurArchive() throws {
        let dir = try TemporaryDirectory()
        let (writer, out) = makeWriter()
        try writer.beginEntry(TarEntryHeader(name: "témoignages", size: 0, mode: 0o700, modificationTime: 1_700_000_000, kind: .directory))
        try writer.endEntry()
        for f in Self.files { try writer.addFile(name: f.name, contents: f.data, mode: f.mode, modificationTime: f.mtime) }
        try writer.finish()
        try dir.write("ours.tar", out.bytes)

        let list = try run(Self.binary, ["--quoting-style=literal", "--numeric-owner", "-tvf", dir.path("ours.tar")])
        #expect(list.status == 0, "tar -t said: \(list.output)")
        let lines = list.output.split(separator: "\n").map(String.init)
        #expect(lines.count == Self.files.count + 1)
        #expect(lines.first?.hasPrefix("drwx------ 0/0") == true)
        #expect(lines.first?.hasSuffix(" témoignages/") == true)
        for (line, f) in zip(lines.dropFirst(), Self.files) {
            #expect(line.hasSuffix(" " + f.name), "listing line: \(line)")
            #expect(line.contains(" \(f.data.count) "), "listing line: \(line)")
        }

        let extract = try run(Self.binary, ["-xf", dir.path("ours.tar"), "-C", dir.path("")])
        #expect(extract.status == 0, "tar -x said: \(extract.output)")
        for f in Self.files {
            #expect(try dir.read(f.name) == f.data, "\(f.name)")
            let attributes = try FileManager.default.attributesOfItem(atPath: dir.path(f.name))
            #expect((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 == TimeInterval(f.mtime))
            #expect((attributes[.posixPermissions] as? NSNumber)?.uint32Value == f.mode & ~0o022)  // tar applies the umask
        }
    }

    @Test(.enabled(if: TarInteropTests.available), arguments: ["pax", "ustar", "gnu"])
    func weReadGnuTarArchives(format: String) throws {
        let dir = try TemporaryDirectory()
        var expected: [String: [UInt8]] = [
            "src/empty": [],
            "src/small.txt": Array("hello\n".utf8),
            "src/exact": pattern(1024),
            "src/big.bin": pattern(200_001),
            // ustar splits this into prefix and name (no component over 100 bytes).
            "src/" + String(repeating: "nested-dir/", count: 12) + "leaf.txt": Array("deep".utf8),
            "src/été/accentué.txt": Array("utf-8".utf8),
        ]
        if format != "ustar" {
            // ustar cannot hold a single component over 100 bytes.
            expected["src/" + String(repeating: "x", count: 150)] = pattern(10)
        }
        for (name, data) in expected { try dir.write(name, data) }
        let made = try run(Self.binary, ["--format=\(format)", "-cf", dir.path("theirs.tar"), "-C", dir.path(""), "src"])
        #expect(made.status == 0, "tar -c said: \(made.output)")

        let entries = try readEntries(try dir.read("theirs.tar"), chunk: 3000)
        var regular: [String: [UInt8]] = [:]
        var directories: Set<String> = []
        for entry in entries {
            switch entry.header.kind {
            case .regular: regular[entry.header.name] = entry.data
            case .directory: directories.insert(entry.header.name)
            }
        }
        #expect(regular == expected)
        #expect(directories.contains("src"))
        #expect(directories.contains("src/été"))
        for entry in entries where entry.header.kind == .regular {
            #expect(entry.header.size == Int64(entry.data.count))
            #expect(entry.header.modificationTime > 1_600_000_000)
        }
    }
}
