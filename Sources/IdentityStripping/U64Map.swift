/// An open-addressing map from 64-bit word hashes to small values. The keys
/// are already good hashes, so a multiply-shift index replaces SipHash: one
/// probe per word of text is the stripper's inner loop.
struct U64Map<Value> {
    private var keys: [UInt64]
    private var values: [Value?]
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Value?](repeating: nil, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always) private static func key(_ k: UInt64) -> UInt64 { k == 0 ? 1 : k }

    @inline(__always) private func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0x9E3779B97F4A7C15) >> shift) }

    subscript(_ rawKey: UInt64) -> Value? {
        get {
            let k = Self.key(rawKey)
            let mask = keys.count - 1
            var i = slot(k)
            return keys.withUnsafeBufferPointer { ks in
                while true {
                    let stored = ks[i]
                    if stored == k { return values[i] }
                    if stored == 0 { return nil }
                    i = (i + 1) & mask
                }
            }
        }
        set {
            let k = Self.key(rawKey)
            if (count + 1) * 2 > keys.count { grow() }
            let mask = keys.count - 1
            var i = slot(k)
            while keys[i] != 0 && keys[i] != k { i = (i + 1) & mask }
            if keys[i] == 0 {
                // Deletion is never needed: the tables are built once.
                guard let v = newValue else { return }
                keys[i] = k
                values[i] = v
                count += 1
            } else if let v = newValue {
                values[i] = v
            }
        }
    }

    private mutating func grow() {
        var bigger = U64Map(capacity: keys.count)
        for (i, k) in keys.enumerated() where k != 0 { bigger[k] = values[i] }
        self = bigger
    }
}
extension U64Map: Sendable where Value: Sendable {}
