import AgeFormat
import EvaultCrypto
import Foundation
import Testing

/// Throughput against the reference `age` binary, both reading a file and writing
/// nowhere. Off by default (it moves a GiB); run with
/// `AGE_BENCH=1 [AGE_BENCH_MIB=1024] swift test --filter BenchmarkTests`.
@Suite struct BenchmarkTests {
    final class NullSink: ByteSink {
        func write(_ bytes: UnsafeRawBufferPointer) throws {}
    }

    static var enabled: Bool { ProcessInfo.processInfo.environment["AGE_BENCH"] != nil }

    static func drain(_ source: any ByteSource, into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let n = try buf.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return total }
            try buf.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            total += n
        }
    }

    /// CPU seconds (user + system) of this process and its children: on a shared
    /// machine, wall time measures the neighbours more than the code.
    static func cpuSeconds() -> Double {
        var total = 0.0
        for who: Int32 in [0, -1] {  // RUSAGE_SELF, RUSAGE_CHILDREN
            var u = rusage()
            getrusage(who, &u)
            total += Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6
            total += Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
        }
        return total
    }

    /// (wall seconds, CPU seconds).
    static func time(_ body: () throws -> Void) rethrows -> (Double, Double) {
        let start = cpuSeconds(), wall = Date()
        try body()
        return (Date().timeIntervalSince(wall), cpuSeconds() - start)
    }

    static func rate(_ mib: Int, _ t: (Double, Double)) -> String {
        String(format: "%.0f MiB/s wall, %.0f MiB/CPU-s", Double(mib) / t.0, Double(mib) / t.1)
    }

    @Test func sealAndOpenOneGiB() throws {
        guard Self.enabled else { try Skip.because("benchmark: set AGE_BENCH=1 to run it") }
        let mib = Int(ProcessInfo.processInfo.environment["AGE_BENCH_MIB"] ?? "") ?? 1024
        let id = AgeX25519Identity.generate()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plainPath = dir.appendingPathComponent("plain").path
        let agePath = dir.appendingPathComponent("bench.age").path
        let keyPath = dir.appendingPathComponent("key").path
        try Data(id.encoded().unsafeArray() + [10]).write(to: URL(fileURLWithPath: keyPath))
        _ = try run("/bin/sh", ["-c", "head -c \(mib << 20) /dev/urandom > \(plainPath)"])

        let seal = try Self.time {
            let w = try AgeWriter(recipients: [id.recipient], output: NullSink())
            _ = try Self.drain(try FileStream.openForReading(path: plainPath)) { try w.write($0) }
            try w.close()
        }
        do {
            let out = try FileStream.createExclusive(path: agePath)
            let w = try AgeWriter(recipients: [id.recipient], output: out)
            _ = try Self.drain(try FileStream.openForReading(path: plainPath)) { try w.write($0) }
            try w.close()
        }
        var got = 0
        let open = try Self.time {
            let r = try AgeReader(input: try FileStream.openForReading(path: agePath), identities: [id])
            got = try Self.drain(r) { _ in }
        }
        #expect(got == mib << 20)
        print("AgeFormat (\(mib) MiB, file to nowhere): seal \(Self.rate(mib, seal)); open \(Self.rate(mib, open))")

        guard let age = findExecutable("age") else { try Skip.missingTool("age") }
        let ageSeal = try Self.time { _ = try run(age, ["-e", "-r", id.recipient.encoded, "-o", "/dev/null", plainPath]) }
        let ageOpen = try Self.time { _ = try run(age, ["-d", "-i", keyPath, "-o", "/dev/null", agePath]) }
        print("age binary: seal \(Self.rate(mib, ageSeal)); open \(Self.rate(mib, ageOpen))")
    }
}
