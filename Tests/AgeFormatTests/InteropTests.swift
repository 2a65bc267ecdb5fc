import AgeFormat
import EvaultCrypto
import Foundation
import Testing

/// Files must pass both ways between this implementation and the reference `age` binary.
@Suite struct InteropTests {
    static let age = findExecutable("age")
    static let keygen = findExecutable("age-keygen")
    static let sizes = [0, 1, 65535, 65536, 65537, 3 * 65536, 3 << 20]

    /// A key file with our identity, as `age -i` reads it.
    static func keyFile(_ ids: [AgeX25519Identity], in dir: URL) throws -> String {
        var text = "# written by AgeFormatTests\n"
        for id in ids { text += String(decoding: id.encoded().unsafeArray(), as: UTF8.self) + "\n" }
        let path = dir.appendingPathComponent("key-\(UUID().uuidString).txt").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: sizes)
    func ageDecryptsOurFiles(size: Int) throws {
        guard let age = Self.age else { try Skip.missingTool("age") }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ids = [AgeX25519Identity.generate(), AgeX25519Identity.generate()]
        let plaintext = pattern(size, seed: 11)
        for armored in [false, true] {
            let file = try seal(plaintext, to: ids.map(\.recipient), armored: armored)
            for id in ids {
                let r = try run(age, ["-d", "-i", try Self.keyFile([id], in: dir)], stdin: file)
                #expect(r.status == 0, "age -d failed: \(r.stderr)")
                #expect(r.stdout == plaintext, "size \(size) armored \(armored)")
            }
        }
    }

    @Test(arguments: sizes)
    func weDecryptAgeFiles(size: Int) throws {
        guard let age = Self.age else { try Skip.missingTool("age") }
        let ids = [AgeX25519Identity.generate(), AgeX25519Identity.generate()]
        let plaintext = pattern(size, seed: 12)
        for armored in [false, true] {
            var args = ["-e", "-r", ids[0].recipient.encoded, "-r", ids[1].recipient.encoded]
            if armored { args.append("-a") }
            let r = try run(age, args, stdin: plaintext)
            #expect(r.status == 0, "age -e failed: \(r.stderr)")
            #expect(AgeArmor.isArmored(Array(r.stdout.prefix(64))) == armored)
            for id in ids {
                let (out, error) = open(r.stdout, with: [id], armored: armored)
                #expect(error == nil, "size \(size) armored \(armored): \(String(describing: error))")
                #expect(out == plaintext)
                // And through AgeReader's armor detection.
                #expect(open(r.stdout, with: [id]).plaintext == plaintext)
            }
            if !armored {
                let reader = try AgeReader(input: MemorySource(r.stdout), identities: [ids[1]])
                #expect(try reader.plaintextSize == Int64(size))
            }
        }
    }

    @Test func keysAgreeWithAgeKeygen() throws {
        guard let keygen = Self.keygen else { try Skip.missingTool("age-keygen") }
        let r = try run(keygen, [])
        #expect(r.status == 0)
        let ids = try AgeIdentityFile.parse(SecureBytes(copying: r.stdout))
        let text = String(decoding: r.stdout, as: UTF8.self)
        let publicLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("# public key: ") })
        #expect(ids.count == 1)
        #expect(ids[0].recipient.encoded == publicLine.dropFirst("# public key: ".count))
        let secretLine = try #require(text.split(separator: "\n").last { $0.hasPrefix("AGE-SECRET-KEY-1") })
        #expect(ids[0].encoded().unsafeArray() == Array(secretLine.utf8))
        // And the other way: age-keygen -y derives the same recipient from our identity.
        let ours = AgeX25519Identity.generate()
        let y = try run(keygen, ["-y"], stdin: ours.encoded().unsafeArray() + [10])
        #expect(y.status == 0)
        #expect(String(decoding: y.stdout, as: UTF8.self) == ours.recipient.encoded + "\n")
    }

    @Test func ageRejectsOurTamperedFiles() throws {
        guard let age = Self.age else { try Skip.missingTool("age") }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = AgeX25519Identity.generate()
        var file = try seal(pattern(1000), to: [id.recipient])
        file[file.count - 3] ^= 1
        let r = try run(age, ["-d", "-i", try Self.keyFile([id], in: dir)], stdin: file)
        #expect(r.status != 0)
    }
}
