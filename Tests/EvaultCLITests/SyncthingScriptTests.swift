import Foundation
import Testing

/// `scripts/sync-test.sh`: two real Syncthing instances on loopback share one
/// vault between two "laptops" that change it at the same time; nothing may be
/// lost and both must verify. Skipped (with the reason) when Syncthing is not
/// installed, except under CI=true, where a missing Syncthing fails.
@Suite("Sync: two laptops through real Syncthing (scripts/sync-test.sh)")
struct SyncthingScriptTests {
    @Test("concurrent seals, notes, keep, partner and export on two laptops converge, losing nothing; both verify")
    func syncTestScriptPasses() throws {
        guard CLIHarness.tool("syncthing") != nil else { try Skip.missingTool("syncthing") }
        guard let bash = CLIHarness.tool("bash") else { try Skip.missingTool("bash") }
        let script = CLIHarness.packageRoot.appendingPathComponent("scripts/sync-test.sh").path
        var env = ProcessInfo.processInfo.environment
        env["EVAULT_BIN"] = CLIHarness.binary
        let r = try CLIHarness.external(bash, [script], environment: env)
        #expect(r.status == 0, "sync-test.sh failed: \(r.stderr)")
        #expect(r.out.contains("sync-test: OK"), "\(r.out)\(r.stderr)")
    }
}
