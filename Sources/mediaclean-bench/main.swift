// Cleans each file named on the command line into a discarded sink, `--repeat N` times,
// and prints the seconds taken per file. Used only by scripts/bench.py.
import EvaultCrypto
import Foundation
import MediaClean

final class DiscardSink: ByteSink {
    func write(_ bytes: UnsafeRawBufferPointer) throws {}
}

struct CountingRedactor: TextRedactor {
    func redact(_ text: String) -> RedactedText { RedactedText(text: text, replacements: 0) }
}

var args = Array(CommandLine.arguments.dropFirst())
var repeats = 1
if args.first == "--repeat", args.count >= 2, let n = Int(args[1]) {
    repeats = max(1, n)
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
        for _ in 0..<repeats {
            let input = try FileStream.openForReading(path: path)
            _ = try MediaCleaner.clean(format, from: input, to: DiscardSink(), redactor: CountingRedactor())
        }
        print(String(format: "%@\t%.6f", path, Date().timeIntervalSince(start) / Double(repeats)))
    } catch {
        FileHandle.standardError.write(Data("mediaclean-bench: \(path): \(error)\n".utf8))
        failed = true
    }
}
exit(failed ? 1 : 0)
