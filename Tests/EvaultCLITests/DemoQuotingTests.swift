import Foundation
import Testing

@Suite("make demo prints pasteable commands")
struct DemoQuotingTests {
    /// scripts/quote.sh is what demo.sh prints its commands with: a printed line,
    /// pasted into a shell, must give back exactly the same words.
    @Test("quoted words survive a round trip through the shell",
          .enabled(if: CLIHarness.tool("bash") != nil, "bash is not installed"))
    func quotingRoundTrips() throws {
        let bash = try #require(CLIHarness.tool("bash"))
        let words = ["keep", "add", "Vladimir Putin", "it's", "a$b", "", "plain", "--tag=x", "*.txt", "two\nlines", "back\\slash"]
        let quote = CLIHarness.packageRoot.appendingPathComponent("scripts/quote.sh").path
        let script = "source \"$1\"; shift; line=$(quote \"$@\"); printf '%s\\n---\\n' \"$line\"; eval \"set --$line\"; printf '%s\\0' \"$@\""
        let r = try CLIHarness.external(bash, ["-c", script, "bash", quote] + words)
        #expect(r.status == 0, "\(r.stderr)")
        let parts = r.out.components(separatedBy: "\n---\n")
        #expect(parts[0].contains("'Vladimir Putin'") && parts[0].hasPrefix(" keep add "), "\(parts[0])")
        let back = parts[1].split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(back == words)
    }
}
