import Foundation
import Testing
@testable import VaultCore

/// `verify` of a whole vault checks entries on every core at once; what it reports
/// must not depend on which thread got which entry.
@Suite("parallel verify")
struct ParallelVerifyTests {
    @Test func mapRunsEveryIndexOnceAndKeepsOrder() {
        let counter = Counter()
        let results = ParallelWork.map(count: 500, width: 4, started: { _ in counter.add() }) { i in i * i }
        #expect(results == (0..<500).map { $0 * $0 })
        #expect(counter.value == 500)
        #expect(ParallelWork.map(count: 0, width: 4) { $0 }.isEmpty)
        #expect(ParallelWork.map(count: 3, width: 1) { $0 + 1 } == [1, 2, 3])
    }

    @Test func usesSeveralThreads() {
        // Each job waits until two are running at once (or gives up after 5 s).
        let running = Counter(), overlap = Counter()
        _ = ParallelWork.map(count: 4, width: 2) { _ in
            running.add()
            let deadline = Date().addingTimeInterval(5)
            while running.value < 2 && Date() < deadline { usleep(1000) }
            if running.value >= 2 { overlap.add() }
            return 0
        }
        #expect(overlap.value == 4)
    }

    @Test func damagedEntriesAreNamedWhicheverThreadReadThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("evault-pv-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let vault = try Vault.create(at: dir + "/vault", protection: .keyFile(path: dir + "/key"))
        var ids: [String] = []
        for i in 0..<8 {
            var options = SealOptions()
            options.title = "entry \(i)"
            let path = dir + "/doc\(i).bin"
            // Some entries span several STREAM chunks, so their own pipelines run too.
            try Data((0..<(i * 70_000 + 10)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }).write(to: URL(fileURLWithPath: path))
            ids.append(try vault.sealDocument(at: path, options: options).id)
        }
        let damaged = [ids[2], ids[5]].sorted()
        for id in damaged {
            let path = vault.layout.entry(try #require(EntryID(id)))
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes[bytes.count - 20] ^= 0xFF
            try bytes.write(to: URL(fileURLWithPath: path))
        }
        let seen = Counter()
        let report = try vault.verifyAll(progress: { _ in seen.add() })
        #expect(report.damaged.map(\.id) == damaged)
        #expect(report.verified == ids.filter { !damaged.contains($0) }.sorted())
        #expect(seen.value == 8)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }
}
