import Foundation
import Testing

/// Proofs, checkpoints and time-stamps checked by tools that share no code
/// with evault: a Python script (hashlib, `cryptography`'s Ed25519), age and
/// openssl.
@Suite("Custody log: proofs, privacy, padding (CLI)")
struct CustodyProofCLITests {
    /// Checks a tlog-proof@v1 for a document, and a consistency proof from an
    /// old checkpoint, from the RFC 9162 and C2SP texts alone.
    static let verifier = #"""
    import base64, hashlib, json, sys
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    def H(b): return hashlib.sha256(b).digest()
    def node(l, r): return H(b'\x01' + l + r)
    proof_path, doc_path, minisign_key, old_path, cons_path = sys.argv[1:6]
    raw = base64.b64decode(minisign_key)
    assert raw[:2] == b'Ed' and len(raw) == 42
    pub = raw[10:]
    key = Ed25519PublicKey.from_public_bytes(pub)
    def open_note(note):
        text, sigs = note.rsplit('\n\n', 1)
        text += '\n'
        origin = text.split('\n')[0]
        kid = H(origin.encode() + b'\n\x01' + pub)[:4]
        good = False
        for line in sigs.rstrip('\n').split('\n'):
            assert line.startswith('\u2014 ')
            name, b64 = line[2:].split(' ')
            blob = base64.b64decode(b64)
            if name == origin and blob[:4] == kid:
                key.verify(blob[4:], text.encode())
                good = True
        assert good, 'no signature by the vault key'
        lines = text.split('\n')
        return origin, int(lines[1]), base64.b64decode(lines[2])
    def inclusion(leaf, index, size, path, root):
        fn, sn, r = index, size - 1, leaf
        for p in path:
            assert sn != 0
            if fn & 1 or fn == sn:
                r = node(p, r)
                while not fn & 1 and fn != 0:
                    fn >>= 1; sn >>= 1
            else:
                r = node(r, p)
            fn >>= 1; sn >>= 1
        return sn == 0 and r == root
    def consistency(m, old_root, n, new_root, path):
        if m & (m - 1) == 0: path = [old_root] + path
        fn, sn = m - 1, n - 1
        while fn & 1:
            fn >>= 1; sn >>= 1
        fr = sr = path[0]
        for c in path[1:]:
            assert sn != 0
            if fn & 1 or fn == sn:
                fr = node(c, fr); sr = node(c, sr)
                while not fn & 1 and fn != 0:
                    fn >>= 1; sn >>= 1
            else:
                sr = node(sr, c)
            fn >>= 1; sn >>= 1
        return fr == old_root and sr == new_root and sn == 0

    head, checkpoint = open(proof_path).read().split('\n\n', 1)
    lines = head.split('\n')
    assert lines[0] == 'c2sp.org/tlog-proof@v1'
    extra = json.loads(base64.b64decode(lines[1][len('extra '):]))
    index = int(lines[2][len('index '):])
    path = [base64.b64decode(l) for l in lines[3:]]
    origin, size, root = open_note(checkpoint)
    leaf = extra['leaf'].encode()
    assert inclusion(H(b'\x00' + leaf), index, size, path, root), 'inclusion'
    event = json.loads(leaf)
    assert event['kind'] == 'seal' and event['writer'] == origin.split('/')[2]
    doc = open(doc_path, 'rb').read()
    commitment = H(b'evault-commitment/1\x00' + bytes.fromhex(extra['member_salt']) + H(doc)).hex()
    assert commitment == event['commitment'], 'commitment'

    o_origin, o_size, o_root = open_note(open(old_path).read())
    chead, newcp = open(cons_path).read().split('\n\n', 1)
    clines = chead.split('\n')
    assert clines[0] == 'evault-consistency@v1' and int(clines[1][4:]) == o_size
    n_origin, n_size, n_root = open_note(newcp)
    assert n_origin == o_origin
    assert consistency(o_size, o_root, n_size, n_root, [base64.b64decode(l) for l in clines[2:]]), 'consistency'
    print('OK', event['at'], size, n_size)
    """#

    static func minisignKey(_ h: CLIHarness) throws -> String {
        let shown = try h.ok(["keys", "show"]).out
        let line = try #require(shown.split(separator: "\n").first { $0.contains("minisign public key:") })
        return String(try #require(line.split(separator: " ").last))
    }

    @Test("a proof, a checkpoint and a consistency proof verify with an independent Python implementation")
    func independentVerification() throws {
        guard let python = CLIHarness.tool("python3"),
              (try? CLIHarness.external(python, ["-c", "import cryptography"]).status) == 0 else {
            print("skipped: python3 with the cryptography package is needed (apt install python3-cryptography)")
            return
        }
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["keep", "add", "Angela Merkel"])
        let doc = try h.write("evidence.bin", "the document sealed as evidence")
        let id = String(try h.ok(["seal", doc]).out.prefix(10))
        let old = h.directory.appendingPathComponent("old.checkpoint").path
        try h.ok(["checkpoint", "-o", old])
        for i in 0..<5 { try h.ok(["seal", try h.write("more\(i).bin", "more \(i)")]) }
        let proof = h.directory.appendingPathComponent("evidence.tlog-proof").path
        try h.ok(["prove", id, "-o", proof])
        let cons = h.directory.appendingPathComponent("cons.txt").path
        let checked = try h.ok(["verify", "--checkpoint", old, "--consistency-proof", cons])
        #expect(checked.out.contains("7 events extend the checkpoint's 2"))
        let script = try h.write("verify.py", Self.verifier)
        let r = try CLIHarness.external(python, [script, proof, doc, try Self.minisignKey(h), old, cons])
        #expect(r.status == 0, "independent verifier: \(r.stderr)")
        #expect(r.out.hasPrefix("OK "))
        // Another document does not open the commitment.
        let other = try h.write("other.bin", "a guess")
        #expect(try CLIHarness.external(python, [script, proof, other, try Self.minisignKey(h), old, cons]).status != 0)
        // A checkpoint of another vault, or a forged one, is refused.
        let h2 = try CLIHarness()
        defer { h2.cleanUp() }
        try h2.initVault()
        try h2.ok(["keep", "add", "Olaf Scholz"])
        let foreign = h2.directory.appendingPathComponent("foreign.checkpoint").path
        try h2.ok(["checkpoint", "-o", foreign])
        try h.fails(["verify", "--checkpoint", foreign], containing: "another vault")
        let forged = try String(contentsOfFile: old, encoding: .utf8).replacingOccurrences(of: "\n2\n", with: "\n1\n")
        try h.fails(["verify", "--checkpoint", try h.write("forged.checkpoint", forged)], containing: "not signed by this vault's key")
    }

    @Test("no declared name appears in evault log or in any decrypted log file")
    func noNamesInLog() throws {
        guard let age = CLIHarness.tool("age") else {
            print("skipped: age is not installed")
            return
        }
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["seal", "--note", "-", "--witness", "Maria Lopez", "--identity", "Jonas Okafor"],
                 stdin: Data("Maria Lopez and Jonas Okafor saw it.".utf8))
        try h.ok(["seal", try h.write("interview.txt", "Interview with Jonas Okafor."), "--identity", "Jonas Okafor", "--title", "Jonas Okafor interview"])
        try h.ok(["partner", "add", "newsroom", "--age", CustodyLogCLITests.recipient])
        let ids = try h.listJSON().compactMap { $0["id"] as? String }
        try h.ok(["export", "--to", "newsroom", "-o", h.directory.appendingPathComponent("b.age").path] + ids)
        var texts = [try h.ok(["log"]).out, try h.ok(["log", "--json"]).out, try h.ok(["checkpoint"]).out,
                     try h.ok(["prove", ids[0]]).out]
        for file in CustodyLogCLITests.segments(h.vault) {
            let r = try CLIHarness.external(age, ["-d", "-i", h.keyfile, file])
            #expect(r.status == 0)
            texts.append(r.out)
        }
        for text in texts {
            for name in ["Maria", "Lopez", "Jonas", "Okafor"] {
                #expect(!text.contains(name), "\(name) appears in the log")
            }
        }
    }

    @Test("log segments of every kind of event have the same size")
    func paddedSizes() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        try h.ok(["keep", "add", "Angela Merkel"])
        try h.ok(["keep", "add", "Ursula von der Leyen", "Frank-Walter Steinmeier"])
        try h.ok(["partner", "add", "newsroom-with-a-long-name", "--age", CustodyLogCLITests.recipient])
        try h.ok(["seal", try h.write("a.bin", "binary")])
        try h.ok(["seal", "--note", "-", "--witness", "Maria Lopez"], stdin: Data("Maria Lopez spoke.".utf8))
        try h.ok(["keep", "remove", "Angela Merkel"])
        // The note: a binary document has no clean copy to export.
        let id = try #require(try h.listJSON().first { $0["kind"] as? String == "note" }?["id"] as? String)
        try h.ok(["export", "--to", "newsroom-with-a-long-name", "-o", h.directory.appendingPathComponent("b.age").path, id])
        let sizes = Set(CustodyLogCLITests.segments(h.vault).map { CLIHarness.fileSize($0) })
        #expect(sizes.count == 1, "segment sizes: \(sizes)")
    }

    @Test("checkpoint --tsa: RFC 3161 replies from a local TSA check with openssl ts -verify")
    func timeStamps() throws {
        guard let openssl = CLIHarness.tool("openssl"), let python = CLIHarness.tool("python3") else {
            try Skip.missingTool("openssl or python3 (for the local time-stamp authority)")
        }
        let h = try CLIHarness()
        defer { h.cleanUp() }
        let tsa: LocalTSA
        do { tsa = try LocalTSA(openssl: openssl, python: python, directory: h.directory.appendingPathComponent("tsa")) } catch {
            try Skip.because("the local time-stamp authority could not be set up: \(error)")
        }
        defer { tsa.stop() }
        try h.initVault()
        try h.ok(["seal", try h.write("a.bin", "a")])
        let cp = h.directory.appendingPathComponent("cp.txt").path
        let r = try h.ok(["checkpoint", "-o", cp, "--tsa", tsa.url])
        #expect(r.stderr.contains("cp.txt.tsr"))
        let text = try String(contentsOfFile: cp, encoding: .utf8)
        let unsigned = text.components(separatedBy: "\n\n").first.map { $0 + "\n" } ?? ""
        let digest = try CLIHarness.external(python, ["-c", "import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())"],
                                             stdin: Data(unsigned.utf8)).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let ok = try CLIHarness.external(openssl, ["ts", "-verify", "-digest", digest, "-in", cp + ".tsr", "-CAfile", tsa.caPath, "-untrusted", tsa.certPath])
        #expect(ok.out.contains("Verification: OK"), "\(ok.out) \(ok.stderr)")
        let wrong = String(repeating: "0", count: 64)
        let bad = try CLIHarness.external(openssl, ["ts", "-verify", "-digest", wrong, "-in", cp + ".tsr", "-CAfile", tsa.caPath, "-untrusted", tsa.certPath])
        #expect(!bad.out.contains("Verification: OK"))
        #expect(try h.run(["checkpoint", "--help"]).out.contains("learns your network address"))
    }
}

/// Why the local TSA could not be set up (the test then reports itself skipped).
struct SkipTest: Error, CustomStringConvertible {
    let description: String
    init(_ reason: String) { description = reason }
}

extension CLIHarness {
    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? -1
    }
}

/// A throwaway RFC 3161 time-stamp authority: `openssl ts -reply` behind a few
/// lines of Python http.server on 127.0.0.1.
final class LocalTSA {
    let url: String
    let caPath: String
    let certPath: String
    /// The server's pid: started detached through sh, so that Foundation does not
    /// track a long-lived child of the test process (that made the suite hang).
    private var serverPID: pid_t = 0

    init(openssl: String, python: String, directory: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let d = directory.path
        caPath = d + "/ca.pem"
        certPath = d + "/tsa.pem"
        func run(_ args: [String]) throws {
            let r = try CLIHarness.external(openssl, args, in: directory)
            guard r.status == 0 else { throw SkipTest("openssl \(args.first ?? ""): \(r.stderr)") }
        }
        try "[ext]\nextendedKeyUsage = critical,timeStamping\nbasicConstraints = CA:FALSE\n".write(toFile: d + "/ext.cnf", atomically: true, encoding: .utf8)
        try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test CA"])
        try run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=test TSA"])
        try run(["x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tsa.pem", "-days", "2", "-extfile", "ext.cnf", "-extensions", "ext"])
        try """
        [ tsa ]
        default_tsa = tsa_config
        [ tsa_config ]
        dir = \(d)
        serial = \(d)/serial
        signer_cert = \(d)/tsa.pem
        certs = \(d)/tsa.pem
        signer_key = \(d)/tsa.key
        signer_digest = sha256
        default_policy = 1.2.3.4.1
        digests = sha256
        accuracy = secs:1
        ess_cert_id_alg = sha256
        """.write(toFile: d + "/tsa.cnf", atomically: true, encoding: .utf8)
        try "01\n".write(toFile: d + "/serial", atomically: true, encoding: .utf8)
        // Close whatever descriptors the test process leaked into this child
        // (pipes of tests running in parallel), or their readers never see EOF.
        let script = """
        import os; os.closerange(3, 65536)
        import http.server, subprocess, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                q = self.rfile.read(int(self.headers['Content-Length']))
                open('q.tsq', 'wb').write(q)
                subprocess.run(['\(openssl)', 'ts', '-reply', '-config', 'tsa.cnf', '-queryfile', 'q.tsq', '-out', 'r.tsr'], check=True, capture_output=True)
                r = open('r.tsr', 'rb').read()
                self.send_response(200)
                self.send_header('Content-Type', 'application/timestamp-reply')
                self.send_header('Content-Length', str(len(r)))
                self.end_headers()
                self.wfile.write(r)
            def log_message(self, *a): pass
        s = http.server.HTTPServer(('127.0.0.1', 0), H)
        open('port', 'w').write(str(s.server_address[1]))
        s.serve_forever()
        """
        try script.write(toFile: d + "/tsa.py", atomically: true, encoding: .utf8)
        let started = try CLIHarness.external("/bin/sh", ["-c", "cd \"$1\" && \"$2\" tsa.py </dev/null >/dev/null 2>&1 & echo $!", "sh", d, python])
        serverPID = pid_t(started.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        guard serverPID > 0 else { throw SkipTest("the local TSA did not start") }
        var port = ""
        for _ in 0..<100 where port.isEmpty {
            usleep(50_000)
            port = (try? String(contentsOfFile: d + "/port", encoding: .utf8)) ?? ""
        }
        guard !port.isEmpty else {
            kill(serverPID, SIGTERM)
            throw SkipTest("the local TSA did not start")
        }
        url = "http://127.0.0.1:\(port)/tsa"
    }

    func stop() {
        if serverPID > 0 { kill(serverPID, SIGTERM) }
    }
}
