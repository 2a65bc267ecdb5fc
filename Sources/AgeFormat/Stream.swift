import EvaultCrypto

/// The age STREAM: the payload is cut into 64 KiB chunks, each sealed with
/// ChaCha20-Poly1305 under the payload key and a nonce made of an 11-byte
/// big-endian chunk counter and a last-chunk flag. The flag is what stops
/// truncation at a chunk boundary; the counter stops reordering.
struct StreamCipher: Sendable {
    static let chunkSize = 64 * 1024
    static let tagSize = ChaCha20Poly1305.tagLength
    static let encryptedChunkSize = chunkSize + tagSize
    /// The random nonce written before the payload, salting the payload key.
    static let payloadNonceSize = 16

    /// The payload key, ready for BoringSSL's ChaCha20-Poly1305 on every core.
    private let aead: ChunkAEAD

    /// Payload key = HKDF-SHA-256(ikm: file key, salt: payload nonce, info: "payload").
    init(fileKey: SecureBytes, payloadNonce: [UInt8]) {
        aead = ChunkAEAD(key: HKDF.deriveKey(inputKeyMaterial: fileKey, salt: payloadNonce, info: Array("payload".utf8),
                                             length: ChaCha20Poly1305.keyLength))
    }

    /// Runs `body` with the 12-byte chunk nonce on the stack: no allocation per chunk,
    /// and chunks can be sealed on several threads at once.
    private func withNonce<R>(chunk index: UInt64, last: Bool, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeTemporaryAllocation(byteCount: ChaCha20Poly1305.nonceLength, alignment: 1) { n in
            // Bytes 0...2 stay zero: a UInt64 counter cannot reach 2^64 chunks of 64 KiB.
            n.initializeMemory(as: UInt8.self, repeating: 0)
            for i in 0..<8 { n[3 + i] = UInt8(truncatingIfNeeded: index >> UInt64(8 * (7 - i))) }
            n[11] = last ? 1 : 0
            return body(UnsafeRawBufferPointer(n))
        }
    }

    /// Seals `input` (at most one chunk) into `output`, which holds `input.count + tagSize`
    /// bytes and may be the same memory. Returns the bytes written.
    func seal(chunk index: UInt64, last: Bool, input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> Int {
        withNonce(chunk: index, last: last) { n in
            aead.seal(nonce: n, input: input, output: output)
        }
    }

    /// Opens one encrypted chunk into `output` (distinct memory: libsodium zeroes the
    /// output on failure, and the caller may retry with the other flag).
    func open(chunk index: UInt64, last: Bool, input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> Bool {
        withNonce(chunk: index, last: last) { n in
            aead.open(nonce: n, input: input, output: output)
        }
    }
}

/// What one encrypted chunk turned out to be. Deciding it is a pure function of the
/// chunk's bytes, its index and whether more input follows, so the sequential and
/// the parallel readers share it and report exactly the same errors.
enum ChunkOutcome: Sendable {
    /// Authenticated, not the last: `length` plaintext bytes.
    case chunk(length: Int)
    /// The authenticated final chunk.
    case final(length: Int)
    /// Authenticated plaintext to release, then an error (trailing data, a cut stream).
    case chunkThenError(length: Int, error: AgeError)
    /// Nothing to release.
    case failure(AgeError)

    /// Opens chunk `index` (`count` bytes of `sealed`) into `output`. `moreFollows` is
    /// true when input continues after it, which makes it a non-final chunk.
    static func open(_ cipher: StreamCipher, index: UInt64, sealed: UnsafeRawBufferPointer, count: Int,
                     moreFollows: Bool, into output: UnsafeMutableRawBufferPointer) -> ChunkOutcome {
        let full = StreamCipher.encryptedChunkSize, tag = StreamCipher.tagSize
        func attempt(_ n: Int, last: Bool) -> Bool {
            cipher.open(chunk: index, last: last, input: UnsafeRawBufferPointer(rebasing: sealed[0..<n]), output: output)
        }
        if moreFollows {
            if attempt(full, last: false) { return .chunk(length: full - tag) }
            // A valid final chunk followed by bytes: release it, then fail.
            if attempt(full, last: true) { return .chunkThenError(length: full - tag, error: .trailingData) }
            return .failure(.payloadAuthenticationFailed)
        }
        // Input ended: this is the last chunk. Less than a tag: the final chunk is missing.
        guard count >= tag else { return .failure(.truncated) }
        // An empty final chunk is only valid when the whole payload is empty.
        if count == tag && index > 0 { return .failure(.payloadAuthenticationFailed) }
        if attempt(count, last: true) { return .final(length: count - tag) }
        // A full chunk not marked final, then the end: the stream was cut.
        if count == full && attempt(full, last: false) { return .chunkThenError(length: full - tag, error: .truncated) }
        return .failure(.payloadAuthenticationFailed)
    }
}

/// A page-aligned buffer that is zeroed before release, for chunk plaintext.
final class ChunkBuffer {
    let bytes: UnsafeMutableRawBufferPointer

    init(count: Int) {
        bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 64)
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
    }

    func zero() {
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        zero()
        bytes.deallocate()
    }
}
