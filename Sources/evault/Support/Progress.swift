#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import VaultCore

/// `--quiet`, shared by the commands that show progress.
struct ProgressOptions: ParsableArguments {
    @Flag(name: .long, help: "No progress display on standard error.")
    var quiet = false

    /// A progress line when standard error is a terminal and --quiet is not given, else nil.
    func make(_ verb: String, counting unit: Progress.Unit = .bytes) -> Progress? {
        Progress.onTerminal(verb: verb, unit: unit, quiet: quiet)
    }
}

/// One self-rewriting line on standard error: percentage, bytes and speed.
/// Only ever shown when standard error is a terminal, so pipes, logs and
/// scripts never see it; at most ten redraws a second.
final class Progress {
    /// What `done` and `total` count.
    enum Unit { case bytes, entries, files }

    private let verb: String
    private let unit: Unit
    private var start = Date()
    private var lastDraw = Date.distantPast
    private var item = ""
    private var total: Int64?
    private var drawn = false

    private init(verb: String, unit: Unit) {
        self.verb = verb
        self.unit = unit
    }

    static func onTerminal(verb: String, unit: Unit, quiet: Bool) -> Progress? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return Progress(verb: verb, unit: unit)
    }

    /// The core's callback, drawing this line.
    var handler: ProgressHandler { { [self] in self.update($0) } }

    func update(_ report: ProgressReport) {
        // A new file, or a new phase of it (standard input: spooled, then sealed): speed restarts.
        if unit == .bytes && (report.item != item || report.total != total) {
            start = Date()
        }
        item = report.item
        total = report.total
        let now = Date()
        let complete = report.total.map { report.done >= $0 } ?? false
        guard complete || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        var line = "\(verb) \(Printable.line(item, limit: 40))"
        if let total = report.total, total > 0 {
            line += "  \(Int(Double(report.done) * 100 / Double(total)))%"
            line += "  \(amount(report.done)) of \(amount(total))"
        } else {
            line += "  \(amount(report.done))"
        }
        line += "  \(amount(Int64(Double(report.done) / elapsed)))/s"
        // \r and clear-to-end-of-line: the line is rewritten in place.
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        drawn = true
    }

    /// Clears the line, so that what follows starts on a clean line.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    private func amount(_ n: Int64) -> String {
        switch unit {
        case .bytes: return ByteCount.format(n)
        case .entries: return "\(n) entries"
        case .files: return "\(n) files"
        }
    }
}
