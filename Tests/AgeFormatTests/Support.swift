import AgeFormat
import EvaultCrypto
import Foundation

/// Encrypts `plaintext` to `recipients` in memory, optionally armored.
func seal(_ plaintext: [UInt8], to recipients: [any AgeRecipient], armored: Bool = false, writeSize: Int = 1 << 20) throws -> [UInt8] {
    let sink = MemorySink()
    let armor = armored ? AgeArmor.Writer(output: sink) : nil
    let writer = try AgeWriter(recipients: recipients, output: armor ?? sink)
    var i = 0
    while i < plaintext.count {
        let n = min(writeSize, plaintext.count - i)
        try writer.write(Array(plaintext[i..<(i + n)]))
        i += n
    }
    try writer.close()
    try armor?.close()
    return sink.bytes
}

/// Decrypts everything; on failure, returns the plaintext released before it and the error.
func open(_ file: [UInt8], with identities: [any AgeIdentity], armored: Bool = false,
          readSize: Int = 100_000) -> (plaintext: [UInt8], error: Error?) {
    var out = [UInt8]()
    do {
        let source: any ByteSource = armored ? AgeArmor.Reader(input: MemorySource(file)) : MemorySource(file)
        let reader = try AgeReader(input: source, identities: identities)
        var buf = [UInt8](repeating: 0, count: readSize)
        while true {
            let n = try buf.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            out += buf[0..<n]
        }
        return (out, nil)
    } catch {
        return (out, error)
    }
}

/// Deterministic pseudo-random bytes (not for keys): fast and reproducible.
func pattern(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var x = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        x ^= x << 13; x ^= x >> 7; x ^= x << 17
        return UInt8(truncatingIfNeeded: x)
    }
}

/// The package root, from this file's path (Tests/AgeFormatTests/Support.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Path of an executable on PATH or in /usr/bin, or nil.
func findExecutable(_ name: String) -> String? {
    let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin"]
    for d in dirs where FileManager.default.isExecutableFile(atPath: d + "/" + name) { return d + "/" + name }
    return nil
}

struct ProcessResult { var status: Int32; var stdout: [UInt8]; var stderr: String }

/// Runs a program with `stdin` bytes and collects its output. Input and stderr go
/// through temporary files so only stdout needs draining (no deadlock, no threads).
func run(_ path: String, _ arguments: [String], stdin: [UInt8] = []) throws -> ProcessResult {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let inURL = dir.appendingPathComponent("stdin"), errURL = dir.appendingPathComponent("stderr")
    try Data(stdin).write(to: inURL)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let outPipe = Pipe()
    p.standardInput = try FileHandle(forReadingFrom: inURL)
    p.standardOutput = outPipe
    p.standardError = try FileHandle(forWritingTo: errURL)
    try p.run()
    let out = outPipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let err = (try? Data(contentsOf: errURL)) ?? Data()
    return ProcessResult(status: p.terminationStatus, stdout: [UInt8](out), stderr: String(decoding: err, as: UTF8.self))
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("agetest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
