import CSodium

/// ChaCha20-Poly1305 (IETF, RFC 8439) over libsodium.
public enum ChaCha20Poly1305 {
    public static let keyLength = 32
    public static let nonceLength = 12
    public static let tagLength = 16

    /// Encrypts `plaintext`, returning ciphertext followed by the 16-byte tag.
    public static func seal(key: SecureBytes, nonce: [UInt8], plaintext: [UInt8]) throws -> [UInt8] {
        try check(key: key, nonce: nonce)
        var out = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        out.withUnsafeMutableBytes { o in
            plaintext.withUnsafeBytes { p in
                nonce.withUnsafeBytes { n in
                    _ = sealInPlace(key: key, nonce: n, input: p, output: o)
                }
            }
        }
        return out
    }

    /// Decrypts and authenticates `ciphertext` (with its trailing tag).
    public static func open(key: SecureBytes, nonce: [UInt8], ciphertext: [UInt8]) throws -> [UInt8] {
        try check(key: key, nonce: nonce)
        guard ciphertext.count >= tagLength else { throw CryptoError.authenticationFailed }
        var out = [UInt8](repeating: 0, count: ciphertext.count - tagLength)
        let ok = out.withUnsafeMutableBytes { o in
            ciphertext.withUnsafeBytes { c in
                nonce.withUnsafeBytes { n in openInPlace(key: key, nonce: n, input: c, output: o) }
            }
        }
        guard ok else { throw CryptoError.authenticationFailed }
        return out
    }

    /// Buffer form for streaming: `output` must hold `input.count + tagLength` bytes.
    /// Returns the number of bytes written.
    @discardableResult
    public static func sealInPlace(key: SecureBytes, nonce: UnsafeRawBufferPointer,
                                   input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> Int {
        Sodium.ready()
        precondition(nonce.count == nonceLength && output.count >= input.count + tagLength)
        var written: UInt64 = 0
        key.withUnsafeBytes { k in
            _ = crypto_aead_chacha20poly1305_ietf_encrypt(
                output.baseAddress!.assumingMemoryBound(to: UInt8.self), &written,
                input.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(input.count),
                nil, 0, nil,
                nonce.baseAddress!.assumingMemoryBound(to: UInt8.self),
                k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return Int(written)
    }

    /// Buffer form for streaming: `output` must hold `input.count - tagLength` bytes.
    /// Returns false, writing nothing usable, when authentication fails.
    public static func openInPlace(key: SecureBytes, nonce: UnsafeRawBufferPointer,
                                   input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> Bool {
        Sodium.ready()
        precondition(nonce.count == nonceLength)
        guard input.count >= tagLength, output.count >= input.count - tagLength else { return false }
        var written: UInt64 = 0
        let rc = key.withUnsafeBytes { k in
            crypto_aead_chacha20poly1305_ietf_decrypt(
                output.baseAddress?.assumingMemoryBound(to: UInt8.self), &written, nil,
                input.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(input.count),
                nil, 0,
                nonce.baseAddress!.assumingMemoryBound(to: UInt8.self),
                k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return rc == 0
    }

    private static func check(key: SecureBytes, nonce: [UInt8]) throws {
        guard key.count == keyLength else {
            throw CryptoError.invalidLength(what: "ChaCha20-Poly1305 key", expected: keyLength, got: key.count)
        }
        guard nonce.count == nonceLength else {
            throw CryptoError.invalidLength(what: "ChaCha20-Poly1305 nonce", expected: nonceLength, got: nonce.count)
        }
    }
}
