import Foundation
import Testing
import IdentityStripping

/// The evaluation corpora are only as honest as their annotation: every
/// corpus must pass the one shared checker (check_corpus.py).
@Suite struct CorpusAnnotationTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    @Test(arguments: ["HeldOut", "Unseen", "Unseen2"])
    func annotationIsValid(_ corpus: String) throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else { try Skip.because("python3 is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.here.appendingPathComponent("check_corpus.py").path,
                             Self.here.appendingPathComponent(corpus).path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(corpus): \(text)")
        #expect(!text.contains("ERROR"))
    }

    /// The fourth corpus (Unseen2/, 46 notes) was written by an evaluator who saw
    /// neither the stripper nor the other corpora. A ratchet at the figures of its
    /// one run against main (cccb372), so nothing gets worse; the targets do not hold.
    @Test func unseen2DoesNotRegress() throws {
        let dir = Self.here.appendingPathComponent("Unseen2").path
        let report = try StrippingEvaluation.evaluate(corpusDirectory: dir)
        #expect(report.notes == 46)
        #expect(report.declared.total == 576)
        #expect(report.declared.surviving <= 34)
        #expect(report.detectedTotal.surviving <= 39)
        #expect(report.undeclaredPersons.surviving <= 27)
        #expect(report.preserved.surviving <= 36)
    }
}
