import Foundation

/// Measures the stripper on a marked corpus: each note `NAME.txt` has a sidecar
/// `NAME.json` naming the declared identities, the keep list, the strings that
/// must disappear (by kind) and the words that must survive. See docs/STRIPPING.md.
public enum StrippingEvaluation {
    struct Sidecar: Decodable {
        var identities: [String]?
        var witness: String?
        var keep: [String]?
        var remove: [String: [String]]?
        var preserve: [String]?
    }

    /// Names the held-out corpus gives some kinds.
    static let kindAliases = ["undeclared": "person", "plate": "vehicle", "caseNumber": "document", "mrz": "document", "url": "handle"]

    public struct Tally: Sendable, CustomStringConvertible {
        public var total = 0
        public var surviving = 0
        public var rate: Double { total == 0 ? 0 : Double(surviving) / Double(total) }
        public var description: String { String(format: "%d of %d surviving (%.1f%%)", surviving, total, rate * 100) }
    }

    public struct EvaluationReport: Sendable, CustomStringConvertible {
        public var notes = 0
        public var bytes = 0
        /// Mentions of declared identities (listed forms plus every word of every
        /// declared name, in any case or script) still in the stripped text. Target 0.
        public var declared = Tally()
        public var detected: [IdentifierKind: Tally] = [:]
        public var undeclaredPersons = Tally()
        /// Words that had to survive (kept names, ordinary words) and were replaced.
        public var preserved = Tally()
        /// Replacements that touch no marked span (needless, or catches the marking missed).
        public var unmarkedReplacements = 0
        public var unmarkedExamples: [String] = []
        /// Surviving marked strings, for tuning (`kind: text` in note order).
        public var survivors: [String] = []
        /// TAB court texts: annotated PERSON DIRECT mentions wholly replaced.
        public var tabMentions: Tally?
        public var tabEntities: Tally?
        public var tabAllPersonMentions: Tally?
        /// TAB replacements that touch no annotated mention of any type (over-replacement).
        public var tabReplacements = 0
        public var tabUnannotatedReplacements = 0
        /// Annotated PERSON DIRECT mentions left (wholly or partly) in clear.
        public var tabMissedExamples: [String] = []
        /// TAB entity recall (every annotator's entity of any type counts once; it is
        /// protected when all its mentions of that identifier type are replaced).
        public var tabDirect: Tally?
        public var tabQuasi: Tally?
        public var tabLevel: StripLevel = .normal
        /// DIRECT mentions of any type left in clear (type: context).
        public var tabDirectMissed: [String] = []
        /// QUASI mentions left in clear (type: mention).
        public var tabQuasiMissed: [String] = []
        public var erDirect: Double { tabDirect.map { 1 - $0.rate } ?? 0 }
        public var erQuasi: Double { tabQuasi.map { 1 - $0.rate } ?? 0 }

        public var detectedTotal: Tally {
            var t = Tally()
            for v in detected.values { t.total += v.total; t.surviving += v.surviving }
            return t
        }

        public var description: String {
            var lines: [String] = []
            lines.append("Identity stripping evaluation: \(notes) notes, \(bytes) bytes")
            lines.append("  declared identities, any form:  \(declared)   (target 0)")
            lines.append("  detected identifiers:           \(detectedTotal)   (target <= 1%)")
            for kind in IdentifierKind.allCases where kind != .person {
                if let t = detected[kind], t.total > 0 { lines.append("    \(kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(t)") }
            }
            lines.append("  undeclared person names:        \(undeclaredPersons)   (target <= 10%)")
            lines.append("  kept/ordinary words replaced:   \(preserved.surviving) of \(preserved.total)")
            lines.append("  replacements outside marked spans: \(unmarkedReplacements)")
            if let m = tabMentions, let e = tabEntities {
                lines.append("  TAB (ECHR) PERSON DIRECT mentions replaced: \(m.total - m.surviving) of \(m.total) (\(String(format: "%.1f%%", (1 - m.rate) * 100)))")
                lines.append("  TAB (ECHR) PERSON DIRECT entities fully replaced: \(e.total - e.surviving) of \(e.total) (\(String(format: "%.1f%%", (1 - e.rate) * 100)))")
                if let a = tabAllPersonMentions {
                    lines.append("  TAB (ECHR) all PERSON mentions replaced: \(a.total - a.surviving) of \(a.total) (\(String(format: "%.1f%%", (1 - a.rate) * 100)))")
                }
                lines.append("  TAB (ECHR) replacements touching no annotated mention: \(tabUnannotatedReplacements) of \(tabReplacements)")
                if let d = tabDirect, let q = tabQuasi {
                    lines.append(String(format: "  TAB ER_di (level %@): %.3f  (%d of %d DIRECT entities protected)", tabLevel.rawValue, erDirect, d.total - d.surviving, d.total))
                    lines.append(String(format: "  TAB ER_qi (level %@): %.3f  (%d of %d QUASI entities protected)", tabLevel.rawValue, erQuasi, q.total - q.surviving, q.total))
                }
            } else {
                lines.append("  TAB sample: not found")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Evaluates every `*.txt` with a `*.json` sidecar in `corpusDirectory`; adds
    /// the TAB recall when `tabSample` (or `../shared/tab-sample/echr_test_sample.json`
    /// from the working directory or a parent of the corpus) exists.
    public static func evaluate(corpusDirectory: String, tabSample: String? = nil, level: StripLevel = .normal) throws -> EvaluationReport {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: corpusDirectory) else {
            throw StrippingError.corpusUnreadable("cannot list corpus directory")
        }
        var report = EvaluationReport()
        for name in names.sorted() where name.hasSuffix(".txt") {
            let base = String(name.dropLast(4))
            let txtPath = corpusDirectory + "/" + name
            let jsonPath = corpusDirectory + "/" + base + ".json"
            guard let text = try? String(contentsOfFile: txtPath, encoding: .utf8) else { throw StrippingError.corpusUnreadable("\(name) is not UTF-8 text") }
            guard let data = fm.contents(atPath: jsonPath) else { throw StrippingError.corpusUnreadable("\(base).json missing") }
            let sidecar: Sidecar
            do { sidecar = try JSONDecoder().decode(Sidecar.self, from: data) } catch { throw StrippingError.corpusUnreadable("\(base).json malformed") }
            try evaluateNote(base, text, sidecar, into: &report)
        }
        if let path = findTab(tabSample, corpusDirectory: corpusDirectory) { try evaluateTab(path, level: level, into: &report) }
        return report
    }

    static func findTab(_ explicit: String?, corpusDirectory: String) -> String? {
        let fm = FileManager.default
        if let explicit { return fm.fileExists(atPath: explicit) ? explicit : nil }
        let rel = "shared/tab-sample/echr_test_sample.json"
        if fm.fileExists(atPath: "../" + rel) { return "../" + rel }
        var dir = URL(fileURLWithPath: corpusDirectory).standardizedFileURL
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent(rel).path
            if fm.fileExists(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    static func options(_ sidecar: Sidecar) throws -> StripOptions {
        let declared = try (sidecar.identities ?? []).map { try DeclaredIdentity(parsing: $0) }
        let witness = try sidecar.witness.map { try DeclaredIdentity(parsing: $0) }
        return StripOptions(declared: declared, keep: sidecar.keep ?? [], witness: witness)
    }

    private static func evaluateNote(_ base: String, _ text: String, _ sidecar: Sidecar, into report: inout EvaluationReport) throws {
        let opts = try options(sidecar)
        let stripper = IdentityStripper(pseudonymizer: Pseudonymizer(key: PseudonymKey.random()), options: opts)
        var registry = PseudonymRegistry()
        let result = stripper.strip(text, registry: &registry)
        report.notes += 1
        report.bytes += text.utf8.count
        let input = text.unicodeScalars.map(\.value)
        let output = result.text.unicodeScalars.map(\.value)
        var marked: [Range<Int>] = []

        for (kindName, strings) in (sidecar.remove ?? [:]).sorted(by: { $0.key < $1.key }) {
            let kind: IdentifierKind? = kindName == "declared" ? nil : IdentifierKind(rawValue: Self.kindAliases[kindName] ?? kindName)
            if kindName != "declared" && kind == nil { throw StrippingError.corpusUnreadable("\(base).json: unknown kind \(kindName)") }
            for (index, str) in strings.enumerated() {
                let needle = str.unicodeScalars.map(\.value)
                let found = occurrences(of: needle, in: input)
                if found.isEmpty { throw StrippingError.corpusUnreadable("\(base).json: \(kindName)[\(index)] not in the note") }
                marked += found
                let left = occurrences(of: needle, in: output).count
                if left > 0 { report.survivors.append("\(base) \(kindName): \(str)") }
                switch kind {
                case nil:
                    report.declared.total += found.count
                    report.declared.surviving += left
                case .person?:
                    report.undeclaredPersons.total += found.count
                    report.undeclaredPersons.surviving += left
                case let k?:
                    report.detected[k, default: Tally()].total += found.count
                    report.detected[k, default: Tally()].surviving += left
                }
            }
        }
        // Every word of every declared name, in any spelling, anywhere in the output.
        let declaredWords = declaredWordSurvivors(opts, result.text)
        if declaredWords > 0 { report.survivors.append("\(base) declared word(s) in output: \(declaredWords)") }
        report.declared.surviving += declaredWords

        for (index, str) in (sidecar.preserve ?? []).enumerated() {
            let needle = str.unicodeScalars.map(\.value)
            let all = occurrences(of: needle, in: input)
            if all.isEmpty { throw StrippingError.corpusUnreadable("\(base).json: preserve[\(index)] not in the note") }
            // An occurrence inside a string marked for removal ("14 mars 1990") goes with it.
            let found = all.filter { r in !marked.contains { $0.overlaps(r) } }.count
            let left = min(found, occurrences(of: needle, in: output).count)
            report.preserved.total += found
            if left < found { report.preserved.surviving += found - left; report.survivors.append("\(base) lost: \(str)") }
        }
        for r in result.replacements where !marked.contains(where: { $0.overlaps(r.start..<r.end) }) {
            report.unmarkedReplacements += 1
            if report.unmarkedExamples.count < 60 {
                let s = String(String.UnicodeScalarView(input[r.start..<r.end].compactMap(Unicode.Scalar.init)))
                report.unmarkedExamples.append("\(base) \(r.kind.rawValue): \(s)")
            }
        }
    }

    /// Words of declared names found in `output` outside kept phrases.
    static func declaredWordSurvivors(_ opts: StripOptions, _ output: String) -> Int {
        var table = NameTable()
        for d in (opts.witness.map { [$0] } ?? []) + opts.declared {
            let id = table.addIdentity()
            for phrase in [d.name] + d.aliases {
                for w in NameNormalizer.words(of: phrase) where w.scalarCount > 1 && !Lexicon.particles.contains(NameNormalizer.hash(w.skeleton)) {
                    table.add(word: w, identity: id, standalone: true, needsCapital: DeclaredTable.isCommonWord(NameNormalizer.hash(w.skeleton)))
                }
            }
        }
        var keep = NameTable()
        for phrase in opts.keep {
            let id = keep.addIdentity()
            for w in NameNormalizer.words(of: phrase) { keep.add(word: w, identity: id, standalone: true) }
        }
        let text = TokenizedText(output)
        let kept = keep.matches(in: text)
        var count = 0
        for (k, t) in text.tokens.enumerated() {
            guard let entries = table.lookup(t) else { continue }
            // A declared name that is also a word ("said", "вера") is a name only where it stands as one (docs/STRIPPING.md).
            if entries.allSatisfy(\.needsCapital) && !(t.capitalized || t.allCaps || text.namePosition(k)) { continue }
            if kept.contains(where: { $0.firstToken <= k && k <= $0.lastToken }) { continue }
            count += 1
        }
        return count
    }

    static func occurrences(of needle: [UInt32], in hay: [UInt32]) -> [Range<Int>] {
        guard !needle.isEmpty, needle.count <= hay.count else { return [] }
        var out: [Range<Int>] = []
        let first = needle[0]
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == first && Array(hay[i..<(i + needle.count)]) == needle {
                let beforeOK = i == 0 || !PatternScanner.isAlnum(hay[i - 1]) || !PatternScanner.isAlnum(first)
                let endIndex = i + needle.count
                let afterOK = endIndex == hay.count || !PatternScanner.isAlnum(hay[endIndex]) || !PatternScanner.isAlnum(needle[needle.count - 1])
                if beforeOK && afterOK { out.append(i..<endIndex); i = endIndex; continue }
            }
            i += 1
        }
        return out
    }

    private static func evaluateTab(_ path: String, level: StripLevel, into report: inout EvaluationReport) throws {
        guard let data = FileManager.default.contents(atPath: path),
              let docs = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw StrippingError.corpusUnreadable("TAB sample malformed")
        }
        let stripper = IdentityStripper(pseudonymizer: Pseudonymizer(key: PseudonymKey.random()), options: StripOptions(level: level))
        var mentions = Tally(), entities = Tally(), all = Tally(), directER = Tally(), quasiER = Tally()
        var directMissed: [String] = [], quasiMissed: [String] = []
        var missed: [String] = []
        var replaced = 0, unannotated = 0
        for doc in docs {
            guard let text = doc["text"] as? String, let annotations = doc["annotations"] as? [String: Any] else { continue }
            var registry = PseudonymRegistry()
            let result = stripper.strip(text, registry: &registry)
            let scalars = text.unicodeScalars.map(\.value)
            var covered = [Bool](repeating: false, count: scalars.count + 1)
            for r in result.replacements { for k in r.start..<min(r.end, scalars.count) { covered[k] = true } }
            func isCovered(_ a: Int, _ b: Int) -> Bool {
                guard a >= 0, b <= scalars.count, a < b else { return true }
                // Letters and digits must be replaced; spaces and punctuation may stay.
                return (a..<b).allSatisfy { covered[$0] || !PatternScanner.isAlnum(scalars[$0]) }
            }
            var annotated: [Range<Int>] = []
            for value in annotations.values {
                guard let a = value as? [String: Any], let list = a["entity_mentions"] as? [[String: Any]] else { continue }
                for m in list { if let s = m["start_offset"] as? Int, let e = m["end_offset"] as? Int, s < e { annotated.append(s..<e) } }
            }
            for r in result.replacements {
                replaced += 1
                if !annotated.contains(where: { $0.overlaps(r.start..<r.end) }) { unannotated += 1 }
            }
            var direct: [String: (Int, Int)] = [:]
            var anyPerson: [String: (Int, Int)] = [:]
            var entityOK: [String: Bool] = [:]
            for (annotator, value) in annotations {
                guard let a = value as? [String: Any], let list = a["entity_mentions"] as? [[String: Any]] else { continue }
                for m in list where (m["entity_type"] as? String) == "PERSON" {
                    guard let s = m["start_offset"] as? Int, let e = m["end_offset"] as? Int else { continue }
                    let key = "\(s):\(e)"
                    anyPerson[key] = (s, e)
                    if (m["identifier_type"] as? String) == "DIRECT" {
                        direct[key] = (s, e)
                        let entity = annotator + "/" + ((m["entity_id"] as? String) ?? key)
                        entityOK[entity] = (entityOK[entity] ?? true) && isCovered(s, e)
                    }
                }
            }
            for (_, (s, e)) in direct.sorted(by: { $0.value.0 < $1.value.0 }) {
                mentions.total += 1
                if !isCovered(s, e) {
                    mentions.surviving += 1
                    let a = max(0, s - 30), b = min(scalars.count, e + 30)
                    let context = String(String.UnicodeScalarView(scalars[a..<b].compactMap(Unicode.Scalar.init)))
                    missed.append(context.replacingOccurrences(of: "\n", with: " "))
                }
            }
            for (_, (s, e)) in anyPerson { all.total += 1; if !isCovered(s, e) { all.surviving += 1 } }
            for (_, ok) in entityOK { entities.total += 1; if !ok { entities.surviving += 1 } }
            // ER_di and ER_qi over every entity type.
            var protected: [String: Bool] = [:]
            for (annotator, value) in annotations {
                guard let a = value as? [String: Any], let list = a["entity_mentions"] as? [[String: Any]] else { continue }
                for m in list {
                    guard let type = m["identifier_type"] as? String, type == "DIRECT" || type == "QUASI",
                          let s = m["start_offset"] as? Int, let e = m["end_offset"] as? Int else { continue }
                    let entity = type + "|" + annotator + "/" + ((m["entity_id"] as? String) ?? "\(s):\(e)")
                    let ok = isCovered(s, e)
                    protected[entity] = (protected[entity] ?? true) && ok
                    if !ok && type == "QUASI" {
                        quasiMissed.append("\((m["entity_type"] as? String) ?? "?"): \((m["span_text"] as? String) ?? "")")
                    }
                    if !ok && type == "DIRECT" {
                        let context = String(String.UnicodeScalarView(scalars[max(0, s - 25)..<min(scalars.count, e + 15)].compactMap(Unicode.Scalar.init)))
                        directMissed.append("\((m["entity_type"] as? String) ?? "?"): \(context.replacingOccurrences(of: "\n", with: " "))")
                    }
                }
            }
            for (key, ok) in protected {
                if key.hasPrefix("DIRECT|") { directER.total += 1; if !ok { directER.surviving += 1 } }
                else { quasiER.total += 1; if !ok { quasiER.surviving += 1 } }
            }
        }
        report.tabDirect = directER
        report.tabQuasi = quasiER
        report.tabLevel = level
        report.tabDirectMissed = directMissed
        report.tabQuasiMissed = quasiMissed
        report.tabMentions = mentions
        report.tabEntities = entities
        report.tabAllPersonMentions = all
        report.tabMissedExamples = missed
        report.tabReplacements = replaced
        report.tabUnannotatedReplacements = unannotated
    }
}

/// The evaluation's printable figures (also reachable as `StrippingEvaluation.EvaluationReport`).
public typealias EvaluationReport = StrippingEvaluation.EvaluationReport
