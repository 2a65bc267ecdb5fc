import Foundation
import Testing

/// Memory does not grow with the document: sealing (from a file and from a pipe)
/// and opening 64 MiB peak within 8 MiB of doing the same with 1 byte. (The
/// absolute figure, at most 32 MiB for the release build, is printed by `make bench`.)
@Suite("evault memory stays fixed")
struct MemoryCLITests {
    /// Peak RSS in KiB of evault run with `arguments` (stdin from `input`), via wait4(2).
    static func peak(_ h: CLIHarness, _ arguments: [String], input: String? = nil) throws -> Int {
        let script = """
        import os, subprocess, sys
        stdin = open(sys.argv[1], "rb") if sys.argv[1] != "-" else subprocess.DEVNULL
        cat = subprocess.Popen(["cat", sys.argv[1]], stdout=subprocess.PIPE) if sys.argv[1] != "-" else None
        p = subprocess.Popen(sys.argv[2:], stdin=cat.stdout if cat else stdin, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        if cat: cat.wait()
        print(usage.ru_maxrss)
        sys.exit(os.waitstatus_to_exitcode(status))
        """
        let r = try CLIHarness.external(try #require(CLIHarness.tool("python3")), ["-c", script, input ?? "-", CLIHarness.binary] + arguments,
                                        in: h.directory, environment: ["EVAULT_VAULT": h.vault, "EVAULT_KEYFILE": h.keyfile, "PATH": "/usr/bin:/bin"])
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        return Int(r.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("sealing and opening 64 MiB peaks within 8 MiB of 1 byte",
          .enabled(if: CLIHarness.tool("python3") != nil, "python3 is not installed (needed for wait4)"))
    func fixedMemory() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let small = try h.write("small.bin", Data([1]))
        let big = try h.write("big.bin", Data(count: 64 << 20))
        let base = try Self.peak(h, ["seal", "--quiet", small])
        let file = try Self.peak(h, ["seal", "--quiet", big])
        let pipe = try Self.peak(h, ["seal", "-", "--name", "piped.bin", "--quiet"], input: big)
        let id = try #require(try h.listJSON().first { ($0["name"] as? String) == "big.bin" }?["id"] as? String)
        let opened = try Self.peak(h, ["open", "--quiet", id, "-o", h.directory.appendingPathComponent("out.bin").path])
        for (what, kib) in [("seal FILE", file), ("seal -", pipe), ("open", opened)] {
            #expect(kib > 0 && kib - base <= 8 << 10, "\(what): peak \(kib) KiB against \(base) KiB for 1 byte")
        }
    }
}
