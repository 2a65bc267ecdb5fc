import CSodium

/// Secret bytes in memory that libsodium guards and locks, and that is zeroed
/// when the last reference goes away. Keys, passphrases and file keys live here,
/// never in `[UInt8]`, so they cannot be copied around and forgotten.
public final class SecureBytes: @unchecked Sendable {
    // @unchecked: the pointer is owned by this instance alone and only mutated
    // through `withUnsafeMutableBytes` by its creator before it is shared.
    private let pointer: UnsafeMutableRawPointer
    public let count: Int

    /// Zero-filled secret storage of `count` bytes.
    public init(count: Int) {
        Sodium.ready()
        // sodium_malloc(0) is allowed but returns a guard page; keep one byte instead.
        guard let p = sodium_malloc(max(count, 1)) else {
            // Out of locked memory is not recoverable for a secret store.
            fatalError("sodium_malloc failed: \(CryptoError.allocationFailed)")
        }
        sodium_memzero(p, max(count, 1))
        pointer = p
        self.count = count
    }

    /// Copies `bytes` into secret storage. The caller stays responsible for wiping its source.
    public convenience init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        self.init(count: bytes.count)
        let dest = pointer.assumingMemoryBound(to: UInt8.self)
        var i = 0
        for b in bytes { dest[i] = b; i += 1 }
    }

    /// Fresh random secret bytes.
    public static func random(count: Int) -> SecureBytes {
        let s = SecureBytes(count: count)
        s.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, $0.count) }
        return s
    }

    deinit {
        // sodium_free zeroes the region before releasing it.
        sodium_free(pointer)
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    public func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// Constant-time equality.
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBytes { a in
            other.withUnsafeBytes { b in sodium_memcmp(a.baseAddress!, b.baseAddress!, count) == 0 }
        }
    }

    /// A copy of a sub-range, still in secret storage.
    public func slice(_ range: Range<Int>) -> SecureBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        let out = SecureBytes(count: range.count)
        withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[range]))
            }
        }
        return out
    }

    /// Exposes the bytes as a regular array. Only for values that must leave secret
    /// storage to be encoded; the caller must wipe the result with `wipe(_:)`.
    public func unsafeArray() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}

/// Zeroes an array in place (used for transient copies of secrets, such as
/// a passphrase read from a file, before they are dropped).
public func wipe(_ bytes: inout [UInt8]) {
    Sodium.ready()
    bytes.withUnsafeMutableBytes { buf in
        if let base = buf.baseAddress { sodium_memzero(base, buf.count) }
    }
}

/// Constant-time comparison of two byte buffers (MACs, tags).
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    Sodium.ready()
    return a.withUnsafeBytes { x in
        b.withUnsafeBytes { y in
            x.count == y.count && (x.count == 0 || sodium_memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
        }
    }
}

/// Random public bytes (nonces, salts, identifiers).
public func randomBytes(_ count: Int) -> [UInt8] {
    Sodium.ready()
    var out = [UInt8](repeating: 0, count: count)
    if count > 0 { out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) } }
    return out
}

/// A uniform random integer in 0..<upperBound.
public func randomUniform(_ upperBound: UInt32) -> UInt32 {
    Sodium.ready()
    return randombytes_uniform(upperBound)
}
