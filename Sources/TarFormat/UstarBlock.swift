/// The 512-byte header block of POSIX ustar (and its GNU variant): fixed
/// fields at fixed offsets, numbers in octal text, a checksum over the block.
enum UstarBlock {
    static let size = 512

    // (offset, length) of the fields this package reads or writes.
    static let name = (0, 100)
    static let mode = (100, 8)
    static let uid = (108, 8)
    static let gid = (116, 8)
    static let fileSize = (124, 12)
    static let mtime = (136, 12)
    static let checksum = (148, 8)
    static let typeflag = 156
    static let magic = (257, 6)
    static let version = (263, 2)
    static let devmajor = (329, 8)
    static let devminor = (337, 8)
    static let prefix = (345, 155)

    static let posixMagic: [UInt8] = Array("ustar\0".utf8)
    static let gnuMagic: [UInt8] = Array("ustar ".utf8)  // followed by " \0" as its version

    /// The largest value an octal field of `length` bytes holds (length - 1 digits and a NUL).
    static func maxOctal(_ length: Int) -> Int64 { (Int64(1) << (3 * Int64(length - 1))) - 1 }

    /// A POSIX ustar header. Numbers must fit their fields (the writer checks);
    /// owner and group are 0 with empty names.
    static func encode(name nameBytes: [UInt8], mode modeBits: UInt32, size dataSize: Int64, mtime seconds: Int64,
                       typeflag type: UInt8) -> [UInt8] {
        precondition(nameBytes.count <= name.1)
        var block = [UInt8](repeating: 0, count: size)
        block.replaceSubrange(0..<nameBytes.count, with: nameBytes)
        putOctal(Int64(modeBits), mode, into: &block)
        putOctal(0, uid, into: &block)
        putOctal(0, gid, into: &block)
        putOctal(dataSize, fileSize, into: &block)
        putOctal(seconds, mtime, into: &block)
        block[typeflag] = type
        block.replaceSubrange(magic.0..<(magic.0 + magic.1), with: posixMagic)
        block.replaceSubrange(version.0..<(version.0 + version.1), with: Array("00".utf8))
        putOctal(0, devmajor, into: &block)
        putOctal(0, devminor, into: &block)
        // The checksum is computed with its own field as spaces, then stored as
        // six octal digits, a NUL and a space (the historical layout).
        let digits = octalDigits(checksums(of: block).unsigned, count: 6)
        block.replaceSubrange(checksum.0..<(checksum.0 + checksum.1), with: digits + [0, 0x20])
        return block
    }

    private static func putOctal(_ value: Int64, _ field: (Int, Int), into block: inout [UInt8]) {
        let digits = octalDigits(value, count: field.1 - 1)
        block.replaceSubrange(field.0..<(field.0 + field.1), with: digits + [0])
    }

    private static func octalDigits(_ value: Int64, count: Int) -> [UInt8] {
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: count)
        var v = value
        var i = count - 1
        while v > 0 && i >= 0 {
            out[i] = UInt8(ascii: "0") + UInt8(v & 7)
            v >>= 3
            i -= 1
        }
        return out
    }

    /// Unsigned and signed sums of the block with the checksum field read as
    /// spaces; some old writers used the signed one, so readers accept either.
    static func checksums(of block: [UInt8]) -> (unsigned: Int64, signed: Int64) {
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for (i, b) in block.enumerated() {
            let v: UInt8 = (checksum.0..<(checksum.0 + checksum.1)).contains(i) ? 0x20 : b
            unsigned += Int64(v)
            signed += Int64(Int8(bitPattern: v))
        }
        return (unsigned, signed)
    }

    /// A numeric field: octal text (optionally space-padded, ending in NUL or
    /// space), or GNU base-256 (high bit of the first byte set) for values that
    /// do not fit. All-NUL or all-space fields read as 0. Nil if malformed.
    static func number(_ block: [UInt8], _ field: (Int, Int)) -> Int64? {
        let bytes = block[field.0..<(field.0 + field.1)]
        guard let first = bytes.first else { return nil }
        if first & 0x80 != 0 {
            // Base-256, big-endian; 0xFF marks a negative number, which no field we use may hold.
            guard first == 0x80 else { return nil }
            var value: Int64 = 0
            for b in bytes.dropFirst() {
                guard value <= (Int64.max >> 8) else { return nil }
                value = value << 8 | Int64(b)
            }
            return value
        }
        var i = bytes.startIndex
        while i < bytes.endIndex && bytes[i] == 0x20 { i += 1 }
        var value: Int64 = 0
        while i < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[i]) {
            guard value <= (Int64.max >> 3) else { return nil }
            value = value << 3 | Int64(bytes[i] - UInt8(ascii: "0"))
            i += 1
        }
        // After the digits only terminators may follow.
        while i < bytes.endIndex {
            guard bytes[i] == 0 || bytes[i] == 0x20 else { return nil }
            i += 1
        }
        return value
    }

    /// A NUL-terminated (or full-width) text field's bytes.
    static func text(_ block: [UInt8], _ field: (Int, Int)) -> ArraySlice<UInt8> {
        let bytes = block[field.0..<(field.0 + field.1)]
        if let nul = bytes.firstIndex(of: 0) { return bytes[bytes.startIndex..<nul] }
        return bytes
    }
}
