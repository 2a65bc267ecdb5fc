import EvaultCrypto
import Foundation
import Minisign
import Testing

/// Interop with the real `minisign` binary (0.11 on Debian). Skipped, with the
/// reason printed, when it is not installed.
@Suite struct MinisignInteropTests {
    static let binary = "/usr/bin/minisign"
    static var available: Bool {
        // Reported as skipped by the framework; under CI=true the tests run, and fail.
        Skip.toolTrait(binary)
    }

    let signer: MinisignSigner = {
        let key = Ed25519.PrivateKey()
        return MinisignSigner(key: key, keyID: MinisignSigner.keyID(for: key.publicKey))
    }()

    @Test(.enabled(if: MinisignInteropTests.available))
    func minisignVerifiesOurSignatureWithKeyFile() throws {
        let dir = try TemporaryDirectory()
        let content = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try dir.write("doc.pdf", content)
        let comment = "evault entry 01J\tsha256:abc \u{e9}t\u{e9}"
        try dir.write("doc.pdf.minisig", Array(signer.sign(message: content, trustedComment: comment).utf8))
        try dir.write("key.pub", Array(signer.publicKey.fileContents().utf8))
        let result = try run(Self.binary, ["-V", "-m", dir.path("doc.pdf"), "-p", dir.path("key.pub")])
        #expect(result.status == 0, "minisign said: \(result.output)")
        #expect(result.output.contains("Trusted comment: \(comment)"))
    }

    @Test(.enabled(if: MinisignInteropTests.available))
    func minisignVerifiesOurStreamedSignatureWithBase64Key() throws {
        let dir = try TemporaryDirectory()
        let content = Array(repeating: UInt8(0x41), count: 300_000)
        try dir.write("a.bin", content)
        let comment = String(repeating: "x", count: MinisignSigner.maxTrustedCommentBytes)  // the longest we emit
        let sig = try signer.sign(source: MemorySource(content), trustedComment: comment,
                                  untrustedComment: String(repeating: "u", count: 2000))
        try dir.write("a.bin.minisig", Array(sig.utf8))
        let result = try run(Self.binary, ["-V", "-m", dir.path("a.bin"), "-P", signer.publicKey.base64, "-Q"])
        #expect(result.status == 0, "minisign said: \(result.output)")
        #expect(result.output.trimmingCharacters(in: .newlines) == comment)
    }

    @Test(.enabled(if: MinisignInteropTests.available))
    func minisignRejectsTamperedFile() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.txt", Array("original".utf8))
        try dir.write("a.txt.minisig", Array(signer.sign(message: Array("other".utf8), trustedComment: "t").utf8))
        let result = try run(Self.binary, ["-V", "-m", dir.path("a.txt"), "-P", signer.publicKey.base64])
        #expect(result.status != 0)
    }

    @Test(.enabled(if: MinisignInteropTests.available))
    func weVerifyMinisignSignatures() throws {
        let dir = try TemporaryDirectory()
        let gen = try run(Self.binary, ["-G", "-W", "-p", dir.path("k.pub"), "-s", dir.path("k.key")])
        try #require(gen.status == 0, "minisign -G said: \(gen.output)")
        let content = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
        try dir.write("f", content)
        let comment = "made by minisign \u{1F50F}"
        for legacy in [false, true] {
            let sigPath = dir.path(legacy ? "f.legacy.minisig" : "f.minisig")
            let sign = try run(Self.binary, ["-S", "-s", dir.path("k.key"), "-m", dir.path("f"), "-x", sigPath,
                                             "-t", comment] + (legacy ? ["-l"] : []))
            try #require(sign.status == 0, "minisign -S said: \(sign.output)")
            let pk = try MinisignPublicKey(parsing: String(decoding: try dir.read("k.pub"), as: UTF8.self))
            let sig = String(decoding: try dir.read(legacy ? "f.legacy.minisig" : "f.minisig"), as: UTF8.self)
            #expect(try pk.verify(message: content, signatureFile: sig) == comment)
            #expect(try pk.verify(source: MemorySource(content), signatureFile: sig) == comment)
            var altered = content
            altered[69_999] ^= 0x80
            #expect(throws: MinisignError.invalidSignature) {
                try pk.verify(message: altered, signatureFile: sig)
            }
            // The base64 line alone, as `minisign -P` takes it, parses to the same key.
            let line = String(decoding: try dir.read("k.pub"), as: UTF8.self).split(separator: "\n")[1]
            #expect(try MinisignPublicKey(parsing: String(line)) == pk)
        }
    }
}

final class TemporaryDirectory {
    let url: URL

    deinit { try? FileManager.default.removeItem(at: url) }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("evault-minisign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: url.appendingPathComponent(name)) }
    func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: url.appendingPathComponent(name))) }
}

/// Runs a binary with stdin closed; returns its exit status and stdout+stderr.
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
