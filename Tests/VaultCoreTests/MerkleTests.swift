import EvaultCrypto
import Foundation
import Testing
@testable import VaultCore

/// RFC 6962 hashing and proofs, checked against an independent Python
/// implementation (hashlib only) of MTH, PATH and PROOF from RFC 6962 2.1.
@Suite("Merkle tree (RFC 6962)")
struct MerkleTests {
    static let python = """
    import hashlib, json, sys
    def H(b): return hashlib.sha256(b).digest()
    def mth(d):
        n = len(d)
        if n == 0: return H(b'')
        if n == 1: return H(b'\\x00' + d[0])
        k = 1
        while k * 2 < n: k *= 2
        return H(b'\\x01' + mth(d[:k]) + mth(d[k:]))
    def path(m, d):
        n = len(d)
        if n <= 1: return []
        k = 1
        while k * 2 < n: k *= 2
        if m < k: return path(m, d[:k]) + [mth(d[k:])]
        return path(m - k, d[k:]) + [mth(d[:k])]
    def subproof(m, d, b):
        n = len(d)
        if m == n: return [] if b else [mth(d)]
        k = 1
        while k * 2 < n: k *= 2
        if m <= k: return subproof(m, d[:k], b) + [mth(d[k:])]
        return subproof(m - k, d[k:], False) + [mth(d[:k])]
    out = {}
    for n in range(1, 21):
        d = [("leaf %d" % i).encode() for i in range(n)]
        out[n] = {"root": mth(d).hex(),
                  "paths": [[h.hex() for h in path(m, d)] for m in range(n)],
                  "consistency": [[h.hex() for h in subproof(m, d, True)] for m in range(1, n)]}
    json.dump(out, sys.stdout)
    """

    static func leaves(_ n: Int) -> [Merkle.Hash] {
        (0..<n).map { Merkle.leafHash(Array("leaf \($0)".utf8)) }
    }

    @Test func matchesIndependentImplementation() throws {
        guard let python = CLIHarnessTools.tool("python3") else {
            Issue.record("python3 is required for the independent RFC 6962 check")
            return
        }
        let out = try CLIHarnessTools.run(python, ["-c", MerkleTests.python])
        let json = try #require(try JSONSerialization.jsonObject(with: out) as? [String: [String: Any]])
        for n in 1...20 {
            let expected = try #require(json["\(n)"])
            let leaves = MerkleTests.leaves(n)
            let root = Merkle.root(leaves)
            #expect(Hex.encode(root) == expected["root"] as? String, "root of \(n)")
            var acc = MerkleAccumulator()
            leaves.forEach { acc.append($0) }
            #expect(acc.root == root)
            let paths = try #require(expected["paths"] as? [[String]])
            for m in 0..<n {
                let proof = Merkle.inclusionProof(index: m, leaves: leaves[...])
                #expect(proof.map(Hex.encode) == paths[m], "path \(m) of \(n)")
                #expect(Merkle.verifyInclusion(leaf: leaves[m], index: m, size: n, proof: proof, root: root))
                #expect(!Merkle.verifyInclusion(leaf: leaves[(m + 1) % n], index: m, size: n, proof: proof, root: root) || n == 1)
            }
            let consistency = try #require(expected["consistency"] as? [[String]])
            for m in 1..<n {
                let proof = Merkle.consistencyProof(oldSize: m, leaves: leaves[...])
                #expect(proof.map(Hex.encode) == consistency[m - 1], "consistency \(m) -> \(n)")
                let oldRoot = Merkle.root(leaves[..<m])
                #expect(Merkle.verifyConsistency(oldSize: m, oldRoot: oldRoot, newSize: n, newRoot: root, proof: proof))
                var forked = leaves
                forked[m - 1] = Merkle.leafHash([9])
                #expect(!Merkle.verifyConsistency(oldSize: m, oldRoot: Merkle.root(forked[..<m]), newSize: n, newRoot: root, proof: proof))
            }
        }
    }

    @Test func checkpointSignsAndOpensAsSignedNote() throws {
        let key = Ed25519.PrivateKey()
        let cp = Checkpoint(origin: "evault/abc/def", size: 3, root: Merkle.root(MerkleTests.leaves(3)))
        let note = cp.signed(key: key)
        #expect(Checkpoint(note: note, origin: "evault/abc/def", publicKey: key.publicKey) == cp)
        #expect(Checkpoint(note: note, origin: "evault/abc/def", publicKey: Ed25519.PrivateKey().publicKey) == nil)
        let tampered = note.replacingOccurrences(of: "\n3\n", with: "\n4\n")
        #expect(Checkpoint(note: tampered, origin: "evault/abc/def", publicKey: key.publicKey) == nil)
        let proof = TlogProof(extra: [1, 2, 3], index: 1, hashes: Merkle.inclusionProof(index: 1, leaves: MerkleTests.leaves(3)[...]), checkpoint: note)
        #expect(TlogProof(text: proof.text) == proof)
    }
}

/// Small process helpers for unit tests that call independent tools.
enum CLIHarnessTools {
    static func tool(_ name: String) -> String? {
        ["/usr/bin", "/usr/local/bin", "/bin"].map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ path: String, _ arguments: [String], stdin: Data? = nil) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let out = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return data
    }
}
