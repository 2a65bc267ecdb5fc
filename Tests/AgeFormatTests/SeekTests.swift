import AgeFormat
import EvaultCrypto
import Foundation
import Testing

@Suite struct SeekTests {
    static let chunk = 64 * 1024

    static func readAll(_ r: AgeReader) throws -> [UInt8] {
        var out = [UInt8](), buf = [UInt8](repeating: 0, count: 50_000)
        while true {
            let n = try buf.withUnsafeMutableBytes { try r.read(into: $0) }
            if n == 0 { return out }
            out += buf[0..<n]
        }
    }

    @Test(arguments: [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk, 3 * chunk + 999])
    func seekAndReadTheRest(size: Int) throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(size, seed: 3)
        let file = try seal(plaintext, to: [id.recipient])
        let reader = try AgeReader(input: MemorySource(file), identities: [id])
        #expect(try reader.plaintextSize == Int64(size))
        var offsets = [0, size, max(0, size - 1), max(0, size - Self.chunk), size / 2]
        for k in 0...(size / Self.chunk) { offsets += [k * Self.chunk, k * Self.chunk + 1].filter { $0 <= size } }
        for off in offsets {
            try reader.seek(toPlaintextOffset: Int64(off))
            #expect(try Self.readAll(reader) == Array(plaintext[off...]), "offset \(off)")
        }
        #expect(throws: AgeError.seekOutOfRange) { try reader.seek(toPlaintextOffset: Int64(size + 1)) }
    }

    @Test func sizeQueryDoesNotDisturbSequentialReading() throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(2 * Self.chunk + 10)
        let reader = try AgeReader(input: MemorySource(try seal(plaintext, to: [id.recipient])), identities: [id])
        var first = [UInt8](repeating: 0, count: 70_000)
        let n = try first.withUnsafeMutableBytes { try reader.readFully(into: $0) }
        #expect(try reader.plaintextSize == Int64(plaintext.count))
        #expect(Array(first[0..<n]) + (try Self.readAll(reader)) == plaintext)
    }

    @Test func lastChunkFromAFile() throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(5 * Self.chunk + 1234)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.age").path
        do {
            let out = try FileStream.createExclusive(path: path)
            let w = try AgeWriter(recipients: [id.recipient], output: out)
            try w.write(plaintext)
            try w.close()
        }
        let reader = try AgeReader(input: try FileStream.openForReading(path: path), identities: [id])
        let size = try #require(try reader.plaintextSize)
        try reader.seek(toPlaintextOffset: size - 65536)
        #expect(try Self.readAll(reader) == Array(plaintext.suffix(65536)))
    }

    @Test func sizeOfATruncatedFileIsRefused() throws {
        let id = AgeX25519Identity.generate()
        let file = try seal(pattern(3 * Self.chunk), to: [id.recipient])
        // Cut exactly at a chunk boundary: the size would look plausible, but the
        // remaining last chunk is not marked final.
        let cut = Array(file.prefix(file.count - (Self.chunk + 16)))
        let reader = try AgeReader(input: MemorySource(cut), identities: [id])
        #expect(throws: AgeError.payloadAuthenticationFailed) { _ = try reader.plaintextSize }
        let odd = try AgeReader(input: MemorySource(Array(file.prefix(file.count - 5 - Self.chunk))), identities: [id])
        #expect(throws: AgeError.truncated) { _ = try odd.plaintextSize }
    }

    @Test func armoredInputIsNotSeekable() throws {
        let id = AgeX25519Identity.generate()
        let file = try seal(pattern(100), to: [id.recipient], armored: true)
        let reader = try AgeReader(input: MemorySource(file), identities: [id])
        #expect(try reader.plaintextSize == nil)
        #expect(throws: AgeError.notSeekable) { try reader.seek(toPlaintextOffset: 0) }
    }
}
