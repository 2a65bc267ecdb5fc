import CSodium

/// scrypt (RFC 7914) with r = 8, p = 1, as age uses it, over libsodium's
/// `crypto_pwhash_scryptsalsa208sha256_ll`.
public enum Scrypt {
    /// Derives `length` secret bytes from a passphrase with N = 2^logN.
    public static func deriveKey(passphrase: SecureBytes, salt: [UInt8], logN: Int, length: Int) throws -> SecureBytes {
        Sodium.ready()
        guard (1...30).contains(logN) else { throw CryptoError.scryptFailed }
        let out = SecureBytes(count: length)
        let rc = out.withUnsafeMutableBytes { o in
            passphrase.withUnsafeBytes { p in
                crypto_pwhash_scryptsalsa208sha256_ll(
                    p.baseAddress!.assumingMemoryBound(to: UInt8.self), p.count,
                    salt, salt.count,
                    UInt64(1) << UInt64(logN), 8, 1,
                    o.baseAddress!.assumingMemoryBound(to: UInt8.self), length)
            }
        }
        guard rc == 0 else { throw CryptoError.scryptFailed }
        return out
    }
}
