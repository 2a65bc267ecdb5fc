/// Identifiers recognised by their shape alone: vehicle plates (Russian with
/// Cyrillic or Latin lookalike letters, Ukrainian, French), crypto wallet
/// addresses, VINs (check digit, or after "VIN"), MAC addresses, passport MRZ
/// lines and court application numbers ("no. 51234/17"). One pass over the
/// scalars; each shape starts at an alphanumeric run.
struct ShapeScanner {
    let text: TokenizedText
    let disabled: Set<IdentifierKind>
    var out: [Candidate] = []
    private let s: [UInt32]

    init(text: TokenizedText, disabled: Set<IdentifierKind>) {
        self.text = text
        self.disabled = disabled
        s = text.s
    }

    @inline(__always) private static func isAsciiDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) private static func isAsciiLetter(_ c: UInt32) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    @inline(__always) private static func isRunChar(_ c: UInt32) -> Bool {
        isAsciiDigit(c) || isAsciiLetter(c) || (c >= 0x410 && c <= 0x44F) || c == 0x401 || c == 0x451
    }

    private mutating func emit(_ a: Int, _ b: Int, _ kind: IdentifierKind, tier: Int = Candidate.Tier.strong) {
        guard !disabled.contains(kind) else { return }
        out.append(Candidate(start: a, end: b, kind: kind, tier: tier, identity: ""))
    }

    mutating func scan() {
        let n = s.count
        var p = 0
        while p < n {
            let c = s[p]
            if !Self.isRunChar(c) { p += 1; continue }
            let start = p
            var e = p, digits = 0, upper = 0, lower = 0
            while e < n, Self.isRunChar(s[e]) {
                let d = s[e]
                if Self.isAsciiDigit(d) { digits += 1 } else if NameNormalizer.isUpper(d) { upper += 1 } else { lower += 1 }
                e += 1
            }
            let boundary = start == 0 || !(NameNormalizer.isLetter(s[start - 1]) || NameNormalizer.isDigit(s[start - 1]))
            var next = e
            if boundary && (digits > 0 || (e - start <= 2 && e < n && (s[e] == 0x20 || s[e] == 0x2D))) {
                if let end = plate(start) { next = max(next, end) }
                else if digits > 0, let end = wallet(start, e, digits: digits, upper: upper, lower: lower) { next = end }
                else if e - start == 17, let end = vin(start, e, digits: digits) { next = end }
                else if digits > 0 || e - start <= 2, let end = mac(start) { next = end }
                else if digits > 0, let end = applicationNumber(start, e) { next = end }
            }
            if boundary, e < n, s[e] == 0x3C, let end = mrz(start) { next = max(next, end) }
            p = next
        }
    }

    // MARK: vehicle plates

    /// Letters used on Russian plates, Cyrillic and their Latin lookalikes (either case).
    private static func plateLetter(_ c: UInt32) -> Bool {
        switch c | 0x20 {
        case 0x61, 0x62, 0x65, 0x6B, 0x6D, 0x68, 0x6F, 0x70, 0x63, 0x74, 0x79, 0x78: return true
        default: break
        }
        let lowerCyr = c >= 0x410 && c <= 0x42F ? c + 0x20 : c
        return [0x430, 0x432, 0x435, 0x43A, 0x43C, 0x43D, 0x43E, 0x440, 0x441, 0x442, 0x443, 0x445].contains(lowerCyr)
    }

    /// Matches `pattern` ("L" plate letter, "A" any letter, "D" digit, " " optional space or hyphen) at `p`.
    private func shape(_ p: Int, _ pattern: String, lettersAny: Bool = false) -> Int? {
        var r = p
        for ch in pattern.utf8 {
            switch ch {
            case 0x20:
                if r < s.count, s[r] == 0x20 || s[r] == 0x2D || s[r] == 0xA0 || s[r] == 0x7C { r += 1 }
            case 0x4C:
                guard r < s.count, lettersAny ? Self.isAsciiLetter(s[r]) : Self.plateLetter(s[r]) else { return nil }
                r += 1
            default:
                guard r < s.count, Self.isAsciiDigit(s[r]) else { return nil }
                r += 1
            }
        }
        return r
    }

    private func endsRun(_ r: Int) -> Bool { r >= s.count || !(NameNormalizer.isLetter(s[r]) || NameNormalizer.isDigit(s[r])) }

    /// "В456ОР 95", "b456op95", "А 123 ВС 777", Ukrainian "AA 1234 BB", French "AB-123-CD".
    private mutating func plate(_ p: Int) -> Int? {
        if let r = shape(p, "L DDD LL"), let withRegion = shape(r, " DDD") ?? shape(r, " DD") ?? (endsRun(r) && allUpper(p, r) ? r : nil),
           endsRun(withRegion) {
            emit(p, withRegion, .vehicle, tier: Candidate.Tier.cued)
            return withRegion
        }
        if let r = shape(p, "LL DDDD LL"), endsRun(r) {
            emit(p, r, .vehicle, tier: Candidate.Tier.cued)
            return r
        }
        if let r = germanPlate(p) {
            emit(p, r, .vehicle, tier: Candidate.Tier.cued)
            return r
        }
        if let r = shapeStrict(p), endsRun(r) {
            emit(p, r, .vehicle, tier: Candidate.Tier.cued)
            return r
        }
        return nil
    }

    /// German plates: district (1-3 capitals), hyphen, 1-2 capitals, space, 1-4 digits, optional E or H ("K-AB 1234").
    private func germanPlate(_ p: Int) -> Int? {
        func capitals(_ a: Int, _ lo: Int, _ hi: Int) -> Int? {
            var r = a
            while r < s.count, r - a < hi, (s[r] >= 0x41 && s[r] <= 0x5A) || s[r] == 0xC4 || s[r] == 0xD6 || s[r] == 0xDC { r += 1 }
            return r - a >= lo ? r : nil
        }
        guard let a = capitals(p, 1, 3), a < s.count, s[a] == 0x2D, let b = capitals(a + 1, 1, 2), b + 1 < s.count, s[b] == 0x20,
              Self.isAsciiDigit(s[b + 1]) else { return nil }
        var r = b + 1
        while r < s.count, r - b <= 4, Self.isAsciiDigit(s[r]) { r += 1 }
        if r < s.count, s[r] == 0x45 || s[r] == 0x48 { r += 1 }
        return endsRun(r) ? r : nil
    }

    private func shapeStrict(_ p: Int) -> Int? {
        // French SIV needs its hyphens: "AB-123-CD".
        guard p + 9 <= s.count, s[p + 2] == 0x2D, s[p + 6] == 0x2D else { return nil }
        for k in [p, p + 1, p + 7, p + 8] where !Self.isAsciiLetter(s[k]) { return nil }
        for k in (p + 3)...(p + 5) where !Self.isAsciiDigit(s[k]) { return nil }
        return p + 9
    }

    private func allUpper(_ a: Int, _ b: Int) -> Bool {
        (a..<b).allSatisfy { !NameNormalizer.isLetter(s[$0]) || NameNormalizer.isUpper(s[$0]) }
    }

    // MARK: wallets

    private static func isBase58(_ c: UInt32) -> Bool {
        isAsciiDigit(c) && c != 0x30 || (isAsciiLetter(c) && c != 0x4F && c != 0x49 && c != 0x6C)
    }

    /// Bitcoin (legacy, P2SH, bech32), Ethereum (0x + 40 hex), Tron, Litecoin and similar base58 addresses.
    private mutating func wallet(_ a: Int, _ b: Int, digits: Int, upper: Int, lower: Int) -> Int? {
        let len = b - a
        guard len >= 25, len <= 95 else { return nil }
        let first = s[a]
        if len == 42, first == 0x30, s[a + 1] == 0x78 || s[a + 1] == 0x58,
           (a + 2..<b).allSatisfy({ PatternScanner.isHex(s[$0]) }) {
            emit(a, b, .wallet)
            return b
        }
        let lowerCased = (a..<b).map { s[$0] | 0x20 }
        if len >= 14, (lowerCased.starts(with: [0x62, 0x63, 0x31]) || lowerCased.starts(with: [0x74, 0x62, 0x31]) || lowerCased.starts(with: [0x6C, 0x74, 0x63, 0x31])),
           (upper == 0 || lower == 0) {
            emit(a, b, .wallet)
            return b
        }
        // Base58: mixed case and digits, 25-35 (Monero: 95) characters.
        guard (len <= 35 || len == 95), digits >= 2, upper >= 2, lower >= 2, (a..<b).allSatisfy({ Self.isBase58(s[$0]) }) else { return nil }
        emit(a, b, .wallet)
        return b
    }

    // MARK: VIN

    private static func vinValue(_ c: UInt32) -> Int? {
        if isAsciiDigit(c) { return Int(c - 0x30) }
        let table: [Character: Int] = ["A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8, "J": 1, "K": 2, "L": 3, "M": 4, "N": 5,
                                       "P": 7, "R": 9, "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9]
        guard let u = Unicode.Scalar(c) else { return nil }
        return table[Character(u)]
    }

    static func vinCheckDigitValid(_ chars: [UInt32]) -> Bool {
        let weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
        var sum = 0
        for (k, c) in chars.enumerated() {
            guard let v = vinValue(c) else { return false }
            sum += v * weights[k]
        }
        let check = sum % 11
        return chars[8] == (check == 10 ? 0x58 : 0x30 + UInt32(check))
    }

    /// 17 characters without I, O, Q: the check digit (position 9) holds, or "VIN" stands before it.
    private mutating func vin(_ a: Int, _ b: Int, digits: Int) -> Int? {
        let chars = (a..<b).map { s[$0] }
        guard digits >= 3, digits < 17, chars.allSatisfy({ Self.isAsciiDigit($0) || ($0 >= 0x41 && $0 <= 0x5A && $0 != 0x49 && $0 != 0x4F && $0 != 0x51) })
        else { return nil }
        guard Self.vinCheckDigitValid(chars) || text.cueBefore(a, window: 20, cues: .documentCue) || vinCue(a) else { return nil }
        emit(a, b, .vin)
        return b
    }

    private func vinCue(_ a: Int) -> Bool {
        let k = text.tokenIndex(atOrAfter: a) - 1
        guard k >= 0 else { return false }
        return tokens(k).hash == NameNormalizer.skeletonHash("vin") || tokens(k).hash == NameNormalizer.skeletonHash("fin")
    }

    private func tokens(_ k: Int) -> Token { text.tokens[k] }

    // MARK: MAC

    /// "00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e".
    private mutating func mac(_ p: Int) -> Int? {
        let n = s.count
        if p + 17 <= n, s[p + 2] == 0x3A || s[p + 2] == 0x2D {
            let sep = s[p + 2]
            var ok = true
            for k in 0..<17 {
                let c = s[p + k]
                if k % 3 == 2 { if c != sep { ok = false; break } } else if !PatternScanner.isHex(c) { ok = false; break }
            }
            if ok, endsRun(p + 17), p + 17 >= n || s[p + 17] != sep {
                emit(p, p + 17, .mac)
                return p + 17
            }
        }
        if p + 14 <= n, s[p + 4] == 0x2E, s[p + 9] == 0x2E {
            var ok = true
            for k in 0..<14 where k != 4 && k != 9 && !PatternScanner.isHex(s[p + k]) { ok = false; break }
            if ok, endsRun(p + 14) {
                emit(p, p + 14, .mac)
                return p + 14
            }
        }
        return nil
    }

    // MARK: application and case numbers

    /// "51234/17", "12345/06": three to six digits, a slash, two digits (ECHR and similar registries).
    private mutating func applicationNumber(_ a: Int, _ b: Int) -> Int? {
        let len = b - a
        guard len >= 3, len <= 6, b + 3 <= s.count, s[b] == 0x2F, (a..<b).allSatisfy({ Self.isAsciiDigit(s[$0]) }),
              Self.isAsciiDigit(s[b + 1]), Self.isAsciiDigit(s[b + 2]), endsRun(b + 3) else { return nil }
        if a > 0, s[a - 1] == 0x2F || s[a - 1] == 0x2E { return nil }
        if b + 3 < s.count, s[b + 3] == 0x2F || (s[b + 3] == 0x2E && b + 4 < s.count && Self.isAsciiDigit(s[b + 4])) { return nil }
        // "2017/18" is a season or a school year.
        if len == 4, s[a] == 0x31 || s[a] == 0x32, s[a + 1] == 0x39 || s[a + 1] == 0x30 { return nil }
        emit(a, b + 3, .document, tier: Candidate.Tier.cued)
        return b + 3
    }

    // MARK: MRZ

    /// A machine-readable passport or ID line: 30, 36 or 44 characters of A-Z, 0-9 and "<", with "<<".
    private mutating func mrz(_ p: Int) -> Int? {
        var lineStart = p
        while lineStart > 0, s[lineStart - 1] != 0x0A { lineStart -= 1 }
        var r = lineStart
        while r < s.count, s[r] == 0x20 { r += 1 }
        let first = r
        var fillers = 0
        while r < s.count, s[r] != 0x0A, s[r] != 0x0D {
            let c = s[r]
            if c == 0x3C { fillers += 1 } else if !(Self.isAsciiDigit(c) || (c >= 0x41 && c <= 0x5A)) { break }
            r += 1
        }
        let length = r - first
        guard length >= 28, length <= 46, fillers >= 2, r >= s.count || s[r] == 0x0A || s[r] == 0x0D || s[r] == 0x20 else { return nil }
        emit(first, r, .document, tier: Candidate.Tier.cued)
        return r
    }
}
