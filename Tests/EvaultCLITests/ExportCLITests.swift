import Foundation
import Testing
import VaultCore

/// Exports to partners through the built binary: one vault exports, another
/// inspects, unpacks and imports; the same bundle opens with age, tar, minisign
/// and sha256sum; anything altered, re-signed or meant for someone else is refused.
@Suite("exports to partners end to end")
struct ExportCLITests {
    static let note = """
    Interview notes. My name is Zelimkhan Abdulkhadzhiev, people call me Zelim.
    ZELIMKHAN ABDULKHADZHIEV signed the statement; zelimkhan abdulkhadzhiev is how he typed it.
    Abdulkhadzhiev's brother was there. Z. Abdulkhadzhiev confirmed. Abdulkhadzhiev’s phone, +7 928 123-45-67, was taken.
    The officers shouted "Zelimkhan
    Abdulkhadzhiev" twice. They also held Aslan  Dudaev-Umarov and Aslan's cousin.
    Friends wrote Zelimkhán in a message. По-русски: Зелимхан Абдулхаджиев, Зелимхана забрали.
    """
    static let identities = "Zelimkhan Abdulkhadzhiev=Zelim,Зелимхан Абдулхаджиев\nAslan Dudaev-Umarov\n"
    static let forbidden = ["zelimkhan", "zelim ", "abdulkhadzhiev", "zelimkhán", "зелимхан", "абдулхаджиев",
                            "aslan", "dudaev", "928 123", "123-45-67"]

    /// A vault with a note (witness and declared people), a stripped text document and a binary one.
    struct Sender {
        let h: CLIHarness
        let noteID: String
        let textID: String
        let binaryID: String
        let binary: Data
    }

    static func makeSender() throws -> Sender {
        let h = try CLIHarness()
        try h.initVault()
        let people = try h.write("people.txt", identities)
        try h.ok(["seal", "--note", "-", "--witness", "Zelimkhan Abdulkhadzhiev=Zelim,Зелимхан Абдулхаджиев",
                  "--identities", people, "--tag", "case-7"], stdin: Data(note.utf8))
        let doc = try h.write("statement.txt", note)
        try h.ok(["seal", doc, "--identities", people, "--tag", "case-7"])
        var binary = Data(count: 70_000)
        for i in 0..<binary.count { binary[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
        let pic = try h.write("photo.jpg", binary)
        try h.ok(["seal", pic])
        for file in [people, doc, pic] { try FileManager.default.removeItem(atPath: file) }
        let list = try h.listJSON()
        func id(_ where: ([String: Any]) -> Bool) throws -> String { try #require(list.first(where: `where`)?["id"] as? String) }
        return Sender(h: h, noteID: try id { $0["kind"] as? String == "note" },
                      textID: try id { $0["name"] as? String == "statement.txt" },
                      binaryID: try id { $0["name"] as? String == "photo.jpg" }, binary: binary)
    }

    /// `keys show`: (age recipient, minisign public key).
    static func keys(_ h: CLIHarness) throws -> (age: String, minisign: String) {
        let out = try h.ok(["keys", "show"]).out
        func value(_ label: String) throws -> String {
            let line = try #require(out.split(separator: "\n").first { $0.hasPrefix(label) })
            return String(try #require(line.split(separator: " ").last))
        }
        return (try value("age recipient"), try value("minisign public key"))
    }

    /// A receiving vault, added to `sender` as partner `name`; returns its harness.
    static func partner(_ name: String, of sender: CLIHarness, minisign: Bool = true) throws -> CLIHarness {
        let p = try CLIHarness()
        try p.initVault()
        let k = try keys(p)
        try sender.ok(["partner", "add", name, "--age", k.age] + (minisign ? ["--minisign", k.minisign] : []))
        return p
    }

    /// The sender's minisign key as a `.pub` file in `h`'s directory.
    static func publicKeyFile(of sender: CLIHarness, in h: CLIHarness) throws -> String {
        try h.write("sender.pub", "untrusted comment: sender\n\(try keys(sender).minisign)\n")
    }

    static func files(in dir: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for f in CLIHarness.allFiles(under: dir) { out[String(f.dropFirst(dir.count + 1))] = try? Data(contentsOf: URL(fileURLWithPath: f)) }
        return out
    }

    static func json(_ data: Data?) throws -> [String: Any] {
        let bytes = try #require(data)
        return try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
    }

    @Test("export -> inspect -> unpack -> import round-trips between two vaults, and the export is recorded")
    func roundTrip() throws {
        let s = try Self.makeSender()
        defer { s.h.cleanUp() }
        let b = try Self.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let bundle = s.h.directory.appendingPathComponent("to-ngo.age").path
        let out = try s.h.ok(["export", s.noteID, s.textID, s.binaryID, "--to", "ngo", "-o", bundle])
        #expect(out.out.contains("wrote \(bundle)"))
        #expect(out.stderr.contains("entry \(s.binaryID) left out"), "\(out.stderr)")
        #expect(CLIHarness.mode(bundle) == 0o600)
        let bundleSHA = Self.sha256(try Data(contentsOf: URL(fileURLWithPath: bundle)))

        // The record.
        let records = try #require(try JSONSerialization.jsonObject(with: s.h.ok(["exports", "--json"]).stdout) as? [[String: Any]])
        #expect(records.count == 1)
        #expect(records.first?["to"] as? [String] == ["ngo"])
        #expect((records.first?["entries"] as? [[String: Any]])?.count == 2)
        if !bundleSHA.isEmpty { #expect(records.first?["bundle_sha256"] as? String == bundleSHA) }
        #expect(try s.h.ok(["exports"]).out.contains("to ngo"))

        // inspect: with the partner's vault, and with its key file as an age identity file, no vault.
        let pub = try Self.publicKeyFile(of: s.h, in: b)
        let inspected = try b.ok(["inspect", bundle, "--sender", pub])
        for id in [s.noteID, s.textID] { #expect(inspected.out.contains(id)) }
        #expect(!inspected.out.contains(s.binaryID), "a binary document without a clean copy is left out")
        #expect(!inspected.stderr.contains("UNVERIFIED"))
        let noVault = try b.run(["inspect", bundle, "--identity", b.keyfile], environment: [:])
        #expect(noVault.status == 0, "\(noVault.stderr)")
        #expect(noVault.stderr.contains("UNVERIFIED"), "an unknown sender must be flagged")

        // unpack: the tar layout, private modes.
        let dir = b.directory.appendingPathComponent("unpacked").path
        try b.ok(["unpack", bundle, "-o", dir, "--sender", pub])
        let files = Self.files(in: dir)
        #expect(Set(files.keys) == ["manifest.json", "manifest.json.minisig", "SHA256SUMS", "custody-proof.txt",
                                    "files/\(s.noteID)-note.txt", "files/\(s.textID)-redacted.txt"])
        #expect(CLIHarness.mode(dir) == 0o700 && CLIHarness.mode(dir + "/files") == 0o700)
        for f in CLIHarness.allFiles(under: dir) { #expect(CLIHarness.mode(f) == 0o600) }
        let manifest = try Self.json(files["manifest.json"])
        #expect(manifest["format"] as? String == "evault-export/2")
        let entries = try #require(manifest["entries"] as? [[String: Any]])
        #expect(!entries.contains { $0["id"] as? String == s.binaryID })
        #expect(entries.allSatisfy { $0["original_sha256"] == nil && $0["original_size"] == nil })
        #expect(entries.allSatisfy { ($0["commitment"] as? String)?.count == 64 })
        let text = try #require(entries.first { $0["id"] as? String == s.textID })
        #expect(text["exported"] as? String == "redacted")
        #expect((text["redactions"] as? [String: Int])?["person"] ?? 0 > 0)
        try b.fails(["unpack", bundle, "-o", dir], containing: "already exists")

        // import: refused while the sender is unknown, accepted once it is a partner.
        let before = try b.listJSON().count
        try b.fails(["import", bundle], containing: "unverified")
        let sk = try Self.keys(s.h)
        try b.ok(["partner", "add", "newsroom", "--age", sk.age, "--minisign", sk.minisign])
        let imported = try b.ok(["import", bundle])
        #expect(imported.out.contains("partner newsroom"))
        let list = try b.listJSON()
        #expect(list.count == before + 2)
        let note = try #require(list.first { $0["kind"] as? String == "note" })
        let noteText = try b.ok(["open", try #require(note["id"] as? String), "-o", "-"]).stdout
        #expect(noteText == files["files/\(s.noteID)-note.txt"])
        #expect(try b.ok(["show", try #require(list.first { $0["kind"] as? String == "document" }?["id"] as? String)]).out.contains("imported:    from \(sk.minisign)"))
        try b.ok(["verify"])
        let importedDoc = try #require(list.first { $0["kind"] as? String == "document" })
        #expect(importedDoc["redacted"] as? Bool == true, "an imported stripped document keeps a redacted form")
        #expect(try b.ok(["open", try #require(importedDoc["id"] as? String), "--redacted", "-o", "-"]).stdout
                == files["files/\(s.textID)-redacted.txt"])
        try b.fails(["import", bundle], containing: "already imported")

        // Selection by person: the entries that mention the witness, not the photo.
        let byWho = try s.h.ok(["export", "--who", "Zelimkhan Abdulkhadzhiev", "--to", "ngo", "-o",
                                s.h.directory.appendingPathComponent("who.age").path]).out
        #expect(byWho.contains(s.noteID) && byWho.contains(s.textID) && !byWho.contains(s.binaryID))
        try s.h.fails(["export", "--tag", "no-such-tag", "--to", "ngo", "-o", s.h.directory.appendingPathComponent("none.age").path],
                      containing: "nothing was exported")
        #expect(!FileManager.default.fileExists(atPath: s.h.directory.appendingPathComponent("none.age").path))
        try s.h.fails(["export", s.noteID, "--to", "ngo", "-o", bundle], containing: "already exists")
        #expect(try JSONSerialization.jsonObject(with: s.h.ok(["exports", "--json"]).stdout) as? [[String: Any]] != nil)
    }

    @Test("--include-originals sends a binary document byte for byte, with a warning, and it imports with its SHA-256")
    func originals() throws {
        let s = try Self.makeSender()
        defer { s.h.cleanUp() }
        let b = try Self.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let bundle = s.h.directory.appendingPathComponent("originals.age").path
        let r = try s.h.ok(["export", s.binaryID, s.textID, "--to", "ngo", "-o", bundle, "--include-originals"])
        #expect(r.stderr.contains("warning: entry \(s.binaryID)") && r.stderr.contains("NOT redacted"))
        let pub = try Self.publicKeyFile(of: s.h, in: b)
        #expect(try b.ok(["inspect", bundle, "--sender", pub]).out.contains("ORIGINAL, NOT REDACTED"))
        let dir = b.directory.appendingPathComponent("originals").path
        try b.ok(["unpack", bundle, "-o", dir, "--sender", pub])
        let files = Self.files(in: dir)
        #expect(files["files/\(s.binaryID)-original.jpg"] == s.binary)
        // Text documents never go out as originals: only their stripped version.
        #expect(files.keys.filter { $0.contains(s.textID) } == ["files/\(s.textID)-redacted.txt"])
        try b.ok(["import", bundle, "--sender", pub])
        let sha = Self.sha256(s.binary)
        if !sha.isEmpty { #expect(try b.listJSON().contains { $0["sha256"] as? String == sha && $0["kind"] as? String == "document" }) }
    }

    @Test("the bundle opens with Debian's age, tar, minisign and sha256sum alone (binary and armored)")
    func standardTools() throws {
        guard let age = CLIHarness.tool("age"), let tar = CLIHarness.tool("tar"),
              let minisign = CLIHarness.tool("minisign"), let sha256sum = CLIHarness.tool("sha256sum") else {
            try Skip.missingTool("age, tar, minisign or sha256sum")
        }
        let s = try Self.makeSender()
        defer { s.h.cleanUp() }
        let b = try Self.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let pub = try Self.publicKeyFile(of: s.h, in: b)
        for armor in [false, true] {
            let bundle = s.h.directory.appendingPathComponent("bundle-\(armor).age").path
            try s.h.ok(["export", "--tag", "case-7", "--to", "ngo", "-o", bundle] + (armor ? ["--armor"] : []))
            if armor { #expect(try String(contentsOfFile: bundle, encoding: .utf8).hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----")) }
            let plain = try CLIHarness.external(age, ["-d", "-i", b.keyfile, bundle])
            #expect(plain.status == 0, "age -d failed: \(plain.stderr)")
            let dir = b.directory.appendingPathComponent("tools-\(armor)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let x = try CLIHarness.external(tar, ["-x"], stdin: plain.stdout, in: dir)
            #expect(x.status == 0, "tar -x failed: \(x.stderr)")
            let v = try CLIHarness.external(minisign, ["-Vm", "manifest.json", "-p", pub], in: dir)
            #expect(v.status == 0, "minisign -V failed: \(v.out) \(v.stderr)")
            #expect((v.out + v.stderr).contains("evault export signed by minisign key"))
            let c = try CLIHarness.external(sha256sum, ["-c", "SHA256SUMS"], in: dir)
            #expect(c.status == 0, "sha256sum -c failed: \(c.out) \(c.stderr)")
            #expect(c.out.contains("manifest.json: OK") && c.out.contains("files/\(s.noteID)-note.txt: OK"))
            // evault reads what the tools read.
            try b.ok(["inspect", bundle, "--sender", pub])
        }
    }

    @Test("a bundle with any byte flipped is refused with one line, and nothing is written or imported")
    func tampering() throws {
        let s = try Self.makeSender()
        defer { s.h.cleanUp() }
        let b = try Self.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let sk = try Self.keys(s.h)
        try b.ok(["partner", "add", "newsroom", "--age", sk.age, "--minisign", sk.minisign])
        for armor in [false, true] {
            let bundle = s.h.directory.appendingPathComponent("t-\(armor).age").path
            try s.h.ok(["export", s.noteID, s.textID, "--to", "ngo", "-o", bundle] + (armor ? ["--armor"] : []))
            let original = try Data(contentsOf: URL(fileURLWithPath: bundle))
            try b.ok(["inspect", bundle])
            let n = original.count
            for position in [0, 5, 40, 120, n / 3, n / 2, n - 40, n - 17, n - 2] {
                var bad = original
                bad[position] ^= armor ? 0x01 : 0x40
                let path = try b.write("bad-\(armor)-\(position).age", bad)
                try b.fails(["inspect", path], containing: "refused")
                let dir = b.directory.appendingPathComponent("out-\(armor)-\(position)").path
                try b.fails(["unpack", path, "-o", dir], containing: "refused")
                #expect(!FileManager.default.fileExists(atPath: dir), "unpack wrote \(dir) from a tampered bundle")
                try b.fails(["import", path], containing: "refused")
            }
            // Truncated, or with bytes appended.
            let cut = try b.write("cut-\(armor).age", original.prefix(n - 100))
            try b.fails(["inspect", cut], containing: "refused")
            if !armor {
                let longer = try b.write("long.age", original + Data([0x41]))
                try b.fails(["inspect", longer], containing: "refused")
            }
        }
        #expect(try b.listJSON().isEmpty)
        #expect(CLIHarness.allFiles(under: b.directory.path).allSatisfy { !$0.contains("/out-") && !$0.contains(".partial") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: b.directory.path).allSatisfy { !$0.hasSuffix(".partial") })
    }

    @Test("a manifest re-signed with another vault's key, or a bundle from another sender, is refused")
    func otherSigner() throws {
        guard let age = CLIHarness.tool("age"), let tar = CLIHarness.tool("tar") else {
            try Skip.missingTool("age or tar")
        }
        let s = try Self.makeSender()
        defer { s.h.cleanUp() }
        let b = try Self.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let mallory = try CLIHarness()
        defer { mallory.cleanUp() }
        try mallory.initVault()
        let bundle = s.h.directory.appendingPathComponent("real.age").path
        try s.h.ok(["export", s.noteID, "--to", "ngo", "-o", bundle])
        let pub = try Self.publicKeyFile(of: s.h, in: b)

        // Decrypt, replace the signature with Mallory's over the same manifest, re-pack, re-encrypt to the partner.
        let dir = b.directory.appendingPathComponent("forge")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let plain = try CLIHarness.external(age, ["-d", "-i", b.keyfile, bundle])
        #expect(try CLIHarness.external(tar, ["-x"], stdin: plain.stdout, in: dir).status == 0)
        let manifest = try Data(contentsOf: dir.appendingPathComponent("manifest.json"))
        let m = try LockedVault(path: mallory.vault).unlock(.keyFile(path: mallory.keyfile))
        let forged = m.keyring.signer.sign(message: Array(manifest), trustedComment: "evault export signed by minisign key (forged)")
        try Data(forged.utf8).write(to: dir.appendingPathComponent("manifest.json.minisig"))
        let packed = try CLIHarness.external(tar, ["--format=ustar", "-c", "manifest.json", "manifest.json.minisig", "SHA256SUMS", "custody-proof.txt", "files"], in: dir)
        #expect(packed.status == 0, "\(packed.stderr)")
        let recipient = try Self.keys(b).age
        let sealed = try CLIHarness.external(age, ["-e", "-r", recipient], stdin: packed.stdout)
        let forgedBundle = try b.write("forged.age", sealed.stdout)

        // Expected sender given: refused as another signer.
        try b.fails(["inspect", forgedBundle, "--sender", pub], containing: "not by the expected sender")
        // Sender known as a partner: the manifest names it, the signature is not its.
        let sk = try Self.keys(s.h)
        try b.ok(["partner", "add", "newsroom", "--age", sk.age, "--minisign", sk.minisign])
        try b.fails(["inspect", forgedBundle], containing: "signature does not verify")
        try b.fails(["import", forgedBundle], containing: "signature does not verify")
        let dirOut = b.directory.appendingPathComponent("forged-out").path
        try b.fails(["unpack", forgedBundle, "-o", dirOut], containing: "signature does not verify")
        #expect(!FileManager.default.fileExists(atPath: dirOut))

        // A whole bundle made and signed by Mallory's vault: not the expected sender, and not importable.
        let mk = try Self.keys(b)
        try mallory.ok(["partner", "add", "ngo", "--age", mk.age])
        try mallory.ok(["seal", "--note", "-"], stdin: Data("A note from someone else.".utf8))
        let other = mallory.directory.appendingPathComponent("mallory.age").path
        try mallory.ok(["export", "--kind", "note", "--to", "ngo", "-o", other])
        try b.fails(["inspect", other, "--sender", pub], containing: "not by the expected sender")
        try b.fails(["import", other], containing: "unverified")
        #expect(try b.listJSON().isEmpty)
    }

    @Test("a re-encrypted bundle whose files disagree with the signed manifest or SHA256SUMS is refused")
    func hashesDisagree() throws {
        guard let age = CLIHarness.tool("age"), let tar = CLIHarness.tool("tar") else {
            try Skip.missingTool("age or tar")
        }
        let s = try Self.makeSender()
        defer { s.h.cleanUp() }
        let b = try Self.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let bundle = s.h.directory.appendingPathComponent("real.age").path
        try s.h.ok(["export", s.noteID, s.textID, "--to", "ngo", "-o", bundle])
        let pub = try Self.publicKeyFile(of: s.h, in: b)
        let recipient = try Self.keys(b).age
        let plain = try CLIHarness.external(age, ["-d", "-i", b.keyfile, bundle]).stdout
        let note = "files/\(s.noteID)-note.txt"

        /// Unpacks the real bundle, lets `change` edit the tree, re-packs and re-encrypts it to the partner.
        func rebuilt(_ tag: String, members: [String]? = nil, _ change: (URL) throws -> Void) throws -> String {
            let dir = b.directory.appendingPathComponent("rebuild-\(tag)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            #expect(try CLIHarness.external(tar, ["-x"], stdin: plain, in: dir).status == 0)
            try change(dir)
            let list = members ?? ["manifest.json", "manifest.json.minisig", "SHA256SUMS", "custody-proof.txt", "files"]
            let packed = try CLIHarness.external(tar, ["--format=ustar", "-c"] + list, in: dir)
            let sealed = try CLIHarness.external(age, ["-e", "-r", recipient], stdin: packed.stdout)
            return try b.write("\(tag).age", sealed.stdout)
        }
        func append(_ text: String, to url: URL) throws {
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }
        // Unchanged, it still opens: the rebuild itself is sound.
        try b.ok(["inspect", try rebuilt("same") { _ in }, "--sender", pub])
        // A file edited, with SHA256SUMS edited to match: the signed manifest disagrees.
        let edited = try rebuilt("edited") { dir in
            let file = dir.appendingPathComponent(note)
            try append("Added later.\n", to: file)
            let sums = try String(contentsOf: dir.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
            let newSum = Self.sha256(try Data(contentsOf: file))
            let fixed = sums.split(separator: "\n").map { $0.hasSuffix(note) ? "\(newSum)  \(note)" : String($0) }.joined(separator: "\n") + "\n"
            try Data(fixed.utf8).write(to: dir.appendingPathComponent("SHA256SUMS"))
        }
        try b.fails(["inspect", edited, "--sender", pub], containing: "SHA-256 mismatch for \(note)")
        // SHA256SUMS alone edited.
        let sums = try rebuilt("sums") { dir in
            let url = dir.appendingPathComponent("SHA256SUMS")
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "  manifest.json", with: "  manifest.json.x").utf8).write(to: url)
        }
        try b.fails(["inspect", sums, "--sender", pub], containing: "refused")
        // An extra file riding along, and a missing one.
        let extra = try rebuilt("extra") { dir in
            try Data("unsigned".utf8).write(to: dir.appendingPathComponent("files/extra.txt"))
        }
        try b.fails(["inspect", extra, "--sender", pub], containing: "not in the manifest")
        let stray = try rebuilt("stray", members: ["manifest.json", "manifest.json.minisig", "SHA256SUMS", "custody-proof.txt", "files", "run-me.sh"]) { dir in
            try Data("#!/bin/sh\n".utf8).write(to: dir.appendingPathComponent("run-me.sh"))
        }
        try b.fails(["inspect", stray, "--sender", pub], containing: "unexpected member run-me.sh")
        // A file whose name starts with '-' (read as an option by `rm *`): refused, nothing unpacked.
        let dash = try rebuilt("dash") { dir in
            try Data("x".utf8).write(to: dir.appendingPathComponent("files/-rf"))
        }
        let dashDir = b.directory.appendingPathComponent("dash-out").path
        try b.fails(["unpack", dash, "-o", dashDir, "--sender", pub], containing: "unexpected member files/-rf")
        #expect(!FileManager.default.fileExists(atPath: dashDir))
        let missing = try rebuilt("missing", members: ["manifest.json", "manifest.json.minisig", "SHA256SUMS", note]) { _ in }
        try b.fails(["inspect", missing, "--sender", pub], containing: "missing")
        let dir = b.directory.appendingPathComponent("edited-out").path
        try b.fails(["unpack", edited, "-o", dir, "--sender", pub], containing: "SHA-256 mismatch")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    @Test("a bundle exported to one partner does not open as another")
    func wrongPartner() throws {
        let s = try Self.makeSender()
        defer { s.h.cleanUp() }
        let b = try Self.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let c = try Self.partner("lawyer", of: s.h)
        defer { c.cleanUp() }
        let bundle = s.h.directory.appendingPathComponent("for-ngo.age").path
        try s.h.ok(["export", s.noteID, "--to", "ngo", "-o", bundle])
        try c.fails(["inspect", bundle], containing: "not encrypted to this key")
        try c.fails(["inspect", bundle, "--identity", c.keyfile], containing: "not encrypted to this key")
        let dir = c.directory.appendingPathComponent("out").path
        try c.fails(["unpack", bundle, "-o", dir], containing: "not encrypted to this key")
        #expect(!FileManager.default.fileExists(atPath: dir))
        // The sender itself cannot read it either: it is encrypted to the partner only.
        try s.h.fails(["inspect", bundle], containing: "not encrypted to this key")
        try b.ok(["inspect", bundle])
    }

    @Test("no declared identity, in any form, appears in a decrypted bundle")
    func noDeclaredIdentity() throws {
        let s = try Self.makeSender()
        defer { s.h.cleanUp() }
        let b = try Self.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        for linkable in [false, true] {
            let bundle = s.h.directory.appendingPathComponent("ids-\(linkable).age").path
            try s.h.ok(["export", "--tag", "case-7", "--to", "ngo", "-o", bundle] + (linkable ? ["--linkable"] : []))
            let dir = b.directory.appendingPathComponent("ids-\(linkable)").path
            try b.ok(["unpack", bundle, "-o", dir])
            let files = Self.files(in: dir)
            #expect(files.count == 6) // manifest, signature, SHA256SUMS, custody proof, two files
            for (name, data) in files {
                let text = String(decoding: data, as: UTF8.self).lowercased()
                for form in Self.forbidden { #expect(!text.contains(form), "\(form) found in \(name)") }
            }
            // The raw decrypted payload too (what `age -d` prints).
            if let age = CLIHarness.tool("age") {
                let plain = try CLIHarness.external(age, ["-d", "-i", b.keyfile, bundle])
                let text = String(decoding: plain.stdout, as: UTF8.self).lowercased()
                for form in Self.forbidden { #expect(!text.contains(form), "\(form) found in the decrypted payload") }
            }
        }
    }

    @Test("each partner gets its own pseudonyms, stable across exports; --linkable keeps the vault's")
    func pseudonymsPerPartner() throws {
        let s = try Self.makeSender()
        defer { s.h.cleanUp() }
        let b = try Self.partner("ngo", of: s.h)
        defer { b.cleanUp() }
        let c = try Self.partner("lawyer", of: s.h)
        defer { c.cleanUp() }
        let vaultWitness = try #require(try s.h.listJSON(["--kind", "note"]).first?["witness"] as? String)
        let vaultNote = String(decoding: try s.h.ok(["open", s.noteID, "-o", "-"]).stdout, as: UTF8.self)

        func export(to partner: String, opener: CLIHarness, _ tag: String, _ extra: [String] = []) throws -> (witness: String, note: String, pseudonyms: [String]) {
            let bundle = s.h.directory.appendingPathComponent("\(tag).age").path
            try s.h.ok(["export", s.noteID, "--to", partner, "-o", bundle] + extra)
            let dir = opener.directory.appendingPathComponent(tag).path
            try opener.ok(["unpack", bundle, "-o", dir])
            let files = Self.files(in: dir)
            let entry = try #require((try Self.json(files["manifest.json"])["entries"] as? [[String: Any]])?.first)
            return (try #require(entry["witness"] as? String),
                    String(decoding: try #require(files["files/\(s.noteID)-note.txt"]), as: UTF8.self),
                    try #require(entry["pseudonyms"] as? [String]))
        }
        let b1 = try export(to: "ngo", opener: b, "b1")
        let b2 = try export(to: "ngo", opener: b, "b2")
        let c1 = try export(to: "lawyer", opener: c, "c1")
        #expect(b1.witness == b2.witness && b1.note == b2.note, "the same partner must see the same pseudonyms")
        #expect(b1.witness != c1.witness, "two partners must not share a pseudonym")
        #expect(b1.witness != vaultWitness && c1.witness != vaultWitness)
        #expect(Set(b1.pseudonyms).isDisjoint(with: c1.pseudonyms))
        // The partner's text has the same shape: the witness form with the partner's words.
        let words = b1.witness.split(separator: " ").dropFirst().joined(separator: " ")
        #expect(b1.witness.hasPrefix("Person ") || b1.witness.hasPrefix("Witness "))
        #expect(b1.note.contains("Witness " + words))
        #expect(b1.pseudonyms.contains { $0.hasPrefix("[phone ") })
        let vaultWords = vaultWitness.split(separator: " ").dropFirst().joined(separator: " ")
        #expect(!b1.note.contains(vaultWords) && !c1.note.contains(vaultWords))
        #expect(b1.note.count > 0 && vaultNote.contains("Witness " + vaultWords))

        // Several partners need --linkable, which keeps the vault's pseudonyms.
        try s.h.fails(["export", s.noteID, "--to", "ngo,lawyer", "-o", s.h.directory.appendingPathComponent("both.age").path],
                      containing: "--linkable")
        #expect(!FileManager.default.fileExists(atPath: s.h.directory.appendingPathComponent("both.age").path))
        let linked = try export(to: "ngo, lawyer", opener: c, "linked", ["--linkable"])
        #expect(linked.witness == vaultWitness && linked.note == vaultNote)
        try b.ok(["inspect", s.h.directory.appendingPathComponent("linked.age").path])
    }

    @Test("partner add checks both keys; names are unique; remove forgets the partner")
    func partners() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let k = try Self.keys(h)
        try h.fails(["partner", "add", "ngo", "--age", "age1notarecipient"], containing: "invalid age recipient")
        try h.fails(["partner", "add", "ngo", "--age", k.age, "--minisign", "RWnotakey"], containing: "invalid minisign public key")
        try h.fails(["partner", "add", "a,b", "--age", k.age], containing: "comma")
        try h.ok(["partner", "add", "ngo", "--age", k.age, "--minisign", k.minisign])
        try h.fails(["partner", "add", "ngo", "--age", k.age], containing: "already exists")
        #expect(try h.ok(["partner", "list"]).out.contains("ngo  \(k.age)  minisign \(k.minisign)"))
        try h.ok(["seal", "--note", "-"], stdin: Data("A note.".utf8))
        try h.fails(["export", "--kind", "note", "--to", "nobody", "-o", h.directory.appendingPathComponent("x.age").path],
                    containing: "no partner named nobody")
        try h.ok(["partner", "remove", "ngo"])
        try h.fails(["partner", "remove", "ngo"], containing: "no partner named ngo")
        #expect(!(try h.ok(["partner", "list"]).out.contains("ngo")))
        // Nothing about partners is stored in clear.
        for file in CLIHarness.allFiles(under: h.vault) {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(data.range(of: Data(k.age.utf8)) == nil, "\(file) holds a partner key in clear")
        }
    }

    static func sha256(_ data: Data) -> String {
        guard let tool = CLIHarness.tool("sha256sum"), let r = try? CLIHarness.external(tool, [], stdin: data) else { return "" }
        return String(r.out.prefix(64))
    }
}
