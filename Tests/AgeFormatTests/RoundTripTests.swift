import AgeFormat
import EvaultCrypto
import Testing

@Suite struct RoundTripTests {
    static let chunk = 64 * 1024
    static let sizes = [0, 1, 2, 100, chunk - 1, chunk, chunk + 1, 2 * chunk - 1, 2 * chunk, 2 * chunk + 1, 3 * chunk, 3 * chunk + 17]

    @Test(arguments: sizes)
    func x25519RoundTrip(size: Int) throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(size, seed: UInt64(size) + 7)
        for writeSize in [1 << 20, 65536, 4097] {
            let file = try seal(plaintext, to: [id.recipient], writeSize: writeSize)
            let chunks = max(1, (size + Self.chunk - 1) / Self.chunk)
            // The payload is exactly nonce + chunks + tags: nothing is padded or leaked beyond the size.
            #expect(file.count - headerLength(file) == 16 + size + 16 * chunks)
            for readSize in [1 << 20, 65536, 1000] {
                let (out, error) = open(file, with: [id], readSize: readSize)
                #expect(error == nil)
                #expect(out == plaintext)
            }
        }
    }

    /// Large writes are sealed in parallel batches straight from the caller's memory;
    /// every split between batches, buffered data and the final chunk must agree.
    @Test(arguments: [8 * chunk - 1, 8 * chunk, 8 * chunk + 1, 16 * chunk, 17 * chunk + 5])
    func batchedWrites(size: Int) throws {
        let id = AgeX25519Identity.generate()
        let plaintext = pattern(size, seed: 99)
        var reference: [UInt8]?
        for writeSize in [4 * Self.chunk, 4 * Self.chunk + 1, 8 * Self.chunk, 3 << 20, 100_003] {
            let file = try seal(plaintext, to: [id.recipient], writeSize: writeSize)
            let (out, error) = open(file, with: [id])
            #expect(error == nil, "size \(size) writes of \(writeSize)")
            #expect(out == plaintext, "size \(size) writes of \(writeSize)")
            // Same layout whatever the write pattern.
            if let reference { #expect(file.count == reference.count) } else { reference = file }
        }
    }

    @Test func randomSizesAroundChunkBoundaries() throws {
        let id = AgeX25519Identity.generate()
        for _ in 0..<25 {
            let k = Int(randomUniform(5))
            let delta = Int(randomUniform(33)) - 16
            let size = max(0, k * Self.chunk + delta)
            let plaintext = pattern(size, seed: UInt64(size))
            let writeSize = Int(randomUniform(70_000)) + 1
            let readSize = Int(randomUniform(70_000)) + 1
            let (out, error) = open(try seal(plaintext, to: [id.recipient], writeSize: writeSize), with: [id], readSize: readSize)
            #expect(error == nil, "size \(size)")
            #expect(out == plaintext, "size \(size)")
        }
    }

    @Test func armoredRoundTrip() throws {
        let id = AgeX25519Identity.generate()
        for size in [0, 1, 47, 48, 49, Self.chunk + 5, 200_000] {
            let plaintext = pattern(size)
            let file = try seal(plaintext, to: [id.recipient], armored: true)
            #expect(AgeArmor.isArmored(Array(file.prefix(40))))
            let text = String(decoding: file, as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == "-----BEGIN AGE ENCRYPTED FILE-----")
            #expect(lines.dropLast().last == "-----END AGE ENCRYPTED FILE-----")
            #expect(lines.allSatisfy { $0.count <= 64 || $0.hasPrefix("-----") })
            // Explicit armor reader, and AgeReader's own detection.
            #expect(open(file, with: [id], armored: true).plaintext == plaintext)
            let (out, error) = open(file, with: [id])
            #expect(error == nil)
            #expect(out == plaintext)
        }
    }

    @Test func multipleRecipients() throws {
        let ids = (0..<3).map { _ in AgeX25519Identity.generate() }
        let plaintext = pattern(70_000)
        let file = try seal(plaintext, to: ids.map(\.recipient))
        for id in ids { #expect(open(file, with: [id]).plaintext == plaintext) }
        let stranger = AgeX25519Identity.generate()
        #expect(open(file, with: [stranger]).error as? AgeError == .noIdentityMatched)
        #expect(open(file, with: [stranger, ids[2]]).plaintext == plaintext)
    }

    @Test func scryptRoundTrip() throws {
        let pass = SecureBytes(copying: Array("correct horse battery staple".utf8))
        let plaintext = pattern(1000)
        let file = try seal(plaintext, to: [AgeScryptRecipient(passphrase: pass, workFactor: 10)])
        #expect(String(decoding: file.prefix(60), as: UTF8.self).contains("-> scrypt "))
        #expect(open(file, with: [AgeScryptIdentity(passphrase: pass)]).plaintext == plaintext)
        let wrong = AgeScryptIdentity(passphrase: SecureBytes(copying: Array("wrong".utf8)))
        #expect(open(file, with: [wrong]).error as? AgeError == .noIdentityMatched)
        let strict = AgeScryptIdentity(passphrase: pass, maxWorkFactor: 9)
        #expect(open(file, with: [strict]).error as? AgeError == .workFactorTooHigh(10))
        // An X25519 identity simply does not match a passphrase file.
        #expect(open(file, with: [AgeX25519Identity.generate()]).error as? AgeError == .noIdentityMatched)
    }

    @Test func recipientListRules() throws {
        let pass = SecureBytes(copying: Array("pw".utf8))
        let mixed: [any AgeRecipient] = [AgeScryptRecipient(passphrase: pass, workFactor: 2), AgeX25519Identity.generate().recipient]
        #expect(throws: AgeError.self) { try AgeWriter(recipients: mixed, output: MemorySink()) }
        #expect(throws: AgeError.invalidRecipients("no recipients")) { try AgeWriter(recipients: [], output: MemorySink()) }
        #expect(throws: AgeError.self) { try AgeWriter(recipients: [AgeScryptRecipient(passphrase: pass, workFactor: 0)], output: MemorySink()) }
    }

    @Test func writerMustBeClosedOnce() throws {
        let w = try AgeWriter(recipients: [AgeX25519Identity.generate().recipient], output: MemorySink())
        try w.write([1, 2, 3])
        try w.close()
        #expect(throws: AgeError.streamClosed) { try w.close() }
        #expect(throws: AgeError.streamClosed) { try w.write([4]) }
    }

    /// Custom stanzas of every body length exercise header encoding and parsing
    /// through the public recipient/identity protocols.
    struct RawRecipient: AgeRecipient {
        var padding: Int
        var arguments: [String]
        func wrap(fileKey: SecureBytes) throws -> [AgeStanza] {
            [AgeStanza(type: "example.com/raw", arguments: arguments, body: fileKey.unsafeArray() + pattern(padding))]
        }
    }

    struct RawIdentity: AgeIdentity {
        var padding: Int
        func unwrap(stanzas: [AgeStanza]) throws -> SecureBytes? {
            guard let s = stanzas.first(where: { $0.type == "example.com/raw" }) else { return nil }
            #expect(s.body.count == 16 + padding)
            #expect(Array(s.body.dropFirst(16)) == pattern(padding))
            return SecureBytes(copying: s.body.prefix(16))
        }
    }

    @Test(arguments: [0, 31, 32, 33, 80, 81, 200])
    func customStanzaBodies(padding: Int) throws {
        let plaintext = pattern(10)
        let file = try seal(plaintext, to: [RawRecipient(padding: padding, arguments: ["a", "~!@#"])])
        let (out, error) = open(file, with: [RawIdentity(padding: padding)])
        #expect(error == nil)
        #expect(out == plaintext)
    }

    @Test func invalidStanzaArgumentsAreRefused() throws {
        for bad in [[""], ["two words"], ["tab\t"], ["é"]] {
            #expect(throws: AgeError.self) { try seal([], to: [RawRecipient(padding: 0, arguments: bad)]) }
        }
    }
}

/// Bytes up to and including the header's MAC line.
func headerLength(_ file: [UInt8]) -> Int {
    let marker = Array("\n--- ".utf8)
    guard let i = (0...(file.count - marker.count)).first(where: { Array(file[$0..<($0 + marker.count)]) == marker }),
          let end = file[(i + 1)...].firstIndex(of: 10) else { return 0 }
    return end + 1
}
