/// Replaces declared identities, detected identifiers and undeclared names
/// with stable pseudonyms. Build one per set of options (it compiles the
/// declared and kept names into dictionaries) and strip many texts with it.
public struct IdentityStripper {
    private let pseudonymizer: Pseudonymizer
    private let options: StripOptions
    /// The witness (if any) first, then the declared identities, without duplicates.
    private let identities: [DeclaredIdentity]
    private let witnessIndex: Int?
    private let declaredTable: NameTable
    private let declaredInitials: [[UInt8]: Int]
    private let keepTable: NameTable

    public init(pseudonymizer: Pseudonymizer, options: StripOptions) {
        self.pseudonymizer = pseudonymizer
        self.options = options
        var list: [DeclaredIdentity] = []
        var seen = Set<String>()
        var witnessIndex: Int?
        if let w = options.witness {
            list.append(w)
            seen.insert(w.normalizedName)
            witnessIndex = 0
        }
        for d in options.declared where seen.insert(d.normalizedName).inserted { list.append(d) }
        identities = list
        self.witnessIndex = witnessIndex

        let compiled = DeclaredTable(list)
        declaredTable = compiled.table
        declaredInitials = compiled.initials

        var keep = NameTable()
        for phrase in options.keep {
            let words = NameNormalizer.words(of: phrase)
            guard !words.isEmpty else { continue }
            let id = keep.addIdentity()
            for w in words {
                let h = NameNormalizer.hash(w.skeleton)
                // A kept "Ramzan Kadyrov" keeps "Kadyrov" alone, but not every "Ramzan".
                let standalone = words.count == 1 || (!Lexicon.givenNames.contains(h) && !Lexicon.particles.contains(h) && w.scalarCount > 1)
                keep.add(word: w, identity: id, standalone: standalone)
            }
        }
        keepTable = keep
    }

    /// Texts are processed in pieces of at most this many UTF-8 bytes, cut at
    /// line breaks (token offsets are 32-bit).
    public static let maxPieceBytes = 1 << 30

    public func strip(_ text: String, registry: inout PseudonymRegistry) -> StripResult {
        strip(text, registry: &registry, maxPieceBytes: Self.maxPieceBytes)
    }

    /// Strips `text` in pieces of at most `maxPieceBytes` UTF-8 bytes (at least 1,024),
    /// cut after a line break where there is one. Offsets still refer to the whole input.
    public func strip(_ text: String, registry: inout PseudonymRegistry, maxPieceBytes: Int) -> StripResult {
        let limitBytes = max(1024, min(maxPieceBytes, Self.maxPieceBytes))
        guard text.utf8.count > limitBytes else { return stripPiece(text, registry: &registry) }
        var out = ""
        var replacements: [Replacement] = []
        var offset = 0
        var rest = Substring(text)
        while !rest.isEmpty {
            var cut = rest.endIndex
            if rest.utf8.count > limitBytes {
                cut = rest.utf8.index(rest.utf8.startIndex, offsetBy: limitBytes)
                // Back to a scalar boundary, then to just after the last line break.
                while cut > rest.startIndex && rest.utf8[cut] & 0xC0 == 0x80 { cut = rest.utf8.index(before: cut) }
                if let newline = rest.unicodeScalars[..<cut].lastIndex(of: "\n") { cut = rest.unicodeScalars.index(after: newline) }
                if cut == rest.startIndex { cut = rest.unicodeScalars.index(after: cut) }
            }
            let piece = String(rest.unicodeScalars[..<cut])
            let r = stripPiece(piece, registry: &registry)
            out += r.text
            replacements += r.replacements.map {
                Replacement(start: $0.start + offset, end: $0.end + offset, kind: $0.kind, pseudonym: $0.pseudonym, declared: $0.declared)
            }
            offset += piece.unicodeScalars.count
            rest = Substring(rest.unicodeScalars[cut...])
        }
        return StripResult(text: out, replacements: replacements)
    }

    private func stripPiece(_ text: String, registry: inout PseudonymRegistry) -> StripResult {
        let tokenized = TokenizedText(text)
        var candidates: [Candidate] = []

        var patterns = PatternScanner(text: tokenized, disabled: options.disabled)
        patterns.scan()
        candidates += patterns.out
        var shapes = ShapeScanner(text: tokenized, disabled: options.disabled)
        shapes.scan()
        candidates += shapes.out
        var cues = CueScanner(text: tokenized, disabled: options.disabled)
        cues.scan()
        candidates += cues.out
        for m in declaredTable.matches(in: tokenized) {
            candidates.append(Candidate(start: m.start, end: m.end, kind: .person, tier: Candidate.Tier.declared, identity: "",
                                        declared: m.identity, firstToken: m.firstToken, lastToken: m.lastToken))
        }
        for m in InitialsScanner.matches(in: tokenized, initials: declaredInitials) {
            candidates.append(Candidate(start: m.start, end: m.end, kind: .person, tier: Candidate.Tier.declared, identity: "",
                                        declared: m.identity, firstToken: m.firstToken, lastToken: m.lastToken))
        }
        for m in keepTable.matches(in: tokenized) {
            candidates.append(Candidate(start: m.start, end: m.end, kind: .person, tier: Candidate.Tier.declared, identity: "",
                                        keep: true, firstToken: m.firstToken, lastToken: m.lastToken))
        }
        if !options.disabled.contains(.person) {
            var people = PersonDetector(text: tokenized)
            people.scan()
            candidates += people.out
            var chat = ChatLabelScanner(text: tokenized)
            chat.scan()
            candidates += chat.out
        }

        if options.level == .strict {
            var quasi = QuasiScanner(text: tokenized, disabled: options.disabled)
            quasi.scan()
            candidates += quasi.out
        }

        var accepted = resolve(candidates, tokenized, people: PersonDetector(text: tokenized))
        Self.takeHyphenatedHalves(&accepted, tokenized)
        var replacements: [Replacement] = []
        replacements.reserveCapacity(accepted.count)
        var declaredCache: [Int: String] = [:]
        // Keyed by a hash of kind and span text, so repeated identifiers cost no string building.
        var detectedCache = U64Map<String>()
        for c in accepted {
            let pseudonym: String
            if c.declared >= 0 {
                if let p = declaredCache[c.declared] { pseudonym = p } else {
                    let hash = pseudonymizer.identityHash(identities[c.declared].normalizedName, kind: .person)
                    var p = pseudonymizer.pseudonym(hash: hash, kind: .person, registry: &registry)
                    if c.declared == witnessIndex { p = Pseudonymizer.witnessForm(of: p) }
                    declaredCache[c.declared] = p
                    pseudonym = p
                }
            } else {
                var key: UInt64 = 0xcbf29ce484222325
                for b in c.kind.rawValue.utf8 { key = (key ^ UInt64(b)) &* 0x100000001b3 }
                if c.identity.isEmpty {
                    for k in c.start..<c.end { key = (key ^ UInt64(tokenized.s[k]) ^ 0xFF00) &* 0x100000001b3 }
                } else {
                    for b in c.identity.utf8 { key = (key ^ UInt64(b)) &* 0x100000001b3 }
                }
                if let p = detectedCache[key] { pseudonym = p } else {
                    let identity = c.identity.isEmpty ? Self.text(tokenized.s, c.start, c.end) : c.identity
                    let p = pseudonymizer.pseudonym(for: identity, kind: c.kind, registry: &registry)
                    detectedCache[key] = p
                    pseudonym = p
                }
            }
            replacements.append(Replacement(start: c.start, end: c.end, kind: c.kind, pseudonym: pseudonym, declared: c.declared >= 0))
        }
        let rendered = Self.render(text, replacements)
        return StripResult(text: rendered, replacements: replacements)
    }

    /// Picks non-overlapping spans: lower tier first, longer first; a declared
    /// name beats an equally long kept one; name candidates that overlap a
    /// chosen span are trimmed to their free words rather than dropped.
    private func resolve(_ candidates: [Candidate], _ text: TokenizedText, people: PersonDetector) -> [Candidate] {
        let order = candidates.indices.sorted { a, b in
            let x = candidates[a], y = candidates[b]
            if x.tier != y.tier { return x.tier < y.tier }
            let lx = x.end - x.start, ly = y.end - y.start
            if lx != ly { return lx > ly }
            if x.keep != y.keep { return !x.keep }
            return x.start < y.start
        }
        // 0 free, 1 replaced, 2 kept.
        var used = [UInt8](repeating: 0, count: text.s.count + 1)
        var accepted: [Candidate] = []
        func isFree(_ a: Int, _ b: Int) -> Bool {
            var k = a
            while k < b { if used[k] != 0 { return false }; k += 1 }
            return true
        }
        for index in order {
            let c = candidates[index]
            guard c.end > c.start else { continue }
            if c.keep {
                for k in c.start..<c.end where used[k] == 0 { used[k] = 2 }
                continue
            }
            if isFree(c.start, c.end) {
                for k in c.start..<c.end { used[k] = 1 }
                accepted.append(c)
                continue
            }
            guard c.firstToken >= 0 else { continue }
            // Trim a name to its words that are still free.
            var runStart = -1
            func flush(_ last: Int) {
                guard runStart >= 0 else { return }
                var part = c
                part.firstToken = runStart
                part.lastToken = last
                part.start = text.tokens[runStart].start
                part.end = text.tokens[last].end
                // What is left of a detected name must still look like a name on its own.
                let words = (runStart...last).contains { k in
                    let t = text.tokens[k]
                    return t.length > 1 && !t.has([.title, .stopword]) && people.isNameEvidence(t)
                }
                if words || c.declared >= 0 {
                    for k in part.start..<part.end { used[k] = 1 }
                    accepted.append(part)
                }
                runStart = -1
            }
            for k in c.firstToken...c.lastToken {
                let t = text.tokens[k]
                if isFree(t.start, t.end) {
                    if runStart < 0 { runStart = k }
                } else {
                    flush(k - 1)
                }
            }
            flush(c.lastToken)
        }
        accepted.sort { $0.start < $1.start }
        return accepted
    }

    /// "Ахмед-Хан", "Dudaev-Umarov": a replaced name takes the capitalised other
    /// half of a hyphenated name, so no half is left behind.
    static func takeHyphenatedHalves(_ accepted: inout [Candidate], _ text: TokenizedText) {
        let s = text.s
        for k in accepted.indices where accepted[k].kind == .person {
            let c = accepted[k]
            let nextStart = k + 1 < accepted.count ? accepted[k + 1].start : s.count
            if c.end + 1 < nextStart, TokenizedText.isHyphen(s[c.end]), NameNormalizer.isUpper(s[c.end + 1]) {
                var e = c.end + 1
                while e < nextStart, NameNormalizer.isLetter(s[e]) { e += 1 }
                accepted[k].end = e
            }
            let previousEnd = k > 0 ? accepted[k - 1].end : 0
            if c.start - 2 >= previousEnd, TokenizedText.isHyphen(s[c.start - 1]), NameNormalizer.isLetter(s[c.start - 2]) {
                var b = c.start - 1
                while b > previousEnd, NameNormalizer.isLetter(s[b - 1]) { b -= 1 }
                if NameNormalizer.isUpper(s[b]) && NameNormalizer.isUpper(s[c.start]) { accepted[k].start = b }
            }
        }
    }

    static func text(_ s: [UInt32], _ a: Int, _ b: Int) -> String {
        var str = String.UnicodeScalarView()
        for k in a..<b { if let u = Unicode.Scalar(s[k]) { str.append(u) } }
        return String(str)
    }

    /// Copies the input's UTF-8, swapping each span (counted in scalars) for its pseudonym.
    static func render(_ text: String, _ replacements: [Replacement]) -> String {
        guard !replacements.isEmpty else { return text }
        var text = text
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + replacements.count * 8)
        text.withUTF8 { bytes in
            let n = bytes.count
            var scalar = 0
            var byte = 0
            // Advances `byte` to the start of scalar number `target`.
            func seek(_ target: Int) {
                while scalar < target && byte < n {
                    byte += 1
                    while byte < n && bytes[byte] & 0xC0 == 0x80 { byte += 1 }
                    scalar += 1
                }
            }
            for r in replacements {
                let from = byte
                seek(r.start)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<byte]))
                out.append(contentsOf: r.pseudonym.utf8)
                seek(r.end)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[byte..<n]))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
