#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import IdentityStripping
import VaultCore

/// `--review`: shows the stripped text with every replacement marked and asks
/// before anything is written. The journalist can declare a name for this note
/// (`a NAME`), drop a false replacement (`d N`: its text is kept for this note),
/// write (`y`) or abort (`q`, or end of input). Needs a terminal on standard input.
enum Review {
    /// Loops until accepted or aborted; `strip` re-strips with the options as changed.
    static func run(text: String, options: inout SealOptions, strip: (SealOptions) throws -> StripResult) throws -> StripResult {
        guard Terminal.standardInputIsTerminal else {
            throw CommandFailure("--review needs a terminal on standard input; nothing written")
        }
        while true {
            let result = try strip(options)
            let review = ReviewText(original: text, result: result)
            Terminal.note("----- stripped text, \(result.replacements.count) replacements -----")
            Terminal.note(review.marked)
            Terminal.note("----- replacements -----")
            for line in review.legend { Terminal.note(line) }
            Terminal.note("Write it? y = write, a NAME = also replace NAME, d N = keep replacement N as written, q = abort")
            FileHandle.standardError.write(Data("> ".utf8))
            guard let line = readLine(strippingNewline: true) else { throw CommandFailure("review aborted; nothing written") }
            let answer = line.trimmingCharacters(in: .whitespaces)
            if answer == "y" || answer == "yes" { return result }
            if answer == "q" || answer == "quit" { throw CommandFailure("review aborted; nothing written") }
            if answer.hasPrefix("a ") {
                let name = String(answer.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                do { options.identities.append(try DeclaredIdentity(parsing: name)) } catch { Terminal.note("not a name: \(error)") }
                continue
            }
            if answer.hasPrefix("d "), let n = Int(answer.dropFirst(2).trimmingCharacters(in: .whitespaces)), n >= 1, n <= review.originals.count {
                // A declared name is never kept: the journalist declared it for a reason.
                if result.replacements[n - 1].declared {
                    Terminal.note("\(n) is a declared name and stays replaced")
                } else {
                    options.keep.append(review.originals[n - 1])
                }
                continue
            }
            Terminal.note("answer y, q, a NAME or d N")
        }
    }
}

