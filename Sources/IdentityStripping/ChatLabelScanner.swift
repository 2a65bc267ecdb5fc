/// Sender labels of chat exports: "[12:03] Дима: …", "12/03/2026, 14:22 - zarema: …",
/// "Mitya K: …". A label used on two lines or more, or one that carries name
/// evidence (a listed given name, a surname ending), is a person; its words are
/// then replaced wherever they stand in the text, lower case included.
struct ChatLabelScanner {
    let text: TokenizedText
    var out: [Candidate] = []
    private let s: [UInt32]
    private let tokens: [Token]

    init(text: TokenizedText) {
        self.text = text
        s = text.s
        tokens = text.tokens
    }

    /// Words that label a role or a field, not a person.
    private static let roles = Lexicon.set("""
    q a question answer interviewer interviewee journalist translator interpreter witness note notes source admin system you me
    subject date time from to cc bcc re fwd sent received update summary comment comments warning important attachment
    вопрос ответ журналист переводчик свидетель примечание тема дата время от кому я вы frage antwort question reponse
    mama papa mom dad мама папа
    """).union(Lexicon.relatives)

    private struct Label {
        var first: Int
        var last: Int
        /// The label follows a time stamp ("[12.04.2017 21:14] Name:"), as chat exports write them.
        var stamped: Bool
    }

    mutating func scan() {
        var labels: [Label] = []
        var counts: [UInt64: Int] = [:]
        var lineStart = 0
        let n = s.count
        while lineStart < n {
            if let label = label(at: lineStart) {
                labels.append(label)
                counts[key(label), default: 0] += 1
            }
            var p = lineStart
            while p < n, s[p] != 0x0A { p += 1 }
            lineStart = p + 1
        }
        guard !labels.isEmpty else { return }
        var names: [UInt64: String] = [:]
        // In a chat export (three stamped label lines, one sender twice) every sender label is a person.
        // Labels without time stamps ("Redakteurin:", "INT:") are people only with name evidence.
        let stamped = labels.filter(\.stamped)
        var stampedCounts: [UInt64: Int] = [:]
        for l in stamped { stampedCounts[key(l), default: 0] += 1 }
        let chatShaped = stamped.count >= 3 && stampedCounts.values.contains { $0 >= 2 }
        for l in labels {
            let k = key(l)
            let evidence = (l.first...l.last).contains { tokens[$0].has([.given, .surnameLike]) && !tokens[$0].has(.ambiguous) }
            guard l.stamped && ((counts[k] ?? 0) >= 2 || chatShaped) || evidence else { continue }
            let identity = (l.first...l.last).map { word($0) }.joined(separator: " ")
            out.append(Candidate(start: tokens[l.first].start, end: tokens[l.last].end, kind: .person, tier: Candidate.Tier.cuedPerson,
                                 identity: identity, firstToken: l.first, lastToken: l.last))
            for k in l.first...l.last where tokens[k].skeletonLength >= 3 { names[tokens[k].hash] = identity }
        }
        // The same words elsewhere, in any case: "дима сказал", "ask Mitya"; in a chat,
        // listed given names in lower case too ("rasul says", "хеда говорит").
        guard !names.isEmpty else { return }
        for (k, t) in tokens.enumerated() {
            let lowerGiven = chatShaped && !t.capitalized && t.has(.given) && !t.has([.ambiguous, .stopword]) && t.skeletonLength >= 4
            if lowerGiven && names[t.hash] == nil {
                out.append(Candidate(start: t.start, end: t.end, kind: .person, tier: Candidate.Tier.listedPerson,
                                     identity: word(k), firstToken: k, lastToken: k))
                continue
            }
            guard let id = names[t.hash] ?? (t.stem1 != 0 ? names[t.stem1] : nil), !t.has(.stopword) else { continue }
            out.append(Candidate(start: t.start, end: t.end, kind: .person, tier: Candidate.Tier.listedPerson,
                                 identity: id, firstToken: k, lastToken: k))
        }
    }

    private func key(_ l: Label) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for k in l.first...l.last { h = (h ^ tokens[k].hash) &* 0x100000001b3 }
        return h
    }

    private func word(_ k: Int) -> String {
        var str = String.UnicodeScalarView()
        for p in tokens[k].start..<tokens[k].end { if let u = Unicode.Scalar(s[p]) { str.append(u) } }
        return String(str)
    }

    /// One to three words after an optional time stamp, ending in ":" and followed by a space.
    private func label(at lineStart: Int) -> Label? {
        var p = lineStart
        let n = s.count
        // Time stamps and brackets: "[12:03]", "12/03/2026, 14:22 -", "- ".
        while p < n, p - lineStart < 32 {
            let c = s[p]
            if NameNormalizer.isDigit(c) || c == 0x20 || c == 0x09 || c == 0x5B || c == 0x5D || c == 0x2E || c == 0x2F || c == 0x2C
                || c == 0x2D || c == 0x2013 || c == 0x2014 || c == 0x3A && p > lineStart && NameNormalizer.isDigit(s[p - 1]) { p += 1; continue }
            // "AM"/"PM" after a time.
            if (c == 0x41 || c == 0x50), p + 1 < n, s[p + 1] == 0x4D, p > lineStart, s[p - 1] == 0x20 || NameNormalizer.isDigit(s[p - 1]),
               p + 2 < n, !NameNormalizer.isLetter(s[p + 2]) { p += 2; continue }
            break
        }
        guard p < n, NameNormalizer.isLetter(s[p]) else { return nil }
        let stamped = (lineStart..<p).contains { NameNormalizer.isDigit(s[$0]) }
        let first = text.tokenIndex(atOrAfter: p)
        guard first < tokens.count, tokens[first].start == p else { return nil }
        var last = first
        while last - first < 2, last + 1 < tokens.count {
            let gap = s[tokens[last].end..<tokens[last + 1].start]
            guard gap.count == 1, gap.first == 0x20 || gap.first == 0x2E || gap.first == 0x5F || TokenizedText.isHyphen(gap.first ?? 0) else { break }
            last += 1
        }
        // The label ends at the first word followed by ":" and a space.
        var end = first
        while end <= last {
            let e = tokens[end].end
            if e + 1 < n, s[e] == 0x3A, s[e + 1] == 0x20 || s[e + 1] == 0x0A { break }
            // "Mareike B.: …": an initial closing the label.
            if e + 2 < n, s[e] == 0x2E, s[e + 1] == 0x3A, s[e + 2] == 0x20, tokens[end].length == 1 { break }
            end += 1
        }
        guard end <= last else { return nil }
        for k in first...end {
            let t = tokens[k]
            if t.has([.stopword, .formField, .title, .documentCue]) || Self.roles.contains(t.hash) { return nil }
        }
        return Label(first: first, last: end, stamped: stamped)
    }
}
