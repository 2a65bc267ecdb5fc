import Foundation
import Testing

/// `make install` puts the binary, a man page and completions under PREFIX. The
/// tests cannot run `make install` itself (it would start a second SwiftPM on the
/// same .build during `swift test`), so they run the same generation steps on the
/// built binary: swift-argument-parser's generate-manual tool (built by `make man`,
/// which `make test` runs first) and `--generate-completion-script`.
@Suite("evault man page and completions")
struct ManualCLITests {
    static let generator: String? = {
        let path = CLIHarness.packageRoot.appendingPathComponent(".build/debug/generate-manual-tool").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    @Test("the generated man page renders with man -l and documents the commands",
          .enabled(if: generator != nil && CLIHarness.tool("man") != nil,
                   "the generate-manual tool is not built (run `make man`; `make test` does) or man is missing"))
    func manPageRenders() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        let out = h.directory.appendingPathComponent("man").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let generated = try CLIHarness.external(try #require(Self.generator), [CLIHarness.binary, "--output-directory", out])
        #expect(generated.status == 0, "\(generated.stderr)")
        let page = out + "/evault.1"
        let rendered = try CLIHarness.external(try #require(CLIHarness.tool("man")), ["-l", page],
                                               environment: ["MANWIDTH": "100", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        for text in ["EVAULT(1)", "seal", "unlock", "--dedupe", "--quiet", "lock"] {
            #expect(rendered.out.contains(text), "the man page lacks \(text)")
        }
    }

    @Test("completion scripts for bash, zsh and fish are generated; the bash one parses")
    func completions() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        for shell in ["bash", "zsh", "fish"] {
            let r = try h.ok(["--generate-completion-script", shell])
            #expect(r.out.contains("unlock") && r.out.contains("seal"), "\(shell)")
            if shell == "bash", let bash = CLIHarness.tool("bash") {
                let script = try h.write("evault.bash", r.out)
                #expect(try CLIHarness.external(bash, ["-n", script]).status == 0)
            }
        }
    }
}
