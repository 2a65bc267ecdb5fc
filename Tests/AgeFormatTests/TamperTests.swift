import AgeFormat
import EvaultCrypto
import Testing

/// Altered and cut files: every change is detected, and whatever was released
/// before the failure is whole authenticated chunks of the original.
@Suite struct TamperTests {
    static let chunk = 64 * 1024

    static func isChunkPrefix(_ out: [UInt8], of plaintext: [UInt8]) -> Bool {
        out.count % chunk == 0 && out.count < plaintext.count && Array(plaintext.prefix(out.count)) == out
    }

    @Test func truncationIsDetectedAnywhere() throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(3 * Self.chunk + 100)
        let file = try seal(plaintext, to: [id.recipient])
        let h = headerLength(file)
        let enc = Self.chunk + 16
        var cuts = [0, 1, h - 1, h, h + 1, h + 15, h + 16, h + 17, h + 16 + 15, file.count - 1, file.count - 17]
        for k in 1...3 { cuts += [h + 16 + k * enc - 1, h + 16 + k * enc, h + 16 + k * enc + 1, h + 16 + k * enc + 16] }
        for cut in cuts where cut < file.count {
            let (out, error) = open(Array(file.prefix(cut)), with: [id])
            #expect(error != nil, "cut at \(cut)")
            #expect(out.isEmpty || Self.isChunkPrefix(out, of: plaintext), "cut at \(cut) released a partial chunk")
        }
    }

    @Test func bitFlipsAreDetected() throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(2 * Self.chunk + 5)
        let file = try seal(plaintext, to: [id.recipient])
        var positions = Array(0..<min(headerLength(file) + 20, file.count))   // every header byte and the nonce
        for _ in 0..<60 { positions.append(Int(randomUniform(UInt32(file.count)))) }
        positions += [file.count - 1, file.count - 17, headerLength(file) + 16 + Self.chunk + 15]
        for p in positions {
            var bad = file
            bad[p] ^= UInt8(1 << randomUniform(8))
            let (out, error) = open(bad, with: [id])
            #expect(error != nil, "flip at \(p) went unnoticed")
            #expect(out.isEmpty || Self.isChunkPrefix(out, of: plaintext), "flip at \(p) released altered data")
        }
    }

    @Test func trailingDataIsReportedAfterTheLastChunk() throws {
        let id = AgeX25519Identity.generate()
        for size in [0, 10, Self.chunk] {
            let plaintext = pattern(size)
            let file = try seal(plaintext, to: [id.recipient]) + [0]
            let (_, error) = open(file, with: [id])
            #expect(error as? AgeError == (size == Self.chunk ? .trailingData : .payloadAuthenticationFailed), "size \(size)")
        }
    }

    @Test func chunksCannotBeReorderedOrDropped() throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(3 * Self.chunk + 1)
        let file = try seal(plaintext, to: [id.recipient])
        let start = headerLength(file) + 16, enc = Self.chunk + 16
        let c = (0..<4).map { Array(file[(start + $0 * enc)..<min(start + ($0 + 1) * enc, file.count)]) }
        let head = Array(file[0..<start])
        let swapped = head + c[1] + c[0] + c[2] + c[3]
        #expect(open(swapped, with: [id]).error as? AgeError == .payloadAuthenticationFailed)
        let dropped = head + c[0] + c[2] + c[3]
        #expect(open(dropped, with: [id]).error as? AgeError == .payloadAuthenticationFailed)
        let cutAtBoundary = head + c[0] + c[1]
        let (out, error) = open(cutAtBoundary, with: [id])
        #expect(error as? AgeError == .truncated)
        #expect(out == Array(plaintext.prefix(2 * Self.chunk)))
    }

    @Test func headerFromAnotherFileFailsTheMAC() throws {
        let id = AgeX25519Identity.generate()
        let a = try seal(pattern(10), to: [id.recipient])
        let b = try seal(pattern(10), to: [id.recipient, AgeX25519Identity.generate().recipient])
        // Splice a's stanza into b's header: the file key unwraps, but the MAC is b's.
        let aLines = String(decoding: a.prefix(headerLength(a)), as: UTF8.self).split(separator: "\n")
        let bLines = String(decoding: b.prefix(headerLength(b)), as: UTF8.self).split(separator: "\n")
        let spliced = ([aLines[0], aLines[1], aLines[2]] + bLines[3...]).joined(separator: "\n") + "\n"
        let file = Array(spliced.utf8) + b[headerLength(b)...]
        #expect(open(file, with: [id]).error as? AgeError == .headerMACMismatch)
    }
}
