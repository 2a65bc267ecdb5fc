import EvaultCrypto
import Foundation
import Testing
import VaultCore

/// Exports carry the proof of their own export event (FORMAT.md §7): the
/// partner's `inspect` checks the checkpoint signature with the sender's key,
/// the inclusion proof and the leaf's commitment to the manifest; anything
/// altered is refused in one line; a bundle without a proof still opens.
@Suite("exports carry a custody proof")
struct ExportCustodyCLITests {
    static let proofName = "custody-proof.txt"

    struct Fixture {
        let s: ExportCLITests.Sender
        let b: CLIHarness
        let bundle: String
        let pub: String
        let plain: Data
        let age: String
        let tar: String

        func cleanUp() {
            s.h.cleanUp()
            b.cleanUp()
        }

        /// Unpacks the real bundle, lets `change` edit it, re-packs every member
        /// still present and re-encrypts it to the partner.
        func rebuilt(_ tag: String, _ change: (URL) throws -> Void) throws -> String {
            let dir = b.directory.appendingPathComponent("rebuild-\(tag)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            #expect(try CLIHarness.external(tar, ["-x"], stdin: plain, in: dir).status == 0)
            try change(dir)
            let members = ["manifest.json", "manifest.json.minisig", "SHA256SUMS", proofName, "files"]
                .filter { FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }
            let packed = try CLIHarness.external(tar, ["--format=ustar", "-c"] + members, in: dir)
            #expect(packed.status == 0, "\(packed.stderr)")
            let sealed = try CLIHarness.external(age, ["-e", "-r", try ExportCLITests.keys(b).age], stdin: packed.stdout)
            return try b.write("\(tag).age", sealed.stdout)
        }
    }

    static func fixture() throws -> Fixture {
        guard let age = CLIHarness.tool("age"), let tar = CLIHarness.tool("tar") else {
            try Skip.missingTool("age or tar")
        }
        let s = try ExportCLITests.makeSender()
        let b = try ExportCLITests.partner("ngo", of: s.h)
        let bundle = s.h.directory.appendingPathComponent("to-ngo.age").path
        try s.h.ok(["export", s.noteID, s.textID, "--to", "ngo", "-o", bundle])
        let plain = try CLIHarness.external(age, ["-d", "-i", b.keyfile, bundle]).stdout
        return Fixture(s: s, b: b, bundle: bundle, pub: try ExportCLITests.publicKeyFile(of: s.h, in: b),
                       plain: plain, age: age, tar: tar)
    }

    /// Rewrites the proof member and its SHA256SUMS line (SHA256SUMS is not signed).
    static func replaceProof(in dir: URL, with text: String) throws {
        try Data(text.utf8).write(to: dir.appendingPathComponent(proofName))
        let sumsURL = dir.appendingPathComponent("SHA256SUMS")
        let sums = try String(contentsOf: sumsURL, encoding: .utf8).split(separator: "\n").map {
            $0.hasSuffix("  \(proofName)") ? "\(SHA256Hasher.hash(Array(text.utf8)).hex)  \(proofName)" : String($0)
        }
        try Data((sums.joined(separator: "\n") + "\n").utf8).write(to: sumsURL)
    }

    static func proofText(_ dir: URL) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(proofName), encoding: .utf8)
    }

    @Test("inspect checks the proof of the export event; the checkpoint is one the sender's log extends")
    func verified() throws {
        let f = try Self.fixture()
        defer { f.cleanUp() }
        let r = try f.b.ok(["inspect", f.bundle, "--sender", f.pub])
        #expect(r.out.contains("custody:   export event"), "\(r.out)")
        #expect(r.out.contains("checkpoint signature, inclusion proof, manifest commitment"))
        // import and unpack check it too (same reader), and still work.
        try f.b.ok(["import", f.bundle, "--sender", f.pub])

        // The proof is a tlog-proof@v1 whose leaf is an export event naming no entry,
        // and whose checkpoint the sender's own vault recognises as an older state of its log.
        let dir = f.b.directory.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        #expect(try CLIHarness.external(f.tar, ["-x"], stdin: f.plain, in: dir).status == 0)
        let proofText = try Self.proofText(dir)
        let proof = try #require(TlogProof(text: proofText))
        let extraBytes = try #require(proof.extra)
        let extra = try ExportCLITests.json(Data(extraBytes))
        let leafText = try #require(extra["leaf"] as? String)
        let leaf = try ExportCLITests.json(Data(leafText.utf8))
        #expect(leaf["kind"] as? String == "export")
        #expect(leaf["entry"] == nil || leaf["entry"] is NSNull)
        // The leaf commits to this manifest: SHA-256("evault-commitment/1" 0 || member salt || SHA-256(manifest)).
        let manifest = try Data(contentsOf: dir.appendingPathComponent("manifest.json"))
        let saltHex = try #require(extra["member_salt"] as? String)
        let salt = try #require(CommitmentSalt(hex: saltHex))
        let commitmentHex = try #require(leaf["commitment"] as? String)
        let commitment = try #require(Commitment(hex: commitmentHex))
        #expect(commitment.opens(memberSalt: salt, sha256: SHA256Hasher.hash(Array(manifest))))
        let checkpointFile = try f.s.h.write("from-bundle.checkpoint", proof.checkpoint)
        let cons = f.s.h.directory.appendingPathComponent("cons.txt").path
        try f.s.h.ok(["verify", "--checkpoint", checkpointFile, "--consistency-proof", cons])
        // The same, by an implementation that shares no code with evault (RFC 9162, C2SP, Ed25519).
        if let python = CLIHarness.tool("python3"), (try? CLIHarness.external(python, ["-c", "import cryptography"]).status) == 0 {
            let script = try f.b.write("verify-bundle.py", CustodyProofCLITests.verifier
                .replacingOccurrences(of: "event['kind'] == 'seal'", with: "event['kind'] == 'export'"))
            let proofFile = dir.appendingPathComponent(Self.proofName).path
            let r = try CLIHarness.external(python, [script, proofFile, dir.appendingPathComponent("manifest.json").path,
                                                     try CustodyProofCLITests.minisignKey(f.s.h), checkpointFile, cons])
            #expect(r.status == 0 && r.out.hasPrefix("OK"), "independent verifier: \(r.stderr)")
        } else if Skip.isCI {
            try Skip.missingTool("python3-cryptography")
        }
        // `sha256sum -c` covers the proof too.
        if let sha256sum = CLIHarness.tool("sha256sum") {
            #expect(try CLIHarness.external(sha256sum, ["-c", "SHA256SUMS"], in: dir).status == 0)
        }
    }

    @Test("a tampered proof or checkpoint is refused in one line by inspect, unpack and import")
    func tampered() throws {
        let f = try Self.fixture()
        defer { f.cleanUp() }
        let mallory = try CLIHarness()
        defer { mallory.cleanUp() }
        try mallory.initVault()
        let malloryKey = try LockedVault(path: mallory.vault).unlock(.keyFile(path: mallory.keyfile)).keyring.signingKey

        // A second export from the same vault: a real proof, for another manifest.
        let second = f.s.h.directory.appendingPathComponent("second.age").path
        try f.s.h.ok(["export", f.s.noteID, "--to", "ngo", "-o", second])
        let otherPlain = try CLIHarness.external(f.age, ["-d", "-i", f.b.keyfile, second]).stdout
        let otherDir = f.b.directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: otherDir, withIntermediateDirectories: true)
        #expect(try CLIHarness.external(f.tar, ["-x"], stdin: otherPlain, in: otherDir).status == 0)
        let otherProof = try Self.proofText(otherDir)

        var cases: [(String, String)] = []
        cases.append(("another-manifest", try f.rebuilt("another-manifest") { try Self.replaceProof(in: $0, with: otherProof) }))
        cases.append(("index", try f.rebuilt("index") { dir in
            let text = try Self.proofText(dir)
            let p = try #require(TlogProof(text: text))
            let moved = TlogProof(extra: p.extra, index: p.index == 0 ? 1 : p.index - 1, hashes: p.hashes, checkpoint: p.checkpoint)
            try Self.replaceProof(in: dir, with: moved.text)
        }))
        cases.append(("hash", try f.rebuilt("hash") { dir in
            let text = try Self.proofText(dir)
            let p = try #require(TlogProof(text: text))
            var hashes = p.hashes
            try #require(!hashes.isEmpty)
            hashes[0][0] ^= 1
            try Self.replaceProof(in: dir, with: TlogProof(extra: p.extra, index: p.index, hashes: hashes, checkpoint: p.checkpoint).text)
        }))
        cases.append(("resigned", try f.rebuilt("resigned") { dir in
            // The same checkpoint text, signed by another vault's key under the same origin.
            let text = try Self.proofText(dir)
            let p = try #require(TlogProof(text: text))
            let note = try #require(SignedNote.text(of: p.checkpoint))
            let first = try #require(note.split(separator: "\n").first)
            let forged = SignedNote.sign(note, name: String(first), key: malloryKey)
            try Self.replaceProof(in: dir, with: TlogProof(extra: p.extra, index: p.index, hashes: p.hashes, checkpoint: forged).text)
        }))
        cases.append(("root", try f.rebuilt("root") { dir in
            // A checkpoint whose size is changed: its signature no longer holds.
            let text = try Self.proofText(dir)
            let p = try #require(TlogProof(text: text))
            var lines = p.checkpoint.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[1] = String((Int(lines[1]) ?? 0) + 1)
            try Self.replaceProof(in: dir, with: TlogProof(extra: p.extra, index: p.index, hashes: p.hashes,
                                                           checkpoint: lines.joined(separator: "\n")).text)
        }))
        cases.append(("garbage", try f.rebuilt("garbage") { try Self.replaceProof(in: $0, with: "c2sp.org/tlog-proof@v1\nindex x\n\n") }))
        for (tag, bundle) in cases {
            let r = try f.b.fails(["inspect", bundle, "--sender", f.pub], containing: "custody proof does not hold")
            #expect(!r.out.contains("custody:"), "\(tag)")
        }
        let out = f.b.directory.appendingPathComponent("unpacked").path
        try f.b.fails(["unpack", cases[0].1, "--sender", f.pub, "-o", out], containing: "custody proof does not hold")
        #expect(!FileManager.default.fileExists(atPath: out))
        try f.b.fails(["import", cases[2].1, "--sender", f.pub], containing: "custody proof does not hold")
        #expect(try f.b.listJSON().isEmpty)

        // The proof changed but SHA256SUMS not: a hash mismatch; listed but missing: refused.
        let unlisted = try f.rebuilt("unlisted") { dir in try Data("x".utf8).write(to: dir.appendingPathComponent(Self.proofName)) }
        try f.b.fails(["inspect", unlisted, "--sender", f.pub], containing: "SHA-256 mismatch for \(Self.proofName)")
        let missing = try f.rebuilt("missing") { dir in try FileManager.default.removeItem(at: dir.appendingPathComponent(Self.proofName)) }
        try f.b.fails(["inspect", missing, "--sender", f.pub], containing: "listed in SHA256SUMS but missing")
    }

    @Test("a bundle without a proof (as written before) inspects and imports, and says so")
    func olderBundle() throws {
        let f = try Self.fixture()
        defer { f.cleanUp() }
        let old = try f.rebuilt("old") { dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent(Self.proofName))
            let sumsURL = dir.appendingPathComponent("SHA256SUMS")
            let sums = try String(contentsOf: sumsURL, encoding: .utf8).split(separator: "\n").filter { !$0.hasSuffix("  \(Self.proofName)") }
            try Data((sums.joined(separator: "\n") + "\n").utf8).write(to: sumsURL)
        }
        let r = try f.b.ok(["inspect", old, "--sender", f.pub])
        #expect(r.out.contains("custody:   no custody proof"), "\(r.out)")
        try f.b.ok(["import", old, "--sender", f.pub])
        #expect(try f.b.listJSON().count == 2)
    }
}

/// Disclosures are custody-log events; the member salt they hand out is never
/// written in the vault, not even inside an encrypted segment.
@Suite("disclosures are recorded in the custody log")
struct DisclosureLogCLITests {
    @Test("disclose appends a disclosure event naming the entry; the salt appears in no decrypted segment and not in log --json")
    func logged() throws {
        guard let age = CLIHarness.tool("age"), let tar = CLIHarness.tool("tar") else { try Skip.missingTool("age or tar") }
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let before = try #require(try JSONSerialization.jsonObject(with: s.h.ok(["log", "--json"]).stdout) as? [[String: Any]])
        #expect(!before.contains { $0["kind"] as? String == "disclosure" })
        let file = s.h.directory.appendingPathComponent("d.age").path
        try s.h.ok(["disclose", s.textID, "--to", "ngo", "-o", file])
        let log = try s.h.ok(["log", "--json"])
        let lines = try #require(try JSONSerialization.jsonObject(with: log.stdout) as? [[String: Any]])
        let event = try #require(lines.first { $0["kind"] as? String == "disclosure" })
        #expect(event["entry"] as? String == s.textID)
        #expect(!log.out.contains("ngo"), "the recipient is named in evault log: \(log.out)")

        // The salt the partner received.
        let dir = b.directory.appendingPathComponent("disclosure")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let plain = try CLIHarness.external(age, ["-d", "-i", b.keyfile, file])
        #expect(try CLIHarness.external(tar, ["-x"], stdin: plain.stdout, in: dir).status == 0)
        let disclosed = try ExportCLITests.json(try Data(contentsOf: dir.appendingPathComponent("disclosure.json")))
        let salt = try #require(disclosed["member_salt"] as? String)
        #expect(salt.count == 64)
        #expect(!log.out.contains(salt))
        // Every segment, decrypted with the vault's key: no salt; and none in any vault file's bytes.
        for path in CLIHarness.allFiles(under: s.h.vault) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(!String(decoding: bytes, as: UTF8.self).contains(salt))
            guard path.contains("/log/"), path.hasSuffix(".age") else { continue }
            let segment = try CLIHarness.external(age, ["-d", "-i", s.h.keyfile, path])
            #expect(segment.status == 0, "\(segment.stderr)")
            #expect(!segment.out.lowercased().contains(salt), "the member salt is in \(path)")
        }
    }
}

/// `--json` of export, inspect and import: every documented key present (null
/// when empty); progress for export and import on a terminal only.
@Suite("export, inspect and import: JSON and progress")
struct ExportJSONCLITests {
    static func object(_ r: CLIHarness.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
    }

    static let bundleKeys: Set<String> = ["bundle", "bundle_sha256", "sender", "signed_comment", "exported_at", "to",
                                          "pseudonyms", "custody", "entries"]
    static let entryKeys: Set<String> = ["id", "kind", "sealed_at", "media_type", "exported", "file", "file_sha256", "file_size",
                                         "commitment", "pseudonyms", "witness", "redactions"]
    static let custodyKeys: Set<String> = ["status", "origin", "tree_size", "index", "logged_at"]

    @Test("export, inspect and import --json carry every documented key; custody says verified")
    func keys() throws {
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let bundle = s.h.directory.appendingPathComponent("json.age").path
        let exported = try Self.object(try s.h.ok(["export", s.noteID, s.binaryID, "--to", "ngo", "-o", bundle, "--json"]))
        #expect(Set(exported.keys) == ["file", "bundle_sha256", "manifest_sha256", "exported_at", "to", "linkable", "entries",
                                       "left_out", "unredacted_originals", "cleaned_media", "kept_in_media", "custody_proof"])
        let bundleBytes = try Data(contentsOf: URL(fileURLWithPath: bundle))
        #expect(exported["bundle_sha256"] as? String == ExportCLITests.sha256(bundleBytes))
        let entries = try #require(exported["entries"] as? [[String: Any]])
        #expect(entries.count == 1 && Set(entries[0].keys) == ["id", "kind", "exported", "file", "file_sha256", "file_size"])
        let leftOut = try #require(exported["left_out"] as? [[String: Any]])
        #expect(leftOut.count == 1 && leftOut[0]["id"] as? String == s.binaryID && Set(leftOut[0].keys) == ["id", "reason"])

        let pub = try ExportCLITests.publicKeyFile(of: s.h, in: b)
        let inspected = try Self.object(try b.ok(["inspect", bundle, "--sender", pub, "--json"]))
        #expect(Set(inspected.keys) == Self.bundleKeys.union(["disclosure"]))
        #expect(inspected["disclosure"] is NSNull)
        let sender = try #require(inspected["sender"] as? [String: Any])
        #expect(Set(sender.keys) == ["minisign_public_key", "key_id", "trust", "partner"])
        #expect(sender["trust"] as? String == "expected" && sender["partner"] is NSNull)
        let custody = try #require(inspected["custody"] as? [String: Any])
        #expect(Set(custody.keys) == Self.custodyKeys && custody["status"] as? String == "verified")
        let listed = try #require(inspected["entries"] as? [[String: Any]])
        #expect(listed.count == 1 && Set(listed[0].keys) == Self.entryKeys)

        let imported = try Self.object(try b.ok(["import", bundle, "--sender", pub, "--json"]))
        #expect(Set(imported.keys) == Self.bundleKeys.union(["imported", "skipped"]))
        let added = try #require(imported["imported"] as? [[String: Any]])
        #expect(added.count == 1 && Set(added[0].keys) == ["id", "sha256", "source_id"] && added[0]["source_id"] as? String == s.noteID)
        #expect((imported["skipped"] as? [Any])?.isEmpty == true)
    }

    @Test("export and import show progress on a terminal, and none when piped",
          .enabled(if: EverydayCLITests.python != nil, "python3 is not installed (needed for a pseudo-terminal)"))
    func progress() throws {
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let bundle = s.h.directory.appendingPathComponent("progress.age").path
        let exported = try EverydayCLITests.underTerminal(s.h, ["export", s.noteID, s.textID, "--to", "ngo", "-o", bundle])
        #expect(exported.status == 0 && exported.output.contains("exporting") && exported.output.contains("100%"), "\(exported.output)")
        let pub = try ExportCLITests.publicKeyFile(of: s.h, in: b)
        let imported = try EverydayCLITests.underTerminal(b, ["import", bundle, "--sender", pub])
        #expect(imported.status == 0 && imported.output.contains("reading") && imported.output.contains("100%"), "\(imported.output)")
        let quiet = try EverydayCLITests.underTerminal(s.h, ["export", s.noteID, "--to", "ngo", "--quiet", "-o",
                                                             s.h.directory.appendingPathComponent("quiet.age").path])
        #expect(quiet.status == 0 && !quiet.output.contains("%") && !quiet.output.contains("\u{1B}["), "\(quiet.output)")
        let piped = try s.h.ok(["export", s.noteID, "--to", "ngo", "-o", s.h.directory.appendingPathComponent("piped.age").path])
        #expect(!piped.stderr.contains("%") && !piped.stderr.contains("\u{1B}") && !piped.stderr.contains("\r"), "\(piped.stderr)")
    }
}
