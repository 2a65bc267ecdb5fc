@testable import AgeFormat
import EvaultCrypto
import Foundation
import Testing

/// The parallel STREAM variants must be indistinguishable from the sequential
/// ones: the same bytes written, the same plaintext released and the same error
/// for every damaged file, and the files must pass both ways with real `age`.
@Suite struct ParallelStreamTests {
    static let chunk = 64 * 1024
    static let sizes = [0, 1, chunk - 1, chunk, chunk + 1, 16 * chunk, 17 * chunk + 5, 40 * chunk + 1]

    static func payload(_ plaintext: [UInt8], cipher: StreamCipher, parallel: Bool, writeSize: Int) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = AgeWriter(cipher: cipher, output: sink, parallel: parallel)
        var i = 0
        while i < plaintext.count {
            let n = min(writeSize, plaintext.count - i)
            try writer.write(Array(plaintext[i..<(i + n)]))
            i += n
        }
        try writer.close()
        return sink.bytes
    }

    static func open(_ file: [UInt8], _ id: AgeX25519Identity, parallel: Bool, readSize: Int) -> ([UInt8], AgeError?) {
        var out = [UInt8]()
        do {
            let reader = try AgeReader(input: MemorySource(file), identities: [id], parallel: parallel)
            var buf = [UInt8](repeating: 0, count: readSize)
            while true {
                let n = try buf.withUnsafeMutableBytes { try reader.read(into: $0) }
                if n == 0 { return (out, nil) }
                out += buf[0..<n]
            }
        } catch {
            return (out, error as? AgeError)
        }
    }

    static func sealFile(_ plaintext: [UInt8], to id: AgeX25519Identity, parallel: Bool) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try AgeWriter(recipients: [id.recipient], output: sink, parallel: parallel)
        try writer.write(plaintext)
        try writer.close()
        return sink.bytes
    }

    @Test(arguments: sizes)
    func parallelWriterWritesTheSameBytes(size: Int) throws {
        let cipher = StreamCipher(fileKey: SecureBytes.random(count: 16), payloadNonce: randomBytes(16))
        let plaintext = pattern(size, seed: UInt64(size) + 3)
        for writeSize in [1000, Self.chunk, 1 << 20] {
            let sequential = try Self.payload(plaintext, cipher: cipher, parallel: false, writeSize: writeSize)
            let parallel = try Self.payload(plaintext, cipher: cipher, parallel: true, writeSize: writeSize)
            #expect(parallel == sequential, "size \(size), writes of \(writeSize)")
        }
    }

    @Test(arguments: sizes)
    func roundTripsEveryWay(size: Int) throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(size, seed: 5)
        for writerParallel in [false, true] {
            let file = try Self.sealFile(plaintext, to: id, parallel: writerParallel)
            for readerParallel in [false, true] {
                for readSize in [777, Self.chunk, 1 << 20] {
                    let (out, error) = Self.open(file, id, parallel: readerParallel, readSize: readSize)
                    #expect(error == nil && out == plaintext, "size \(size) writer \(writerParallel) reader \(readerParallel)")
                }
            }
        }
    }

    /// Cut, flipped, reordered and extended files: the parallel reader releases
    /// exactly what the sequential one does and fails with the same error.
    @Test func damagedFilesFailExactlyAsSequentially() throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(40 * Self.chunk + 100, seed: 9)
        let file = try Self.sealFile(plaintext, to: id, parallel: true)
        let enc = Self.chunk + 16
        let start = file.count - (40 * enc + 100 + 16)
        var variants: [(String, [UInt8])] = []
        for k in [0, 1, 2, 15, 16, 17, 39, 40] {
            variants.append(("cut at chunk \(k)", Array(file.prefix(start + k * enc))))
            variants.append(("cut inside chunk \(k)", Array(file.prefix(start + k * enc + 100))))
            var flipped = file
            flipped[min(start + k * enc + 50, file.count - 1)] ^= 1
            variants.append(("flip in chunk \(k)", flipped))
        }
        variants.append(("trailing byte", file + [0]))
        let c1 = Array(file[(start + enc)..<(start + 2 * enc)]), c2 = Array(file[(start + 2 * enc)..<(start + 3 * enc)])
        variants.append(("swapped 1 and 2", Array(file[..<(start + enc)]) + c2 + c1 + Array(file[(start + 3 * enc)...])))
        let exact = try Self.sealFile(pattern(20 * Self.chunk), to: id, parallel: false)
        variants.append(("full final chunk, trailing byte", exact + [1]))
        for (what, bytes) in variants {
            let sequential = Self.open(bytes, id, parallel: false, readSize: 100_000)
            let parallel = Self.open(bytes, id, parallel: true, readSize: 100_000)
            #expect(sequential.1 != nil, "\(what) went unnoticed")
            #expect(parallel.1 == sequential.1, "\(what): \(String(describing: parallel.1)) vs \(String(describing: sequential.1))")
            #expect(parallel.0 == sequential.0, "\(what): released \(parallel.0.count) vs \(sequential.0.count) bytes")
        }
    }

    @Test func seekingAfterParallelReadingStillWorks() throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(20 * Self.chunk + 7, seed: 2)
        let file = try Self.sealFile(plaintext, to: id, parallel: true)
        let reader = try AgeReader(input: MemorySource(file), identities: [id], parallel: true)
        var buf = [UInt8](repeating: 0, count: 3 * Self.chunk)
        _ = try buf.withUnsafeMutableBytes { try reader.readFully(into: $0) }
        #expect(try reader.plaintextSize == Int64(plaintext.count))
        #expect(buf == Array(plaintext.prefix(buf.count)))
        try reader.seek(toPlaintextOffset: 5 * Int64(Self.chunk) + 3)
        let rest = try reader.readToEnd(limit: 1 << 24)
        #expect(rest == Array(plaintext[(5 * Self.chunk + 3)...]))
    }

    @Test(.enabled(if: findExecutable("age") != nil, "the age binary is not installed"))
    func realAgeReadsParallelFilesAndWeReadAgeFiles() throws {
        guard let age = findExecutable("age") else { return }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = AgeX25519Identity.generate()
        let keyPath = dir.appendingPathComponent("key.txt").path
        try Data((String(decoding: id.encoded().unsafeArray(), as: UTF8.self) + "\n").utf8).write(to: URL(fileURLWithPath: keyPath))
        for size in [Self.chunk, 33 * Self.chunk + 9] {
            let plaintext = pattern(size, seed: 21)
            let file = try Self.sealFile(plaintext, to: id, parallel: true)
            let d = try run(age, ["-d", "-i", keyPath], stdin: file)
            #expect(d.status == 0 && d.stdout == plaintext, "age -d: \(d.stderr)")
            let e = try run(age, ["-e", "-r", id.recipient.encoded], stdin: plaintext)
            #expect(e.status == 0, "age -e: \(e.stderr)")
            let (out, error) = Self.open(e.stdout, id, parallel: true, readSize: 1 << 20)
            #expect(error == nil && out == plaintext)
        }
    }
}
