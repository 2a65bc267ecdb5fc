import Foundation
import Testing
import EvaultCrypto
import VaultCore

/// An export must not let its reader test a guess about what was redacted
/// (docs/FORMAT.md §7, "Exports: threat model"); a commitment ties it to the
/// sealed files, and `disclose` opens one of them for one recipient.
@Suite("exports carry no oracle; disclose opens one commitment")
struct ExportOracleCLITests {
    /// Every encoding of a digest someone might search for.
    static func encodings(_ digest: [UInt8]) -> [Data] {
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        let b64 = Data(digest).base64EncodedString()
        let b64url = b64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return [Data(hex.utf8), Data(hex.uppercased().utf8), Data(b64.utf8), Data(b64.dropLast().utf8), Data(b64url.utf8), Data(digest)]
    }

    static func digest(_ data: Data) -> [UInt8] {
        var hasher = SHA256Hasher()
        hasher.update(Array(data))
        return hasher.finalize().bytes
    }

    @Test("no SHA-256 of an exported entry's original, vault-redacted form or stored note, nor a commitment input, is in the decrypted bundle")
    func noOracle() throws {
        guard let age = CLIHarness.tool("age") else {
            print("skipped: age is not installed (make deps installs it); it decrypts the whole payload")
            return
        }
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        // Every vault-side form of the exported entries.
        let original = Data(ExportCLITests.note.utf8)
        let redacted = try s.h.ok(["open", s.textID, "--redacted", "-o", "-"]).stdout
        let storedNote = try s.h.ok(["open", s.noteID, "-o", "-"]).stdout
        #expect(!redacted.isEmpty && !storedNote.isEmpty)
        let vault = try LockedVault(path: s.h.vault).unlock(.keyFile(path: s.h.keyfile))
        var secrets: [Data] = []
        for id in [s.noteID, s.textID, s.binaryID] {
            let entry = try vault.sealedEntry(try #require(EntryID(id)))
            secrets.append(Data(try #require(entry.metadata.commitmentSalt).utf8))
            for role in SealedMember.allCases {
                if let salt = entry.memberSalt(role) { secrets += [Data(salt.hex.utf8), Data(salt.bytes)] }
            }
        }
        for linkable in [false, true] {
            let bundle = s.h.directory.appendingPathComponent("oracle-\(linkable).age").path
            try s.h.ok(["export", s.noteID, s.textID, s.binaryID, "--to", "ngo", "-o", bundle] + (linkable ? ["--linkable"] : []))
            let plain = try CLIHarness.external(age, ["-d", "-i", b.keyfile, bundle])
            #expect(plain.status == 0 && plain.stdout.count > 0)
            // With --linkable the partner receives the vault's redacted form and
            // stored note themselves, so their hashes name files it holds.
            var forms: [(String, Data)] = [("original", original), ("binary original", s.binary)]
            if !linkable { forms += [("vault redacted form", redacted), ("stored note", storedNote)] }
            for (label, form) in forms {
                for needle in Self.encodings(Self.digest(form)) {
                    #expect(plain.stdout.range(of: needle) == nil, "the SHA-256 of the \(label) is in the bundle (linkable: \(linkable))")
                }
            }
            for secret in secrets { #expect(plain.stdout.range(of: secret) == nil, "a commitment salt is in the bundle") }
            // No size of the sealed originals either.
            let dir = b.directory.appendingPathComponent("oracle-\(linkable)").path
            try b.ok(["unpack", bundle, "-o", dir])
            let manifest = try ExportCLITests.json(ExportCLITests.files(in: dir)["manifest.json"])
            let entries = try #require(manifest["entries"] as? [[String: Any]])
            #expect(entries.count == 2)
            for e in entries {
                #expect(Set(e.keys).isSubset(of: ["id", "kind", "sealed_at", "media_type", "commitment", "commitments", "exported",
                                                  "file", "file_sha256", "file_size", "pseudonyms", "witness", "redactions"]), "\(e.keys)")
                #expect(e["file_size"] as? Int != original.count || e["id"] as? String != s.textID)
            }
        }
    }

    @Test("disclose opens one commitment: inspect --disclosure accepts it, refuses another member, a tampered or foreign one")
    func disclose() throws {
        let s = try ExportCLITests.makeSender()
        defer { s.h.cleanUp() }
        let b = try ExportCLITests.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let c = try ExportCLITests.partner("court", of: s.h)
        defer { c.cleanUp() }
        let bundle = s.h.directory.appendingPathComponent("b.age").path
        try s.h.ok(["export", s.noteID, s.textID, "--to", "ngo", "-o", bundle])
        let pub = try ExportCLITests.publicKeyFile(of: s.h, in: b)

        let disclosure = s.h.directory.appendingPathComponent("d.age").path
        let made = try s.h.ok(["disclose", s.textID, "--to", "ngo", "-o", disclosure])
        #expect(made.stderr.contains("warning"), "disclosing an original must warn: \(made.stderr)")
        let sha = ExportCLITests.sha256(Data(ExportCLITests.note.utf8))
        let checked = try b.ok(["inspect", bundle, "--sender", pub, "--disclosure", disclosure])
        #expect(checked.out.contains("opens the manifest's commitment"))
        if !sha.isEmpty { #expect(checked.out.contains("original sha256 \(sha)")) }

        // The same by hand: SHA-256("evault-commitment/1" 0x00 || s_M || sha256) equals the manifest's commitment.
        if let ageTool = CLIHarness.tool("age"), let tar = CLIHarness.tool("tar"), CLIHarness.tool("xxd") != nil {
            let dir = b.directory.appendingPathComponent("by-hand")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let plain = try CLIHarness.external(ageTool, ["-d", "-i", b.keyfile, disclosure])
            #expect(try CLIHarness.external(tar, ["-x"], stdin: plain.stdout, in: dir).status == 0)
            if let minisign = CLIHarness.tool("minisign") {
                #expect(try CLIHarness.external(minisign, ["-Vm", "disclosure.json", "-p", pub], in: dir).status == 0)
            }
            let d = try ExportCLITests.json(try Data(contentsOf: dir.appendingPathComponent("disclosure.json")))
            let salt = try #require(d["member_salt"] as? String), digest = try #require(d["sha256"] as? String)
            let script = "{ printf 'evault-commitment/1\\000'; printf %s \(salt) | xxd -r -p; printf %s \(digest) | xxd -r -p; } | sha256sum"
            let shell = try CLIHarness.external("/bin/sh", ["-c", script])
            let unpacked = b.directory.appendingPathComponent("unpacked").path
            try b.ok(["unpack", bundle, "-o", unpacked, "--sender", pub])
            let entries = try #require(try ExportCLITests.json(ExportCLITests.files(in: unpacked)["manifest.json"])["entries"] as? [[String: Any]])
            let commitment = try #require(entries.first { $0["id"] as? String == s.textID }?["commitment"] as? String)
            #expect(shell.out.hasPrefix(commitment), "hand-computed \(shell.out) != \(commitment)")
            #expect(digest == sha || sha.isEmpty)
        } else {
            print("skipped the by-hand check: age, tar or xxd is not installed")
        }

        // Two partners holding the same entry see the same commitment (README: they can tell
        // they hold the same entry), though their pseudonyms differ.
        let toCourt = s.h.directory.appendingPathComponent("court-bundle.age").path
        try s.h.ok(["export", s.noteID, s.textID, "--to", "court", "-o", toCourt])
        func commitments(_ h: CLIHarness, _ bundle: String, _ tag: String) throws -> [String: String] {
            let dir = h.directory.appendingPathComponent("c-\(tag)").path
            try h.ok(["unpack", bundle, "-o", dir])
            let entries = try #require(try ExportCLITests.json(ExportCLITests.files(in: dir)["manifest.json"])["entries"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: entries.compactMap { e in (e["id"] as? String).map { ($0, e["commitment"] as? String ?? "") } })
        }
        let seenByNGO = try commitments(b, bundle, "ngo"), seenByCourt = try commitments(c, toCourt, "court")
        #expect(seenByNGO == seenByCourt && seenByNGO.count == 2)

        // Another member: the redacted form has its own commitment in the manifest.
        let red = s.h.directory.appendingPathComponent("red.age").path
        try s.h.ok(["disclose", s.textID, "--member", "redacted", "--to", "ngo", "-o", red])
        #expect(try b.ok(["inspect", bundle, "--disclosure", red]).out.contains("redacted sha256"))
        // A member the entry does not have, an entry the bundle does not carry.
        try s.h.fails(["disclose", s.noteID, "--member", "clean", "--to", "ngo", "-o", s.h.directory.appendingPathComponent("x.age").path],
                      containing: "has no clean member")
        let other = s.h.directory.appendingPathComponent("other.age").path
        try s.h.ok(["disclose", s.binaryID, "--to", "ngo", "-o", other])
        try b.fails(["inspect", bundle, "--sender", pub, "--disclosure", other], containing: "not in this bundle")
        // Tampered: any flipped byte.
        let good = try Data(contentsOf: URL(fileURLWithPath: disclosure))
        for position in [0, 60, good.count / 2, good.count - 20] {
            var bad = good
            bad[position] ^= 0x20
            let path = try b.write("bad-\(position).age", bad)
            try b.fails(["inspect", bundle, "--sender", pub, "--disclosure", path], containing: "refused")
        }
        // Meant for someone else.
        let forCourt = s.h.directory.appendingPathComponent("court.age").path
        try s.h.ok(["disclose", s.textID, "--to", "court", "-o", forCourt])
        try b.fails(["inspect", bundle, "--sender", pub, "--disclosure", forCourt], containing: "not encrypted to this key")
        // Made by another vault: not signed by the bundle's sender.
        let mallory = try CLIHarness()
        defer { mallory.cleanUp() }
        try mallory.initVault()
        try mallory.ok(["partner", "add", "ngo", "--age", try ExportCLITests.keys(b).age])
        try mallory.ok(["seal", "--note", "-"], stdin: Data("Another note.".utf8))
        let mID = try #require(try mallory.listJSON().first?["id"] as? String)
        let forged = mallory.directory.appendingPathComponent("forged.age").path
        try mallory.ok(["disclose", mID, "--to", "ngo", "-o", forged])
        try b.fails(["inspect", bundle, "--sender", pub, "--disclosure", forged], containing: "signature does not verify")
    }
}
