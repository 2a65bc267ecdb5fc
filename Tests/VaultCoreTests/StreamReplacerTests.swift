import Testing
@testable import VaultCore

/// `member remove --reencrypt` replaces an entry's tag in a stream cut into pieces.
@Suite("StreamReplacer")
struct StreamReplacerTests {
    @Test("replaces a pattern wherever the pieces cut it, and nothing else", arguments: [1, 2, 3, 5, 7, 64])
    func acrossPieces(pieceSize: Int) {
        let old = Array("HMAC-SHA-256 aaaa\n".utf8), new = Array("HMAC-SHA-256 bbbb\n".utf8)
        let input = Array("xxHMAC-SHA-256 aa".utf8) + old + Array("yyHMAC".utf8)
        var r = StreamReplacer(old: old, new: new)
        var out: [UInt8] = []
        var i = 0
        while i < input.count {
            out += r.feed(input[i..<min(input.count, i + pieceSize)])
            i += pieceSize
        }
        out += r.finish()
        #expect(r.replaced == 1)
        #expect(out == Array("xxHMAC-SHA-256 aa".utf8) + new + Array("yyHMAC".utf8))
    }
}
