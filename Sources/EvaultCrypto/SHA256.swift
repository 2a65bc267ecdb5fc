import Crypto

/// Streaming SHA-256, the user-facing integrity hash (what `sha256sum` prints).
///
/// Backed by swift-crypto rather than libsodium: BoringSSL's assembly (SHA-NI or
/// AVX2) is several times faster than libsodium's portable C, and SHA-256 sits on
/// the seal hot path for every byte of evidence. `make bench` measures both.
public struct SHA256Hasher {
    private var inner = Crypto.SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: bytes)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { inner.update(bufferPointer: $0) }
    }

    public func finalize() -> SHA256Digest {
        SHA256Digest(bytes: Array(inner.finalize()))
    }

    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        var h = SHA256Hasher()
        h.update(bytes)
        return h.finalize()
    }
}

/// A SHA-256 digest; prints as the lowercase hex `sha256sum` shows.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses 64 hex digits (either case).
    public init?(hex: String) {
        guard let b = Hex.decode(hex), b.count == 32 else { return nil }
        bytes = b
    }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }
}

/// Lowercase hexadecimal, for digests and ids.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = value(chars[i]), let lo = value(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
