import Foundation
import Testing
import IdentityStripping

@Suite struct EvaluationTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus").path

    @Test func corpusHasNoDeclaredSurvivors() throws {
        let report = try StrippingEvaluation.evaluate(corpusDirectory: Self.corpus)
        print(report)
        for s in report.survivors { print("  survivor: \(s)") }
        for s in report.unmarkedExamples { print("  unmarked: \(s)") }
        for s in report.tabMissedExamples { print("  TAB missed: \(s)") }
        #expect(report.notes >= 40)
        #expect(report.declared.total > 0)
        #expect(report.declared.surviving == 0)
        #expect(report.detectedTotal.rate <= 0.01)
        #expect(report.undeclaredPersons.rate <= 0.05)
    }

    /// The second corpus (written independently, a development corpus since the
    /// second round of issue 9): 0 declared forms and the undeclared and
    /// undeclared target is asserted; identifiers and over-redaction miss their
    /// targets, so they are ratchets at the figure reached (docs/STRIPPING.md).
    @Test func heldOutTargets() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("HeldOut").path
        let report = try StrippingEvaluation.evaluate(corpusDirectory: dir)
        print(report)
        for s in report.survivors { print("  survivor: \(s)") }
        #expect(report.notes == 40)
        #expect(report.declared.total > 0)
        #expect(report.declared.surviving == 0)
        #expect(report.undeclaredPersons.rate <= 0.05)
        // 24 of 405 (5.9%): a ratchet; "de Gaulle" keeps lower-case articles as particles before words that are not places.
        #expect(report.preserved.surviving <= 24)
        #expect(report.detectedTotal.surviving <= 17)
    }

    /// The third corpus (Unseen/, 44 notes) was written by an evaluator who saw
    /// neither the stripper nor the other corpora, and is kept out of tuning:
    /// its figures are the honest measure, and miss the targets (docs/STRIPPING.md).
    /// This is a ratchet at the figures of its first run against the merged
    /// stripper, so nothing gets worse; it cannot assert the targets.
    @Test func unseenDoesNotRegress() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Unseen").path
        let report = try StrippingEvaluation.evaluate(corpusDirectory: dir)
        #expect(report.notes == 44)
        #expect(report.declared.total == 392)
        #expect(report.declared.surviving <= 12)
        #expect(report.detectedTotal.surviving <= 26)
        #expect(report.undeclaredPersons.surviving <= 27)
        #expect(report.preserved.surviving <= 22)
    }

    static var tabFound: Bool {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("shared/tab-sample/echr_test_sample.json").path) { return true }
            dir = dir.deletingLastPathComponent()
        }
        return false
    }

    @Test(.enabled(if: EvaluationTests.tabFound, "the TAB sample (shared/tab-sample) is not beside the repository"))
    func tabTargets() throws {
        let normal = try StrippingEvaluation.evaluate(corpusDirectory: Self.corpus, level: .normal)
        let strict = try StrippingEvaluation.evaluate(corpusDirectory: Self.corpus, level: .strict)
        try #require(normal.tabDirect != nil, "TAB sample not found (../shared/tab-sample)")
        #expect(normal.erDirect >= 0.98)
        #expect(strict.erQuasi >= 0.9)
    }

    @Test func benchmarkRuns() {
        let r = StrippingBenchmark.run(megabytes: 1, identities: 100, rounds: 1)
        print(r)
        #expect(r.bytes >= 1_000_000 && r.identities == 100 && r.replacements > 0)
    }
}

/// The benchmark (20 MB/s with 1,000 declared identities), run only on
/// request because it is a measurement, not a check:
/// `EVAULT_STRIP_BENCH=1 swift test -c release --filter fullBenchmark`.
@Suite struct StrippingBenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["EVAULT_STRIP_BENCH"] != nil))
    func fullBenchmark() {
        let r = StrippingBenchmark.run(megabytes: 16, identities: 1000)
        print(r)
        #expect(r.identities == 1000)
    }
}
