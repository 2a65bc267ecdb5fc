/// Padmé padding (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files
/// and Communication with PURBs", PETS 2019): a length is rounded up so that only
/// its top O(log log L) bits remain, which hides all but about log log L bits of
/// the length at a cost of at most about 12% (much less for large files).
///
/// evault pads an entry's (and a bundle's) tar stream with zero bytes after the
/// end-of-archive marker, so tar readers stop before the padding.
enum Padme {
    /// The padded length of a stream of `length` bytes.
    static func paddedLength(_ length: Int64) -> Int64 {
        guard length > 2 else { return length }
        let e = 63 - length.leadingZeroBitCount          // floor(log2 L)
        let s = 64 - Int64(e).leadingZeroBitCount        // floor(log2 e) + 1
        let mask = (Int64(1) << (e - s)) - 1
        return (length + mask) & ~mask
    }

    /// The most padding a stream padded to `padded` bytes can carry: the mask of
    /// `padded` itself bounds the mask of any shorter length.
    static func maximumPadding(ofPaddedLength padded: Int64) -> Int64 {
        guard padded > 2 else { return 0 }
        let e = 63 - padded.leadingZeroBitCount
        let s = 64 - Int64(e).leadingZeroBitCount
        return (Int64(1) << (e - s)) - 1
    }

    /// Writes `count` zero bytes through `write`, a block at a time.
    static func writeZeros(_ count: Int64, to write: (UnsafeRawBufferPointer) throws -> Void) throws {
        let block = [UInt8](repeating: 0, count: 64 * 1024)
        var left = count
        try block.withUnsafeBytes { all in
            while left > 0 {
                let n = Int(min(Int64(all.count), left))
                try write(UnsafeRawBufferPointer(rebasing: all[0..<n]))
                left -= Int64(n)
            }
        }
    }
}

/// Counts the bytes of a tar stream on their way to the next writer.
final class CountingWriter {
    private(set) var count: Int64 = 0
    private let next: (UnsafeRawBufferPointer) throws -> Void

    init(_ next: @escaping (UnsafeRawBufferPointer) throws -> Void) { self.next = next }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try next(bytes)
        count += Int64(bytes.count)
    }

    /// Zero bytes up to the Padmé length of what was written so far.
    func padToPadme() throws {
        try Padme.writeZeros(Padme.paddedLength(count) - count, to: next)
    }
}
