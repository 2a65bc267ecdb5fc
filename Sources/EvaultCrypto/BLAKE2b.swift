import CSodium

/// BLAKE2b over libsodium's `crypto_generichash`: keyed for pseudonyms,
/// unkeyed 512-bit for minisign's pre-hashed signatures.
public final class BLAKE2b {
    public static let maxOutputLength = 64
    // libsodium's state is 64-byte aligned, which Swift imports as opaque:
    // keep it in an aligned allocation of our own.
    private let state: UnsafeMutableRawPointer
    private let stateSize: Int
    private let outputLength: Int

    /// A streaming hasher; `key` (16 to 64 bytes) makes it a keyed PRF.
    public init(outputLength: Int = 64, key: SecureBytes? = nil) {
        Sodium.ready()
        precondition((16...64).contains(outputLength))
        self.outputLength = outputLength
        stateSize = crypto_generichash_statebytes()
        state = UnsafeMutableRawPointer.allocate(byteCount: stateSize, alignment: 64)
        if let key {
            key.withUnsafeBytes { k in
                _ = crypto_generichash_init(OpaquePointer(state), k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count, outputLength)
            }
        } else {
            _ = crypto_generichash_init(OpaquePointer(state), nil, 0, outputLength)
        }
    }

    deinit {
        sodium_memzero(state, stateSize)
        state.deallocate()
    }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        _ = crypto_generichash_update(OpaquePointer(state), bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: outputLength)
        _ = crypto_generichash_final(OpaquePointer(state), &out, outputLength)
        return out
    }

    /// One-shot hash.
    public static func hash(_ message: [UInt8], outputLength: Int = 64, key: SecureBytes? = nil) -> [UInt8] {
        let h = BLAKE2b(outputLength: outputLength, key: key)
        h.update(message)
        return h.finalize()
    }
}
