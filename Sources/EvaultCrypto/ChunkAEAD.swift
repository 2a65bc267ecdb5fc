// BoringSSL ships inside swift-crypto (already linked for SHA-256); its module is
// visible through the `Crypto` product. Only the AEAD interface below is used; its
// functions carry the `CCryptoBoringSSL_` prefix that swift-crypto gives every symbol.
import CCryptoBoringSSL

/// ChaCha20-Poly1305 (IETF, RFC 8439) for age's STREAM chunks, one key sealing or
/// opening many 64 KiB chunks, on any number of threads at once.
///
/// The same AEAD as `ChaCha20Poly1305` (libsodium), so the bytes are identical (the
/// tests compare both, and files with `age`). It runs on BoringSSL's combined
/// ChaCha20-Poly1305 assembly, which measured about 1.8x libsodium 1.0.18's
/// separate ChaCha20 and Poly1305 passes on this project's machines (`evault bench
/// --aead-megabytes`); encryption is most of sealing's and opening's CPU time.
/// The key sits in libsodium's locked memory (`SecureBytes`), inside the context.
public final class ChunkAEAD: @unchecked Sendable {
    // @unchecked: the context is written once in init; seal and open only read it
    // (BoringSSL takes it as `const`), so concurrent use is sound.
    private let storage: SecureBytes
    private let context: UnsafeMutablePointer<EVP_AEAD_CTX>

    /// `key` must be `ChaCha20Poly1305.keyLength` bytes (a STREAM payload key).
    public init(key: SecureBytes) {
        precondition(key.count == ChaCha20Poly1305.keyLength)
        storage = SecureBytes(count: MemoryLayout<EVP_AEAD_CTX>.stride)
        context = storage.withUnsafeMutableBytes { $0.baseAddress!.bindMemory(to: EVP_AEAD_CTX.self, capacity: 1) }
        CCryptoBoringSSL_EVP_AEAD_CTX_zero(context)
        let ok = key.withUnsafeBytes { k in
            CCryptoBoringSSL_EVP_AEAD_CTX_init(context, CCryptoBoringSSL_EVP_aead_chacha20_poly1305(), k.baseAddress?.assumingMemoryBound(to: UInt8.self),
                              k.count, ChaCha20Poly1305.tagLength, nil)
        }
        // Only a wrong key length fails, and the precondition above rules it out.
        precondition(ok == 1, "BoringSSL refused a 32-byte ChaCha20-Poly1305 key")
    }

    deinit {
        CCryptoBoringSSL_EVP_AEAD_CTX_cleanup(context)
        // `storage` zeroes the key when it goes.
    }

    /// Seals `input` into `output` (`input.count + tagLength` bytes; it may be the
    /// same memory as `input`, exactly). Returns the bytes written.
    @discardableResult
    public func seal(nonce: UnsafeRawBufferPointer, input: UnsafeRawBufferPointer,
                     output: UnsafeMutableRawBufferPointer) -> Int {
        precondition(nonce.count == ChaCha20Poly1305.nonceLength
                     && output.count >= input.count + ChaCha20Poly1305.tagLength)
        var written = 0
        // An empty chunk may have no address; any valid one will do for zero bytes.
        let inBase = input.baseAddress ?? UnsafeRawPointer(output.baseAddress!)
        let ok = CCryptoBoringSSL_EVP_AEAD_CTX_seal(context, output.baseAddress!.assumingMemoryBound(to: UInt8.self), &written, output.count,
                                   nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), nonce.count,
                                   inBase.assumingMemoryBound(to: UInt8.self), input.count, nil, 0)
        // Fails only for sizes checked above (or over 256 GiB in one call).
        precondition(ok == 1, "ChaCha20-Poly1305 seal failed")
        return written
    }

    /// Opens `input` (ciphertext and tag) into `output` (at least `input.count -
    /// tagLength` bytes, distinct memory). Returns false when it does not authenticate;
    /// `output` then holds nothing usable.
    public func open(nonce: UnsafeRawBufferPointer, input: UnsafeRawBufferPointer,
                     output: UnsafeMutableRawBufferPointer) -> Bool {
        precondition(nonce.count == ChaCha20Poly1305.nonceLength)
        guard input.count >= ChaCha20Poly1305.tagLength, output.count >= input.count - ChaCha20Poly1305.tagLength,
              let inBase = input.baseAddress else { return false }
        var written = 0
        // BoringSSL wants an address even for an empty plaintext.
        var empty: UInt8 = 0
        return withUnsafeMutablePointer(to: &empty) { spare in
            CCryptoBoringSSL_EVP_AEAD_CTX_open(context, output.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? spare, &written,
                              output.count, nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), nonce.count,
                              inBase.assumingMemoryBound(to: UInt8.self), input.count, nil, 0) == 1
        }
    }
}
