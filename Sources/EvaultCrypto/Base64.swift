import CSodium

/// Standard-alphabet base64 (RFC 4648) over libsodium's constant-time
/// `sodium_bin2base64` / `sodium_base642bin`. Decoding is strict: no ignored
/// characters, no trailing data, and non-zero trailing bits are rejected, so
/// every byte string has exactly one accepted encoding (age needs that).
public enum Base64 {
    /// The encoded length of `count` bytes.
    public static func encodedLength(_ count: Int, padded: Bool) -> Int {
        padded ? (count + 2) / 3 * 4 : (count * 4 + 2) / 3
    }

    /// Encodes `bytes` into `output`, which must hold `encodedLength(bytes.count, padded:)`
    /// bytes. Returns the number of ASCII bytes written.
    @discardableResult
    public static func encode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, padded: Bool) -> Int {
        Sodium.ready()
        let length = encodedLength(bytes.count, padded: padded)
        precondition(output.count >= length)
        let variant = padded ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING
        let empty: UInt8 = 0
        if output.count > length {
            // Room for libsodium's terminating NUL: encode in place.
            withUnsafePointer(to: empty) { e in
                _ = sodium_bin2base64(output.baseAddress!.assumingMemoryBound(to: CChar.self), length + 1,
                                      bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? e, bytes.count, variant)
            }
            return length
        }
        // libsodium writes a terminating NUL, so it needs one more byte than we expose.
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: length + 1, alignment: 1)
        defer { scratch.deallocate() }
        withUnsafePointer(to: empty) { e in
            _ = sodium_bin2base64(scratch.baseAddress!.assumingMemoryBound(to: CChar.self), length + 1,
                                  bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? e, bytes.count, variant)
        }
        output.copyMemory(from: UnsafeRawBufferPointer(rebasing: scratch[0..<length]))
        sodium_memzero(scratch.baseAddress!, length + 1)
        return length
    }

    /// Encodes public bytes as a string.
    public static func encode(_ bytes: [UInt8], padded: Bool = false) -> String {
        var out = [UInt8](repeating: 0, count: encodedLength(bytes.count, padded: padded))
        out.withUnsafeMutableBytes { o in
            bytes.withUnsafeBytes { b in _ = encode(b, into: o, padded: padded) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes canonical base64 from ASCII bytes into `output`; nil when the text is
    /// not exactly one canonical encoding or does not fit. Returns the decoded length.
    public static func decode(_ text: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, padded: Bool) -> Int? {
        Sodium.ready()
        if text.isEmpty { return 0 }
        // Reject early what libsodium would otherwise have to: lengths that cannot be canonical.
        if padded ? text.count % 4 != 0 : text.count % 4 == 1 { return nil }
        var written = 0
        var scratch: UInt8 = 0
        let rc = withUnsafeMutablePointer(to: &scratch) { s in
            sodium_base642bin(
                output.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? s, output.count,
                text.baseAddress!.assumingMemoryBound(to: CChar.self), text.count,
                nil, &written, nil,
                padded ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING)
        }
        return rc == 0 ? written : nil
    }

    /// Decodes canonical base64 text; nil when invalid.
    public static func decode(_ text: some StringProtocol, padded: Bool = false) -> [UInt8]? {
        let ascii = Array(text.utf8)
        var out = [UInt8](repeating: 0, count: ascii.count / 4 * 3 + 3)
        let n = out.withUnsafeMutableBytes { o in
            ascii.withUnsafeBytes { t in decode(t, into: o, padded: padded) }
        }
        guard let n else { return nil }
        out.removeSubrange(n...)
        return out
    }
}
