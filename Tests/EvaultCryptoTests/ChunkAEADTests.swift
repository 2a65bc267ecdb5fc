import EvaultCrypto
import Testing

/// The STREAM chunk AEAD (BoringSSL) must be byte-for-byte the libsodium one: age
/// files written before and after the switch, and by `age`, read the same.
@Suite struct ChunkAEADTests {
    static let lengths = [0, 1, 15, 16, 17, 63, 64, 65, 1000, 4096, 65535, 65536]

    @Test(arguments: lengths)
    func sealsExactlyAsLibsodium(length: Int) throws {
        let key = SecureBytes.random(count: ChaCha20Poly1305.keyLength)
        let nonce = randomBytes(ChaCha20Poly1305.nonceLength)
        let plain = randomBytes(length)
        let expected = try ChaCha20Poly1305.seal(key: key, nonce: nonce, plaintext: plain)
        let aead = ChunkAEAD(key: key)
        var sealed = [UInt8](repeating: 0, count: length + ChaCha20Poly1305.tagLength)
        let written = sealed.withUnsafeMutableBytes { out in
            nonce.withUnsafeBytes { n in plain.withUnsafeBytes { p in aead.seal(nonce: n, input: p, output: out) } }
        }
        #expect(written == expected.count)
        #expect(sealed == expected)
        // And libsodium opens what BoringSSL sealed, and the other way round.
        #expect(try ChaCha20Poly1305.open(key: key, nonce: nonce, ciphertext: sealed) == plain)
        #expect(open(aead, nonce: nonce, expected) == plain)
    }

    @Test func sealsInPlace() {
        let key = SecureBytes.random(count: 32)
        let nonce = randomBytes(12)
        let plain = randomBytes(65536)
        let aead = ChunkAEAD(key: key)
        var buffer = plain + [UInt8](repeating: 0, count: 16)
        let separate = open(aead, nonce: nonce, seal(aead, nonce: nonce, plain))
        buffer.withUnsafeMutableBytes { b in
            nonce.withUnsafeBytes { n in
                _ = aead.seal(nonce: n, input: UnsafeRawBufferPointer(rebasing: b[0..<65536]), output: b)
            }
        }
        #expect(separate == plain)
        #expect(open(aead, nonce: nonce, buffer) == plain)
    }

    @Test func refusesEveryTamperedByteWrongNonceAndShortInput() {
        let key = SecureBytes.random(count: 32)
        let nonce = randomBytes(12)
        let aead = ChunkAEAD(key: key)
        let sealed = seal(aead, nonce: nonce, randomBytes(40))
        for i in sealed.indices {
            var bad = sealed
            bad[i] ^= 0x01
            #expect(open(aead, nonce: nonce, bad) == nil, "byte \(i) flipped")
        }
        var otherNonce = nonce
        otherNonce[11] ^= 1
        #expect(open(aead, nonce: otherNonce, sealed) == nil)
        #expect(open(ChunkAEAD(key: SecureBytes.random(count: 32)), nonce: nonce, sealed) == nil)
        #expect(open(aead, nonce: nonce, Array(sealed.prefix(15))) == nil)
        #expect(open(aead, nonce: nonce, []) == nil)
    }

    @Test func sealsFromManyThreadsAtOnce() async {
        let key = SecureBytes.random(count: 32)
        let aead = ChunkAEAD(key: key)
        let plain = randomBytes(65536)
        let results = await withTaskGroup(of: [UInt8].self) { group in
            for i in 0..<16 {
                group.addTask {
                    var nonce = [UInt8](repeating: 0, count: 12)
                    nonce[10] = UInt8(i)
                    return self.seal(aead, nonce: nonce, plain)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for sealed in results {
            let matches = (0..<16).filter { i in
                var nonce = [UInt8](repeating: 0, count: 12)
                nonce[10] = UInt8(i)
                return (try? ChaCha20Poly1305.seal(key: key, nonce: nonce, plaintext: plain)) == sealed
            }
            #expect(matches.count == 1)
        }
    }

    private func seal(_ aead: ChunkAEAD, nonce: [UInt8], _ plain: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: plain.count + 16)
        out.withUnsafeMutableBytes { o in
            nonce.withUnsafeBytes { n in plain.withUnsafeBytes { p in _ = aead.seal(nonce: n, input: p, output: o) } }
        }
        return out
    }

    private func open(_ aead: ChunkAEAD, nonce: [UInt8], _ sealed: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: max(0, sealed.count - 16))
        let ok = out.withUnsafeMutableBytes { o in
            nonce.withUnsafeBytes { n in sealed.withUnsafeBytes { s in aead.open(nonce: n, input: s, output: o) } }
        }
        return ok ? out : nil
    }
}
