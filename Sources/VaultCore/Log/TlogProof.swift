import EvaultCrypto

/// A `c2sp.org/tlog-proof@v1` file: an optional `extra` line (base64 of
/// application data), the leaf index, the inclusion proof hashes (base64, one
/// per line), a blank line, and the signed checkpoint.
public struct TlogProof: Equatable, Sendable {
    public static let header = "c2sp.org/tlog-proof@v1"
    public var extra: [UInt8]?
    public var index: Int
    public var hashes: [Merkle.Hash]
    /// The signed checkpoint note, verbatim.
    public var checkpoint: String

    public init(extra: [UInt8]?, index: Int, hashes: [Merkle.Hash], checkpoint: String) {
        self.extra = extra
        self.index = index
        self.hashes = hashes
        self.checkpoint = checkpoint
    }

    public var text: String {
        var out = TlogProof.header + "\n"
        if let extra { out += "extra " + Base64.encode(extra, padded: true) + "\n" }
        out += "index \(index)\n"
        for h in hashes { out += Base64.encode(h, padded: true) + "\n" }
        return out + "\n" + checkpoint
    }

    public init?(text: String) {
        guard let blank = text.range(of: "\n\n") else { return nil }
        var lines = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.popFirst() == Substring(TlogProof.header) else { return nil }
        if let first = lines.first, first.hasPrefix("extra ") {
            guard let e = Base64.decode(first.dropFirst(6), padded: true) else { return nil }
            extra = e
            lines = lines.dropFirst()
        } else {
            extra = nil
        }
        guard let indexLine = lines.popFirst(), indexLine.hasPrefix("index "),
              let i = Int(indexLine.dropFirst(6)), i >= 0 else { return nil }
        index = i
        var hs: [Merkle.Hash] = []
        for line in lines {
            guard let h = Base64.decode(line, padded: true), h.count == 32 else { return nil }
            hs.append(h)
        }
        hashes = hs
        checkpoint = String(text[blank.upperBound...])
    }
}
