/// Spreads redacted text back over the runs it came from. The redactor only returns
/// new text, so a Myers diff finds what changed; a replacement lands in the run where
/// the replaced text began, so formatting of untouched runs is kept.
enum TextDiff {
    /// Bounds the work on pathological paragraphs; beyond it all text goes to the first run.
    static let maxEdits = 1000

    static func redistribute(original slots: [String], redacted: String) -> [String] {
        let pieces = slots.map { Array($0.unicodeScalars) }
        let a = pieces.flatMap { $0 }
        let b = Array(redacted.unicodeScalars)
        var slotOf = [Int]()
        slotOf.reserveCapacity(a.count)
        for (i, p) in pieces.enumerated() { slotOf += [Int](repeating: i, count: p.count) }
        guard !slots.isEmpty, let ops = diff(a, b) else {
            return [redacted] + [String](repeating: "", count: max(0, slots.count - 1))
        }
        var out = [String.UnicodeScalarView](repeating: String.UnicodeScalarView(), count: slots.count)
        for segment in merged(segments(ops, a, b), a) {
            switch segment {
            case .keep(let range):
                for i in range { out[slotOf[i]].append(a[i]) }
            case .change(let deleted, let inserted):
                // A replacement lands where the replaced text began.
                let target = deleted.isEmpty
                    ? (deleted.lowerBound > 0 ? slotOf[deleted.lowerBound - 1] : 0)
                    : slotOf[deleted.lowerBound]
                out[target].append(contentsOf: inserted)
            }
        }
        return out.map { String($0) }
    }

    private enum Segment {
        case keep(Range<Int>)
        case change(deleted: Range<Int>, inserted: [Unicode.Scalar])
    }

    private static func segments(_ ops: [Op], _ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> [Segment] {
        var out = [Segment]()
        var i = 0, j = 0, k = 0
        while k < ops.count {
            let start = i
            if ops[k] == .keep {
                while k < ops.count && ops[k] == .keep { i += 1; j += 1; k += 1 }
                out.append(.keep(start..<i))
                continue
            }
            var inserted = [Unicode.Scalar]()
            while k < ops.count && ops[k] != .keep {
                if ops[k] == .delete { i += 1 } else { inserted.append(b[j]); j += 1 }
                k += 1
            }
            out.append(.change(deleted: start..<i, inserted: inserted))
        }
        return out
    }

    /// Joins changes separated by a few kept characters ("Amira Haddad" -> "Person A"
    /// keeps the space and maybe an "a"), so one replacement stays in one run.
    private static func merged(_ segments: [Segment], _ a: [Unicode.Scalar]) -> [Segment] {
        var out = [Segment]()
        var k = 0
        while k < segments.count {
            guard case .change(var deleted, var inserted) = segments[k] else {
                out.append(segments[k]); k += 1; continue
            }
            while k + 2 < segments.count, case .keep(let gap) = segments[k + 1], gap.count <= 3,
                  case .change(let nextDeleted, let nextInserted) = segments[k + 2] {
                // The kept gap is re-inserted as part of the replacement.
                inserted += a[gap]
                inserted += nextInserted
                deleted = deleted.lowerBound..<nextDeleted.upperBound
                k += 2
            }
            out.append(.change(deleted: deleted, inserted: inserted))
            k += 1
        }
        return out
    }

    enum Op { case keep, delete, insert }

    /// Common prefix and suffix are kept as they are; the middle goes through Myers.
    static func diff(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> [Op]? {
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        guard let middle = myers(Array(a[prefix..<(a.count - suffix)]), Array(b[prefix..<(b.count - suffix)])) else { return nil }
        return [Op](repeating: .keep, count: prefix) + middle + [Op](repeating: .keep, count: suffix)
    }

    /// Bounds (N+M)*D, the diff's work, so a huge paragraph cannot stall cleaning.
    static let maxWork = 50_000_000

    /// Myers' O((N+M)D) diff; nil when more than `maxEdits` edits (or the work bound) are needed.
    private static func myers(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> [Op]? {
        let n = a.count, m = b.count
        let maxD = min(n + m, maxEdits, maxWork / max(1, n + m))
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace = [[Int]]()
        for d in 0...maxD {
            trace.append(v)
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { return backtrack(trace, n: n, m: m, offset: offset, last: v, d: d) }
                k += 2
            }
        }
        return nil
    }

    private static func backtrack(_ trace: [[Int]], n: Int, m: Int, offset: Int, last: [Int], d: Int) -> [Op] {
        var ops = [Op]()
        var x = n, y = m
        var d = d
        while d > 0 {
            let v = trace[d]
            let k = x - y
            let prevK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let prevX = v[offset + prevK]
            let prevY = prevX - prevK
            while x > prevX && y > prevY { ops.append(.keep); x -= 1; y -= 1 }
            ops.append(x == prevX ? .insert : .delete)
            x = prevX
            y = prevY
            d -= 1
        }
        while x > 0 && y > 0 { ops.append(.keep); x -= 1; y -= 1 }
        return ops.reversed()
    }
}
