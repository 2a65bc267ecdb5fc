import AgeFormat
import EvaultCrypto
import Foundation
import TarFormat
import Testing
@testable import VaultCore

@Suite("bundle reading limits and padding")
struct BundleLimitsTests {
    /// An age file (to a fresh identity) whose payload is a tar of `count` empty `files/…` members.
    static func bundle(members count: Int) throws -> (bytes: [UInt8], identity: AgeX25519Identity) {
        let identity = AgeX25519Identity.generate()
        let sink = MemorySink()
        let age = try AgeWriter(recipients: [identity.recipient], output: sink)
        let tar = TarWriter(write: { try age.write($0) })
        for i in 0..<count { try tar.addFile(name: "files/m-\(i).txt", contents: []) }
        try tar.finish()
        try age.close()
        return (sink.bytes, identity)
    }

    @Test("more members than the limit are refused while reading, before any signature work")
    func memberLimit() throws {
        let (bytes, identity) = try Self.bundle(members: 1_001)
        #expect(throws: ExportError.malformedBundle("more than 1000 members")) {
            _ = try BundleReader.readMembers(HashingSource(MemorySource(bytes)), identities: [identity], spool: .discard, memberLimit: 1_000)
        }
        let members = try BundleReader.readMembers(HashingSource(MemorySource(bytes)), identities: [identity], spool: .discard,
                                                   memberLimit: 1_001)
        #expect(members.count == 1_001)
    }

    @Test("reading is linear in the member count: ten times the members take about ten times as long, not a hundred")
    func linear() throws {
        // The old reader's duplicate check scanned a list per member: quadratic
        // (100,000 members took about 3 minutes). A ratio, not a wall-clock
        // bound, so a loaded machine does not fail it.
        func seconds(_ count: Int) throws -> Double {
            let (bytes, identity) = try Self.bundle(members: count + 1)
            let start = Date()
            #expect(throws: ExportError.malformedBundle("more than \(count) members")) {
                _ = try BundleReader.readMembers(HashingSource(MemorySource(bytes)), identities: [identity], spool: .discard,
                                                 memberLimit: count)
            }
            return Date().timeIntervalSince(start)
        }
        let small = try seconds(2_000)
        let large = try seconds(20_000)
        #expect(large < 40 * small + 0.5, "2,000 members: \(small) s; 20,000: \(large) s")
        #expect(BundleReader.memberLimit == 100_000)
    }

    @Test("Padmé lengths match the PURBs paper and bound the padding")
    func padme() {
        #expect(Padme.paddedLength(0) == 0 && Padme.paddedLength(2) == 2 && Padme.paddedLength(3) == 3)
        #expect(Padme.paddedLength(1000) == 1024)
        #expect(Padme.paddedLength(1 << 20) == 1 << 20)
        #expect(Padme.paddedLength((1 << 20) + 1) == (1 << 20) + (1 << 15))
        for length in stride(from: Int64(512), to: 1 << 26, by: 9_973 * 512) {
            let padded = Padme.paddedLength(length)
            #expect(padded >= length && padded % 512 == 0)
            #expect(padded - length <= Padme.maximumPadding(ofPaddedLength: padded))
            #expect(Double(padded - length) <= 0.125 * Double(length))
        }
    }
}
