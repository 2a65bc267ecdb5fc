import EvaultCrypto

/// Bech32 (BIP 173, the original checksum, not Bech32m) as age uses it for
/// recipients ("age1…") and identities ("AGE-SECRET-KEY-1…"): any HRP, either
/// case but never mixed, and without BIP 173's 90-character limit.
public enum Bech32 {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

    /// Encodes `data` under `hrp`; the output has the case of `hrp`.
    /// `hrp` is chosen by code, never by input: it must be ASCII 33...126, one case.
    public static func encode(hrp: String, data: [UInt8]) -> String {
        var ascii = data.withUnsafeBytes { encodeASCII(hrp: hrp, data: $0) }
        defer { wipe(&ascii) }
        return String(decoding: ascii, as: UTF8.self)
    }

    /// Decodes a Bech32 string. The HRP is returned in the case it was written in,
    /// so callers can insist on the case age uses. `data` is a plain array: wipe it
    /// (`wipe(&data)`) when it holds a secret.
    public static func decode(_ s: String) throws -> (hrp: String, data: [UInt8]) {
        var ascii = Array(s.utf8)
        defer { wipe(&ascii) }
        let (hrp, secret) = try ascii.withUnsafeBytes { try decodeASCII($0) }
        return (hrp, secret.unsafeArray())
    }

    /// Encoding into a plain array the caller wipes (used for secret keys).
    static func encodeASCII(hrp: String, data: UnsafeRawBufferPointer) -> [UInt8] {
        let hrpBytes = Array(hrp.utf8)
        precondition(!hrpBytes.isEmpty && hrpBytes.allSatisfy { (33...126).contains($0) }, "invalid Bech32 HRP")
        let isLower = hrpBytes.allSatisfy { !isUpper($0) }
        precondition(isLower || hrpBytes.allSatisfy { !isLowerLetter($0) }, "mixed-case Bech32 HRP")
        let lowerHRP = hrpBytes.map(lowercased)

        var values = convertBits(data, from: 8, to: 5, pad: true) ?? []
        defer { wipe(&values) }
        var checked = hrpExpand(lowerHRP) + values + [0, 0, 0, 0, 0, 0]
        defer { wipe(&checked) }
        let mod = polymod(checked) ^ 1

        var out = lowerHRP
        out.reserveCapacity(lowerHRP.count + 1 + values.count + 6)
        out.append(UInt8(ascii: "1"))
        for v in values { out.append(charset[Int(v)]) }
        for i in 0..<6 { out.append(charset[Int((mod >> UInt32(5 * (5 - i))) & 31)]) }
        if !isLower {
            for i in out.indices { out[i] = uppercased(out[i]) }
        }
        return out
    }

    /// Decoding from ASCII bytes into secret storage (keys never pass through a String).
    static func decodeASCII(_ s: UnsafeRawBufferPointer) throws -> (hrp: String, data: SecureBytes) {
        guard s.allSatisfy({ (33...126).contains($0) }) else {
            throw AgeError.invalidKey("Bech32 string has a character outside printable ASCII")
        }
        if s.contains(where: isUpper), s.contains(where: isLowerLetter) {
            throw AgeError.invalidKey("Bech32 string mixes upper and lower case")
        }
        guard let pos = s.lastIndex(of: UInt8(ascii: "1")), pos >= 1, pos + 7 <= s.count else {
            throw AgeError.invalidKey("Bech32 separator is missing or misplaced")
        }
        let hrp = String(decoding: UnsafeRawBufferPointer(rebasing: s[0..<pos]), as: UTF8.self)
        var values = [UInt8]()
        values.reserveCapacity(s.count - pos - 1)
        defer { wipe(&values) }
        for c in s[(pos + 1)...] {
            guard let v = charset.firstIndex(of: lowercased(c)) else {
                throw AgeError.invalidKey("Bech32 data has a character outside the Bech32 alphabet")
            }
            values.append(UInt8(v))
        }
        var checked = hrpExpand(s[0..<pos].map(lowercased)) + values
        defer { wipe(&checked) }
        guard polymod(checked) == 1 else {
            throw AgeError.invalidKey("Bech32 checksum does not match")
        }
        var payload = values.withUnsafeBytes { v in
            convertBits(UnsafeRawBufferPointer(rebasing: v[0..<(v.count - 6)]), from: 5, to: 8, pad: false)
        }
        guard payload != nil else {
            throw AgeError.invalidKey("Bech32 data has non-zero or overlong padding")
        }
        defer { wipe(&payload!) }
        return (hrp, SecureBytes(copying: payload!))
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= generator[i] }
        }
        return chk
    }

    private static func hrpExpand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Regroups bits; without padding, leftover bits must be fewer than `from` and zero.
    private static func convertBits(_ data: UnsafeRawBufferPointer, from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var acc: UInt32 = 0
        var bits = 0
        var out = [UInt8]()
        out.reserveCapacity(data.count * from / to + 1)
        let maxv: UInt32 = (1 << UInt32(to)) - 1
        for b in data {
            acc = (acc << UInt32(from)) | UInt32(b)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> UInt32(bits)) & maxv))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << UInt32(to - bits)) & maxv)) }
        } else if bits >= from || (acc << UInt32(to - bits)) & maxv != 0 {
            wipe(&out)
            return nil
        }
        acc = 0
        return out
    }

    private static func isUpper(_ c: UInt8) -> Bool { (65...90).contains(c) }
    private static func isLowerLetter(_ c: UInt8) -> Bool { (97...122).contains(c) }
    private static func lowercased(_ c: UInt8) -> UInt8 { isUpper(c) ? c + 32 : c }
    private static func uppercased(_ c: UInt8) -> UInt8 { isLowerLetter(c) ? c - 32 : c }
}
