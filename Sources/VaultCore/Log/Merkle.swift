import EvaultCrypto

/// RFC 6962 (section 2.1) Merkle tree hashing, as RFC 9162 and the C2SP
/// transparency-log specifications use it: a leaf hashes as
/// SHA-256(0x00 || data), an interior node as SHA-256(0x01 || left || right),
/// and a tree of n leaves splits at the largest power of two below n.
public enum Merkle {
    public typealias Hash = [UInt8]

    public static func leafHash(_ data: [UInt8]) -> Hash {
        var h = SHA256Hasher()
        h.update([0])
        h.update(data)
        return h.finalize().bytes
    }

    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var h = SHA256Hasher()
        h.update([1])
        h.update(left)
        h.update(right)
        return h.finalize().bytes
    }

    /// The root of the empty tree: SHA-256 of nothing.
    public static var emptyRoot: Hash { SHA256Hasher.hash([]).bytes }

    /// The largest power of two strictly below `n` (n >= 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH over leaf hashes.
    public static func root(_ leaves: ArraySlice<Hash>) -> Hash {
        switch leaves.count {
        case 0: return emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            let k = split(leaves.count)
            let mid = leaves.startIndex + k
            return nodeHash(root(leaves[leaves.startIndex..<mid]), root(leaves[mid...]))
        }
    }

    public static func root(_ leaves: [Hash]) -> Hash { root(leaves[...]) }

    /// The audit path of leaf `index` in the tree over `leaves` (RFC 6962 PATH).
    public static func inclusionProof(index: Int, leaves: ArraySlice<Hash>) -> [Hash] {
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        let mid = leaves.startIndex + k
        if index < k {
            return inclusionProof(index: index, leaves: leaves[leaves.startIndex..<mid]) + [root(leaves[mid...])]
        }
        return inclusionProof(index: index - k, leaves: leaves[mid...]) + [root(leaves[leaves.startIndex..<mid])]
    }

    /// The consistency proof from the tree of the first `oldSize` leaves to the
    /// tree over all `leaves` (RFC 6962 PROOF).
    public static func consistencyProof(oldSize: Int, leaves: ArraySlice<Hash>) -> [Hash] {
        guard oldSize > 0, oldSize < leaves.count else { return [] }
        return subproof(oldSize, leaves, complete: true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<Hash>, complete: Bool) -> [Hash] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = split(n)
        let mid = leaves.startIndex + k
        if m <= k {
            return subproof(m, leaves[leaves.startIndex..<mid], complete: complete) + [root(leaves[mid...])]
        }
        return subproof(m - k, leaves[mid...], complete: false) + [root(leaves[leaves.startIndex..<mid])]
    }

    /// RFC 9162 section 2.1.3.2.
    public static func verifyInclusion(leaf: Hash, index: Int, size: Int, proof: [Hash], root: Hash) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index, sn = size - 1
        var r = leaf
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1; sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// RFC 9162 section 2.1.4.2: the tree of `newSize` leaves with root `newRoot`
    /// extends the tree of `oldSize` leaves with root `oldRoot`.
    public static func verifyConsistency(oldSize: Int, oldRoot: Hash, newSize: Int, newRoot: Hash, proof: [Hash]) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard let first = path.first else { return false }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = first, sr = first
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1; sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}

/// The right edge of a growing tree: the roots of its perfect subtrees, left
/// to right, so that appending a leaf and computing the root cost O(log n).
public struct MerkleAccumulator: Sendable {
    private var peaks: [(size: Int, hash: Merkle.Hash)] = []
    public private(set) var size = 0

    public init() {}

    /// Continues a tree from its frontier (the peaks, largest first), as the log cache keeps it.
    init?(peaks: [(size: Int, hash: Merkle.Hash)]) {
        var total = 0
        for (i, p) in peaks.enumerated() {
            // Peaks are distinct powers of two, strictly decreasing: the binary digits of the size.
            guard p.size > 0, p.size & (p.size - 1) == 0, p.hash.count == 32, i == 0 || p.size < peaks[i - 1].size else { return nil }
            total += p.size
        }
        self.peaks = peaks
        size = total
    }

    var frontier: [(size: Int, hash: Merkle.Hash)] { peaks }

    public mutating func append(_ leaf: Merkle.Hash) {
        var node = (size: 1, hash: leaf)
        while let last = peaks.last, last.size == node.size {
            peaks.removeLast()
            node = (size: last.size * 2, hash: Merkle.nodeHash(last.hash, node.hash))
        }
        peaks.append(node)
        size += 1
    }

    /// MTH of the leaves appended so far.
    public var root: Merkle.Hash {
        guard var r = peaks.last?.hash else { return Merkle.emptyRoot }
        for p in peaks.dropLast().reversed() { r = Merkle.nodeHash(p.hash, r) }
        return r
    }
}
