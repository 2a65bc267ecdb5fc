import EvaultCrypto
import Foundation
import MediaClean
import XCTest

/// Runs the independent tools (exiftool, mat2, ffmpeg, pdftotext, unzip) the tests
/// check clean copies with, and makes fixtures in a private directory.
enum Tools {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func path(_ name: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        return nil
    }

    /// Skips the test when a tool is missing; fails instead under CI=true.
    static func require(_ names: String...) throws {
        for name in names where path(name) == nil {
            let reason = "\(name) is not installed (make deps installs it)"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(reason) }
            throw XCTSkip(reason)
        }
    }

    @discardableResult
    static func run(_ name: String, _ args: [String], input: Data? = nil) throws -> Result {
        guard let exe = path(name) else { throw XCTSkip("\(name) is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = args
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : inp
        try process.run()
        if let input {
            inp.fileHandleForWriting.write(input)
            try? inp.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so a chatty tool cannot block.
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            errBox.data = errHandle.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs and fails the test on a non-zero exit.
    @discardableResult
    static func check(_ name: String, _ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try run(name, args)
        XCTAssertEqual(r.status, 0, "\(name) \(args.joined(separator: " ")): \(r.stderr)", file: file, line: line)
        return r.stdout
    }

    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mediaclean-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return url
    }

    /// Decoded frames (pixels or audio samples) as ffmpeg's per-frame MD5 lines.
    static func frameMD5(_ path: String) throws -> [String] {
        let out = try check("ffmpeg", ["-v", "error", "-i", path, "-map", "0", "-f", "framemd5", "-"])
        return out.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    /// All metadata exiftool can see, every group, including duplicates and embedded.
    static func exiftool(_ path: String) throws -> String {
        try check("exiftool", ["-a", "-G1", "-ee", "-u", path])
    }
}

/// Written by one thread, read after it finished (DispatchGroup.wait).
final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// Cleans a file on disk into another, as the vault will.
struct Cleaning {
    static func clean(_ input: URL, to output: URL, redactor: TextRedactor? = nil) throws -> CleanReport {
        let data = try Data(contentsOf: input)
        guard let format = MediaFormat.detect(prefix: Array(data.prefix(64)), fileName: input.lastPathComponent) else {
            throw MediaCleanError.unsupported(input.lastPathComponent)
        }
        let source = try FileStream.openForReading(path: input.path)
        let sink = try FileStream.createExclusive(path: output.path)
        return try MediaCleaner.clean(format, from: source, to: sink, redactor: redactor)
    }

    static func clean(_ bytes: [UInt8], _ format: MediaFormat, redactor: TextRedactor? = nil) throws -> ([UInt8], CleanReport) {
        let sink = MemorySink()
        let report = try MediaCleaner.clean(format, from: MemorySource(bytes), to: sink, redactor: redactor)
        return (sink.bytes, report)
    }
}

/// Replaces the planted names, as the vault's identity stripping will.
struct NameRedactor: TextRedactor {
    var names = ["Amira Haddad", "Haddad", "Jonas Brenner"]

    func redact(_ text: String) -> RedactedText {
        var out = text
        var count = 0
        for name in names {
            while let range = out.range(of: name) {
                out.replaceSubrange(range, with: "Person A")
                count += 1
            }
        }
        return RedactedText(text: out, replacements: count)
    }
}

/// What every fixture plants; none of it may survive cleaning.
enum Planted {
    static let name = "Amira Haddad"
    static let serial = "SN4471829XQ"
    static let words = ["Amira", "Haddad", "SN4471829XQ", "48.8566", "48 deg 51", "Kharkiv", "Brenner"]

    static func assertAbsent(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for word in words {
            XCTAssertFalse(text.contains(word), "\(what) still shows \(word):\n\(text)", file: file, line: line)
        }
    }
}
