// Cleans each file named on the command line, `--repeat N` times, and prints the
// seconds taken per file. Used by scripts/bench.py; `--out DIR` keeps the clean
// copies and `--redact NAME` (repeatable) redacts a name, for manual checks.
import EvaultCrypto
import Foundation
import MediaClean

final class DiscardSink: ByteSink {
    func write(_ bytes: UnsafeRawBufferPointer) throws {}
}

struct ListRedactor: TextRedactor {
    var names: [String]

    func redact(_ text: String) -> RedactedText {
        var out = text
        var count = 0
        for name in names where !name.isEmpty {
            while let range = out.range(of: name) {
                out.replaceSubrange(range, with: "[redacted]")
                count += 1
            }
        }
        return RedactedText(text: out, replacements: count)
    }
}

var args = Array(CommandLine.arguments.dropFirst())
var repeats = 1
var outDir: String?
var names = [String]()
while let flag = args.first, flag.hasPrefix("--"), args.count >= 2 {
    switch flag {
    case "--repeat": repeats = max(1, Int(args[1]) ?? 1)
    case "--out": outDir = args[1]
    case "--redact": names.append(args[1])
    default:
        FileHandle.standardError.write(Data("mediaclean-bench: unknown option \(flag)\n".utf8))
        exit(2)
    }
    args.removeFirst(2)
}
var failed = false
for path in args {
    do {
        let head = try FileStream.openForReading(path: path)
        var prefix = [UInt8](repeating: 0, count: 64)
        let n = try prefix.withUnsafeMutableBytes { try head.readFully(into: $0) }
        guard let format = MediaFormat.detect(prefix: Array(prefix[0..<n]), fileName: path) else {
            FileHandle.standardError.write(Data("mediaclean-bench: \(path): unknown format\n".utf8))
            failed = true
            continue
        }
        let start = Date()
        var report = CleanReport()
        for round in 0..<repeats {
            let input = try FileStream.openForReading(path: path)
            let name = (path as NSString).lastPathComponent
            let sink: ByteSink = try outDir.map { dir in
                let target = "\(dir)/clean-\(name)"
                if round == 0 { unlink(target) }
                return round == 0 ? try FileStream.createExclusive(path: target) : DiscardSink()
            } ?? DiscardSink()
            report = try MediaCleaner.clean(format, from: input, to: sink, redactor: ListRedactor(names: names))
        }
        print(String(format: "%@\t%.6f\t%@", path, Date().timeIntervalSince(start) / Double(repeats), report.summary))
    } catch {
        FileHandle.standardError.write(Data("mediaclean-bench: \(path): \(error)\n".utf8))
        failed = true
    }
}
exit(failed ? 1 : 0)
