/// Initials alone standing for a declared person: "R. K.:", "Р.К. сказал",
/// "per R.K.", or a speaker label "RK:" at the start of a line. Two or three
/// initials that are the initials of one declared name (in any order) are
/// replaced wherever they stand: recall first (documented in docs/STRIPPING.md).
enum InitialsScanner {
    static func matches(in text: TokenizedText, initials: [[UInt8]: Int]) -> [NameTable.Match] {
        guard !initials.isEmpty else { return [] }
        let tokens = text.tokens
        let s = text.s
        var out: [NameTable.Match] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if text.isInitial(t) {
                var j = i
                while j + 1 < tokens.count, j - i < 2, text.isInitial(tokens[j + 1]), text.nameGap(tokens[j], tokens[j + 1]),
                      !s[tokens[j].end..<tokens[j + 1].start].contains(0x0A) {
                    j += 1
                }
                if j > i || quoted(t, s), let id = initials[(i...j).map { tokens[$0].firstByte }.sorted()] {
                    out.append(NameTable.Match(firstToken: i, lastToken: j, start: t.start, end: tokens[j].end + 1, identity: id))
                }
                i = j + 1
                continue
            }
            // "RK:" as a speaker label.
            if t.allCaps, t.length >= 2, t.length <= 3, t.end < s.count, s[t.end] == 0x3A, atLineStart(t.start, s) {
                let letters = (t.start..<t.end).map { NameNormalizer.skeleton([s[$0]]).first ?? 0 }.sorted()
                if let id = initials[letters] {
                    out.append(NameTable.Match(firstToken: i, lastToken: i, start: t.start, end: t.end, identity: id))
                }
            }
            i += 1
        }
        return out
    }

    /// A lone initial that is all a quotation holds: "E.", «Э.», 'E.'.
    private static func quoted(_ t: Token, _ s: [UInt32]) -> Bool {
        let quotes: Set<UInt32> = [0x22, 0x27, 0xAB, 0xBB, 0x201C, 0x201D, 0x201E, 0x2018, 0x2019]
        guard t.start > 0, t.end + 1 < s.count, t.length == 1 else { return false }
        return quotes.contains(s[t.start - 1]) && quotes.contains(s[t.end + 1])
    }

    private static func atLineStart(_ p: Int, _ s: [UInt32]) -> Bool {
        var k = p
        while k > 0, s[k - 1] == 0x20 || s[k - 1] == 0x09 || s[k - 1] == 0x5B { k -= 1 }
        return k == 0 || s[k - 1] == 0x0A
    }
}
