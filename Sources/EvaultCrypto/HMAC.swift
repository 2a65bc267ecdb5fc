import CSodium

/// HMAC-SHA-256 (RFC 2104) over libsodium's `crypto_auth_hmacsha256` state API,
/// which accepts keys of any length (age keys HMAC with HKDF output).
public enum HMACSHA256 {
    public static let length = 32

    /// HMAC-SHA-256(key, message) as public bytes (a MAC).
    public static func authenticate(key: SecureBytes, message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                out.withUnsafeMutableBytes { o in mac(key: k, message: m, into: o) }
            }
        }
        return out
    }

    /// The core, on raw buffers, so secret inputs and outputs never pass through arrays.
    static func mac(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        Sodium.ready()
        var state = crypto_auth_hmacsha256_state()
        var empty: UInt8 = 0
        if let k = key.baseAddress, key.count > 0 {
            _ = crypto_auth_hmacsha256_init(&state, k.assumingMemoryBound(to: UInt8.self), key.count)
        } else {
            _ = crypto_auth_hmacsha256_init(&state, &empty, 0)
        }
        _ = crypto_auth_hmacsha256_update(&state, message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count))
        _ = crypto_auth_hmacsha256_final(&state, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size)
    }
}

/// HKDF-SHA-256 (RFC 5869), built from `HMACSHA256`.
public enum HKDF {
    /// Derives `length` secret bytes (at most 255 * 32) from `ikm`, `salt` and `info`.
    public static func deriveKey(inputKeyMaterial ikm: SecureBytes, salt: [UInt8], info: [UInt8], length: Int) -> SecureBytes {
        precondition(length <= 255 * HMACSHA256.length)
        // RFC 5869: an absent salt is HashLen zero bytes.
        let saltBytes = salt.isEmpty ? [UInt8](repeating: 0, count: HMACSHA256.length) : salt
        let prk = SecureBytes(count: HMACSHA256.length)
        prk.withUnsafeMutableBytes { p in
            ikm.withUnsafeBytes { i in
                saltBytes.withUnsafeBytes { s in HMACSHA256.mac(key: s, message: i, into: p) }
            }
        }
        let out = SecureBytes(count: length)
        // T(n) = HMAC(PRK, T(n-1) || info || n), kept in secret storage throughout.
        let block = SecureBytes(count: HMACSHA256.length + info.count + 1)
        let t = SecureBytes(count: HMACSHA256.length)
        var produced = 0
        var counter: UInt8 = 1
        while produced < length {
            let prefix = counter == 1 ? 0 : HMACSHA256.length
            block.withUnsafeMutableBytes { b in
                t.withUnsafeBytes { tb in
                    if prefix > 0 { b.copyMemory(from: tb) }
                }
                for (j, byte) in info.enumerated() { b[prefix + j] = byte }
                b[prefix + info.count] = counter
                let message = UnsafeRawBufferPointer(rebasing: b[0..<(prefix + info.count + 1)])
                prk.withUnsafeBytes { p in
                    t.withUnsafeMutableBytes { tb in HMACSHA256.mac(key: p, message: message, into: tb) }
                }
            }
            let n = min(HMACSHA256.length, length - produced)
            out.withUnsafeMutableBytes { o in
                t.withUnsafeBytes { tb in
                    UnsafeMutableRawBufferPointer(rebasing: o[produced..<(produced + n)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: tb[0..<n]))
                }
            }
            produced += n
            counter &+= 1
        }
        return out
    }
}
