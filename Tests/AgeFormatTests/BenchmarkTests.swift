import AgeFormat
import EvaultCrypto
import Foundation
import Testing

/// Throughput against the reference `age` binary. Off by default (it moves a GiB);
/// run with `AGE_BENCH=1 swift test -c release --filter BenchmarkTests`.
@Suite struct BenchmarkTests {
    final class NullSink: ByteSink {
        func write(_ bytes: UnsafeRawBufferPointer) throws {}
    }

    static var enabled: Bool { ProcessInfo.processInfo.environment["AGE_BENCH"] != nil }

    @Test func sealAndOpenOneGiB() throws {
        guard Self.enabled else { print("SKIP benchmark: set AGE_BENCH=1"); return }
        let total = (Int(ProcessInfo.processInfo.environment["AGE_BENCH_MIB"] ?? "") ?? 1024) << 20
        let id = AgeX25519Identity.generate()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bench.age").path
        let block = [UInt8](repeating: 7, count: 1 << 20)

        var start = Date()
        let writer = try AgeWriter(recipients: [id.recipient], output: NullSink())
        for _ in 0..<(total >> 20) { try writer.write(block) }
        try writer.close()
        let sealSeconds = Date().timeIntervalSince(start)

        do {
            let out = try FileStream.createExclusive(path: path)
            let w = try AgeWriter(recipients: [id.recipient], output: out)
            for _ in 0..<(total >> 20) { try w.write(block) }
            try w.close()
        }
        start = Date()
        let reader = try AgeReader(input: try FileStream.openForReading(path: path), identities: [id])
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        var got = 0
        while true {
            let n = try buf.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            got += n
        }
        let openSeconds = Date().timeIntervalSince(start)
        #expect(got == total)
        let mib = Double(total >> 20)
        print(String(format: "AgeFormat: seal %.0f MiB/s (to /dev/null), open %.0f MiB/s (from a file)", mib / sealSeconds, mib / openSeconds))

        if let age = findExecutable("age") {
            let sh = "/bin/sh"
            let rcpt = id.recipient.encoded
            start = Date()
            _ = try run(sh, ["-c", "head -c \(total) /dev/zero | \(age) -e -r \(rcpt) > /dev/null"])
            let ageSeal = Date().timeIntervalSince(start)
            let keyPath = dir.appendingPathComponent("k").path
            try Data(id.encoded().unsafeArray() + [10]).write(to: URL(fileURLWithPath: keyPath))
            start = Date()
            _ = try run(sh, ["-c", "\(age) -d -i \(keyPath) \(path) > /dev/null"])
            let ageOpen = Date().timeIntervalSince(start)
            print(String(format: "age binary: seal %.0f MiB/s (from a pipe), open %.0f MiB/s", mib / ageSeal, mib / ageOpen))
        }
    }
}
