import Foundation
import TarFormat

/// Collects a writer's output in memory.
final class Collected {
    var bytes: [UInt8] = []
}

func makeWriter() -> (TarWriter, Collected) {
    let out = Collected()
    return (TarWriter(write: { out.bytes.append(contentsOf: $0) }), out)
}

/// A reader over `bytes` whose source hands out at most `chunk` bytes per call,
/// to exercise short reads.
func makeReader(_ bytes: [UInt8], chunk: Int = .max) -> TarReader {
    var position = 0
    return TarReader(read: { buffer in
        let n = min(buffer.count, chunk, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[position..<(position + n)]))
        }
        position += n
        return n
    })
}

/// Every entry with its data, read in small steps through `read(into:)`.
func readEntries(_ bytes: [UInt8], chunk: Int = .max) throws -> [(header: TarEntryHeader, data: [UInt8])] {
    let reader = makeReader(bytes, chunk: chunk)
    var out: [(TarEntryHeader, [UInt8])] = []
    var buffer = [UInt8](repeating: 0, count: 1000)
    while let header = try reader.nextEntry() {
        var data = [UInt8]()
        while true {
            let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            data += buffer[0..<n]
        }
        out.append((header, data))
    }
    return out
}

func pattern(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ Int(seed)) }
}

/// Rewrites bytes of the header block at `offset` and recomputes its checksum,
/// to craft archives our writer refuses to make.
func patchHeader(_ archive: inout [UInt8], at offset: Int, field: Int, with bytes: [UInt8]) {
    archive.replaceSubrange((offset + field)..<(offset + field + bytes.count), with: bytes)
    archive.replaceSubrange((offset + 148)..<(offset + 156), with: Array(repeating: 0x20, count: 8))
    let sum = archive[offset..<(offset + 512)].reduce(0) { $0 + Int($1) }
    let text = Array(String(format: "%06o", sum).utf8) + [0, 0x20]
    archive.replaceSubrange((offset + 148)..<(offset + 156), with: text)
}

final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("evault-tar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }
    func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: url.appendingPathComponent(name))) }
}

/// Runs a binary with stdin closed; returns its exit status and stdout+stderr.
func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
