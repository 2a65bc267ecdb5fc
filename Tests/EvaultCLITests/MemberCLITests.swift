import Foundation
import Testing

/// Team vaults through the built binary: personal keys, key slots, members who
/// open and seal with their own key, recovery with `age -d`, bad input, and
/// membership changes on two laptops merged through a sync folder.
@Suite("Members and key slots (CLI)")
struct MemberCLITests {
    struct Person {
        var name: String
        var keyfile: String
        var recipient: String
        var minisign: String
    }

    /// `evault keys new` for a person, parsing the two printed lines.
    static func newKey(_ h: CLIHarness, _ name: String, extra: [String] = []) throws -> Person {
        let path = h.directory.appendingPathComponent("\(name).key").path
        let r = try h.ok(["keys", "new", "--keyfile", path, "--name", name] + extra)
        let recipient = try #require(value(r.out, "age recipient:"))
        let minisign = try #require(value(r.out, "minisign public key:"))
        return Person(name: name, keyfile: path, recipient: recipient, minisign: minisign)
    }

    static func value(_ out: String, _ label: String) -> String? {
        out.split(separator: "\n").first { $0.hasPrefix(label) }.map { String($0.dropFirst(label.count)).trimmingCharacters(in: .whitespaces) }
    }

    static func add(_ h: CLIHarness, _ p: Person, as keyfile: String? = nil) throws {
        try h.ok(["member", "add", p.name, "--age", p.recipient, "--minisign", p.minisign] + (keyfile.map { ["--keyfile", $0] } ?? []))
    }

    static func memberNames(_ h: CLIHarness, keyfile: String) throws -> [String] {
        let r = try h.ok(["member", "list", "--json", "--keyfile", keyfile])
        let list = (try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]]) ?? []
        return list.compactMap { $0["name"] as? String }
    }

    @Test("keys new writes a 0600 personal key and prints age1… and RW…; keys show prints them again, also under a passphrase")
    func personalKeys() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        let alice = try Self.newKey(h, "alice")
        #expect(alice.recipient.hasPrefix("age1") && alice.minisign.hasPrefix("RW"))
        #expect(CLIHarness.mode(alice.keyfile) == 0o600)
        let text = try String(contentsOfFile: alice.keyfile, encoding: .utf8)
        #expect(text.contains("# member: alice") && !text.contains("PSEUDONYM"))
        let show = try h.ok(["keys", "show", "--keyfile", alice.keyfile])
        #expect(Self.value(show.out, "age recipient:") == alice.recipient)
        #expect(Self.value(show.out, "minisign public key:") == alice.minisign)
        // age reads it as an identity file: its recipient matches.
        if let age = CLIHarness.tool("age-keygen") {
            let r = try CLIHarness.external(age, ["-y", alice.keyfile])
            #expect(r.out.trimmingCharacters(in: .whitespacesAndNewlines) == alice.recipient)
        }
        // A spliced file is refused.
        let spliced = text.replacingOccurrences(of: "member=alice", with: "member=mallory")
        let splicedPath = try h.write("spliced.key", spliced)
        chmod(splicedPath, 0o600)
        try h.fails(["keys", "show", "--keyfile", splicedPath], containing: "do not belong together")
        let open = try h.write("open.key", text)
        chmod(open, 0o644)
        try h.fails(["keys", "show", "--keyfile", open], containing: "chmod 600")

        let pass = try h.write("pass.txt", "correct horse battery staple\n")
        let bob = try Self.newKey(h, "bob", extra: ["--passphrase-file", pass])
        let sealed = try Data(contentsOf: URL(fileURLWithPath: bob.keyfile))
        #expect(sealed.starts(with: Data("age-encryption.org/v1\n".utf8)))
        #expect(CLIHarness.mode(bob.keyfile) == 0o600)
        let shown = try h.ok(["keys", "show", "--keyfile", bob.keyfile, "--passphrase-file", pass])
        #expect(Self.value(shown.out, "age recipient:") == bob.recipient)
        let wrong = try h.write("wrong.txt", "not the passphrase\n")
        try h.fails(["keys", "show", "--keyfile", bob.keyfile, "--passphrase-file", wrong], containing: "wrong passphrase")
        try h.fails(["keys", "new", "--keyfile", alice.keyfile], containing: "already exists")

        // A passphrase-protected member unlocks with the passphrase file.
        try h.initVault()
        try Self.add(h, bob)
        try h.ok(["list", "--keyfile", bob.keyfile, "--passphrase-file", pass])
        try h.fails(["list", "--keyfile", bob.keyfile, "--passphrase-file", wrong], containing: "wrong passphrase")
    }

    @Test("a member added opens and seals with their own key file, recovers with age -d as documented; the log says who")
    func memberOpensSealsRecovers() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let doc = try h.write("leak.txt", "the leaked memo\n")
        let first = String(try h.ok(["seal", doc]).out.prefix(10))
        let alice = try Self.newKey(h, "alice")
        try Self.add(h, alice)
        #expect(try Self.memberNames(h, keyfile: alice.keyfile) == ["alice"])

        let opened = try h.ok(["open", first, "-o", "-", "--keyfile", alice.keyfile])
        #expect(opened.out == "the leaked memo\n")
        let second = String(try h.ok(["seal", try h.write("b.txt", "alice's document\n"), "--keyfile", alice.keyfile]).out.prefix(10))
        #expect(try h.ok(["open", second, "-o", "-"]).out == "alice's document\n")
        try h.ok(["verify", "--keyfile", alice.keyfile])

        let log = try h.ok(["log", "--keyfile", alice.keyfile]).out
        let sealLine = try #require(log.split(separator: "\n").first { $0.contains("entry \(second)") })
        #expect(sealLine.contains("by alice"))
        #expect(log.split(separator: "\n").contains { $0.contains("member-add") })

        // Recovery without evault: age -d the slot, then the entry.
        guard let age = CLIHarness.tool("age"), let tar = CLIHarness.tool("tar") else {
            Issue.record("age or tar missing: the recovery check cannot run")
            return
        }
        let slots = try FileManager.default.contentsOfDirectory(atPath: h.vault + "/members")
        #expect(slots.count == 1)
        let vaultKey = h.directory.appendingPathComponent("vault.key").path
        let r1 = try CLIHarness.external(age, ["-d", "-i", alice.keyfile, "-o", vaultKey, h.vault + "/members/" + slots[0]])
        #expect(r1.status == 0, "\(r1.stderr)")
        let out = h.directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for id in [first, second] {
            let plain = try CLIHarness.external(age, ["-d", "-i", vaultKey, h.vault + "/entries/\(id).age"])
            #expect(plain.status == 0, "\(plain.stderr)")
            let x = try CLIHarness.external(tar, ["-x", "-C", out.path], stdin: plain.stdout)
            #expect(x.status == 0)
        }
        #expect(try String(contentsOfFile: out.path + "/\(second)/b.txt", encoding: .utf8) == "alice's document\n")
    }

    @Test("adding a member to a vault of 1,000 entries writes no entry file")
    func addWritesNoEntry() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        // Binary documents, sealed from one folder: no stripping, one process.
        for i in 0..<1000 { _ = try h.write("docs/d\(i).bin", "document \(i)\n") }
        try h.ok(["seal", h.directory.appendingPathComponent("docs").path])
        func snapshot() throws -> [String: Date] {
            var s: [String: Date] = [:]
            for f in try h.entryFiles() {
                s[f] = try FileManager.default.attributesOfItem(atPath: h.vault + "/entries/" + f)[.modificationDate] as? Date
            }
            return s
        }
        let before = try snapshot()
        #expect(before.count == 1000)
        let allBefore = Set(CLIHarness.allFiles(under: h.vault))
        let alice = try Self.newKey(h, "alice")
        try Self.add(h, alice)
        #expect(try snapshot() == before)
        let written = Set(CLIHarness.allFiles(under: h.vault)).subtracting(allBefore).map { String($0.dropFirst(h.vault.count + 1)) }
        #expect(written.allSatisfy { $0.hasPrefix("members/") || $0.hasPrefix("log/") }, "\(written)")
        #expect(written.filter { $0.hasPrefix("members/") }.count == 1)
    }

    @Test("pseudonyms are the same whoever seals")
    func pseudonymsShared() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let alice = try Self.newKey(h, "alice")
        try Self.add(h, alice)
        try h.ok(["seal", "--note", "-", "--witness", "Maria Lopez"], stdin: Data("Maria Lopez saw it.".utf8))
        try h.ok(["seal", "--note", "-", "--witness", "Maria Lopez", "--keyfile", alice.keyfile], stdin: Data("Maria Lopez said more.".utf8))
        let witnesses = try h.listJSON().compactMap { $0["witness"] as? String }
        #expect(witnesses.count == 2 && Set(witnesses).count == 1, "\(witnesses)")
        #expect(!witnesses.contains { $0.contains("Maria") })
        // strip, too, gives the same pseudonym whoever runs it.
        let text = try h.write("s.txt", "Maria Lopez was at the bridge.\n")
        let byOwner = try h.ok(["strip", text, "--identity", "Maria Lopez"]).out
        let byAlice = try h.ok(["strip", text, "--identity", "Maria Lopez", "--keyfile", alice.keyfile]).out
        #expect(byOwner == byAlice && !byAlice.contains("Maria"), "\(byOwner) / \(byAlice)")
    }

    @Test("bad input: one clear line, nothing changed")
    func badInput() throws {
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let alice = try Self.newKey(h, "alice")
        let mallory = try Self.newKey(h, "mallory")
        try Self.add(h, alice)
        func state() -> Set<String> { Set(CLIHarness.allFiles(under: h.vault).filter { !$0.hasSuffix("/lock") }) }
        let before = state()
        try h.fails(["member", "add", "alice", "--age", mallory.recipient, "--minisign", mallory.minisign], containing: "already a member")
        try h.fails(["member", "add", "mallory", "--age", "age1notarecipient", "--minisign", mallory.minisign], containing: "invalid age recipient")
        try h.fails(["member", "add", "mallory", "--age", mallory.recipient, "--minisign", "RWnotakey"], containing: "invalid minisign public key")
        try h.fails(["member", "add", "bad name", "--age", mallory.recipient, "--minisign", mallory.minisign], containing: "member name")
        try h.fails(["list", "--keyfile", mallory.keyfile], containing: "not a member")
        try h.fails(["member", "remove", "alice", "--keyfile", alice.keyfile], containing: "removing yourself")
        try h.fails(["member", "remove", "alice"], containing: "last member")
        try h.fails(["member", "remove", "nobody"], containing: "not a member")
        #expect(state() == before)

        // A slot anyone could write (to alice's public recipient, holding another vault's keys) is skipped.
        if let age = CLIHarness.tool("age") {
            let other = h.directory.appendingPathComponent("other").path
            let otherKey = h.directory.appendingPathComponent("other.key").path
            try h.ok(["init", "--vault", other, "--keyfile", otherKey])
            let forged = try CLIHarness.external(age, ["-r", alice.recipient, "-o", h.vault + "/members/ffffffffffffffff.9.age", otherKey])
            #expect(forged.status == 0)
            try h.ok(["list", "--keyfile", alice.keyfile])
        }
    }

    /// The vault key file inside the slot `person` can open (what a member can copy out).
    static func copySlot(_ h: CLIHarness, _ person: Person, age: String) throws -> String {
        let out = h.directory.appendingPathComponent("\(person.name)-vault.key").path
        for f in try FileManager.default.contentsOfDirectory(atPath: h.vault + "/members") {
            let r = try CLIHarness.external(age, ["-d", "-i", person.keyfile, "-o", out, h.vault + "/members/" + f])
            // age writes with the umask; a key file is used only when private (0600).
            if r.status == 0 { chmod(out, 0o600); return out }
        }
        Issue.record("no slot opens with \(person.name)'s key")
        return out
    }

    /// Which vault files an identity file opens with `age -d`.
    static func opened(_ h: CLIHarness, by identity: String, age: String) throws -> [String] {
        try CLIHarness.allFiles(under: h.vault).filter { $0.hasSuffix(".age") }.filter {
            try CLIHarness.external(age, ["-d", "-i", identity, "-o", "/dev/null", $0]).status == 0
        }
    }

    /// Checks the printed rotation statement with Python's `cryptography` (none of
    /// evault's code): a C2SP signed note by the old key naming the new one.
    static func checkRotationStatement(_ out: String, oldKey: String, newKey: String, in h: CLIHarness) throws {
        guard let python = CLIHarness.tool("python3"),
              try CLIHarness.external(python, ["-c", "import cryptography"]).status == 0 else {
            Issue.record("python3 with the cryptography package is missing: the rotation statement cannot be checked independently")
            return
        }
        let lines = out.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "evault key rotation"))
        let end = try #require(lines[start...].firstIndex { $0.hasPrefix("\u{2014} ") })
        let note = lines[start...end].joined(separator: "\n") + "\n"
        #expect(note.contains("minisign \(newKey)\n"))
        let script = """
        import base64, hashlib, sys
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        note = open(sys.argv[1], encoding="utf-8").read()
        text, sigs = note.rsplit("\\n\\n", 1)
        text += "\\n"
        pk = base64.b64decode(sys.argv[2])[10:]
        name, blob = sigs.strip().split(" ")[1:3]
        blob = base64.b64decode(blob)
        assert blob[:4] == hashlib.sha256(name.encode() + b"\\n\\x01" + pk).digest()[:4], "key id"
        Ed25519PublicKey.from_public_bytes(pk).verify(blob[4:], text.encode())
        print("ok")
        """
        let notePath = try h.write("rotation.note", note)
        let scriptPath = try h.write("check_rotation.py", script)
        let good = try CLIHarness.external(python, [scriptPath, notePath, oldKey])
        #expect(good.status == 0 && good.out.contains("ok"), "\(good.stderr)")
        let bad = try CLIHarness.external(python, [scriptPath, notePath, newKey])
        #expect(bad.status != 0)
    }

    @Test("removal rotates the keys: the removed key opens nothing written afterwards and its signature is no longer the vault's; the others list, open and verify")
    func removal() throws {
        guard let age = CLIHarness.tool("age"), let minisign = CLIHarness.tool("minisign") else {
            Issue.record("age or minisign missing: the removal checks cannot run")
            return
        }
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let alice = try Self.newKey(h, "alice")
        let bob = try Self.newKey(h, "bob")
        try Self.add(h, alice)
        try Self.add(h, bob, as: alice.keyfile)
        let before = String(try h.ok(["seal", try h.write("x.txt", "x\n"), "--keyfile", bob.keyfile]).out.prefix(10))
        let bobVault = try Self.copySlot(h, bob, age: age)
        let oldKey = try #require(Self.value(try h.ok(["keys", "show"]).out, "minisign public key:"))
        let r = try h.ok(["member", "remove", "bob", "--keyfile", alice.keyfile])
        #expect(r.out.contains("may still hold") && r.out.contains("rotated"))
        let after = String(try h.ok(["seal", try h.write("y.txt", "y\n"), "--keyfile", alice.keyfile]).out.prefix(10))

        try h.fails(["list", "--keyfile", bob.keyfile], containing: "not a member")
        try h.fails(["list", "--keyfile", bobVault], containing: "does not open this vault")
        // The founding key file holds only the first generation too (README: unlock as a member).
        try h.fails(["list"], containing: "does not open this vault")
        let bobOpens = try Self.opened(h, by: bobVault, age: age)
        #expect(bobOpens.contains { $0.hasSuffix("/entries/\(before).age") })
        #expect(!bobOpens.contains { $0.hasSuffix("/entries/\(after).age") || $0.hasSuffix("/vault.age") || $0.contains("/members/") })
        #expect(try Self.opened(h, by: bob.keyfile, age: age).isEmpty)

        // The vault's signing key changed: a checkpoint now verifies with the new key, not with bob's copy of the old one.
        let newKey = try #require(Self.value(r.out, "new minisign public key:"))
        #expect(try h.ok(["keys", "show", "--keyfile", alice.keyfile]).out.contains("vault minisign public key: \(newKey)"))
        #expect(newKey != oldKey)
        try Self.checkRotationStatement(r.out, oldKey: oldKey, newKey: newKey, in: h)
        let partner = try Self.newKey(h, "partner")
        try h.ok(["partner", "add", "ngo", "--age", partner.recipient, "--keyfile", alice.keyfile])
        let bundle = h.directory.appendingPathComponent("b.age").path
        try h.ok(["export", after, "--to", "ngo", "-o", bundle, "--keyfile", alice.keyfile])
        let unpacked = h.directory.appendingPathComponent("unpacked")
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        let plain = try CLIHarness.external(age, ["-d", "-i", partner.keyfile, bundle])
        _ = try CLIHarness.external("/usr/bin/tar", ["-x", "-C", unpacked.path], stdin: plain.stdout)
        let manifest = unpacked.path + "/manifest.json"
        #expect(try CLIHarness.external(minisign, ["-Vm", manifest, "-P", newKey]).status == 0)
        #expect(try CLIHarness.external(minisign, ["-Vm", manifest, "-P", oldKey]).status != 0)

        #expect(try Self.memberNames(h, keyfile: alice.keyfile) == ["alice"])
        #expect(try h.ok(["open", before, "-o", "-", "--keyfile", alice.keyfile]).out == "x\n")
        #expect(try h.ok(["open", after, "-o", "-", "--keyfile", alice.keyfile]).out == "y\n")
        try h.ok(["verify", "--keyfile", alice.keyfile])
        let log = try h.ok(["log", "--keyfile", alice.keyfile]).out
        #expect(log.split(separator: "\n").contains { $0.contains("member-remove") && $0.contains("by alice") })
        #expect(log.split(separator: "\n").contains { $0.contains("key-rotation") && $0.contains("by alice") })
    }

    @Test("after member remove --reencrypt the removed key opens no file of the vault with evault or age; the others open and verify everything")
    func removalReencrypt() throws {
        guard let age = CLIHarness.tool("age") else {
            Issue.record("age missing: the re-encryption checks cannot run")
            return
        }
        let h = try CLIHarness()
        defer { h.cleanUp() }
        try h.initVault()
        let alice = try Self.newKey(h, "alice")
        let bob = try Self.newKey(h, "bob")
        try Self.add(h, alice)
        try Self.add(h, bob, as: alice.keyfile)
        var big = Data(count: 300_000)
        for i in big.indices { big[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 7) }
        let bigPath = try h.write("big.bin", big)
        let ids = [
            String(try h.ok(["seal", try h.write("x.txt", "x\n")]).out.prefix(10)),
            String(try h.ok(["seal", bigPath, "--keyfile", bob.keyfile]).out.prefix(10)),
            String(try h.ok(["seal", "--note", "-", "--witness", "Maria Lopez", "--keyfile", bob.keyfile], stdin: Data("Maria Lopez saw it.".utf8)).out.prefix(10)),
        ]
        let bobVault = try Self.copySlot(h, bob, age: age)
        #expect(try Self.opened(h, by: bobVault, age: age).count > 3)
        let r = try h.ok(["member", "remove", "bob", "--reencrypt", "--keyfile", alice.keyfile])
        #expect(r.out.contains("re-encrypted"))
        #expect(try Self.opened(h, by: bobVault, age: age).isEmpty)
        #expect(try Self.opened(h, by: bob.keyfile, age: age).isEmpty)
        try h.fails(["list", "--keyfile", bobVault], containing: "does not open this vault")
        try h.fails(["list", "--keyfile", bob.keyfile], containing: "not a member")
        try h.ok(["verify", "--keyfile", alice.keyfile])
        #expect(try h.ok(["open", ids[1], "-o", "-", "--keyfile", alice.keyfile]).stdout == big)
        #expect(try h.listJSON(["--keyfile", alice.keyfile]).count == 3)
        // Alice still recovers with age alone, from her new slot.
        let aliceVault = try Self.copySlot(h, alice, age: age)
        for id in ids {
            #expect(try CLIHarness.external(age, ["-d", "-i", aliceVault, "-o", "/dev/null", h.vault + "/entries/\(id).age"]).status == 0)
        }
    }

    @Test("membership changes on two laptops merge through a sync folder")
    func twoLaptops() throws {
        let a = try CLIHarness()
        defer { a.cleanUp() }
        try a.initVault()
        let alice = try Self.newKey(a, "alice")
        try Self.add(a, alice)
        let b = try CustodySyncCLITests.secondLaptop(of: a)
        defer { b.cleanUp() }
        let aliceB = b.directory.appendingPathComponent("alice.key").path
        try FileManager.default.copyItem(atPath: alice.keyfile, toPath: aliceB)
        let bob = try Self.newKey(a, "bob")
        let carol = try Self.newKey(b, "carol")
        try Self.add(a, bob, as: alice.keyfile)
        try Self.add(b, carol, as: aliceB)
        try CustodySyncCLITests.sync(a.vault, b.vault, style: .syncthing)
        #expect(try Self.memberNames(a, keyfile: alice.keyfile) == ["alice", "bob", "carol"])
        #expect(try Self.memberNames(b, keyfile: aliceB) == ["alice", "bob", "carol"])
        try a.ok(["list", "--keyfile", bob.keyfile])
        let carolA = a.directory.appendingPathComponent("carol.key").path
        try FileManager.default.copyItem(atPath: carol.keyfile, toPath: carolA)
        try a.ok(["list", "--keyfile", carolA])
        try a.ok(["verify"])
        try b.ok(["verify"])

        // A removes carol (rotating the keys) while B seals under the old keys: both survive the merge.
        try a.ok(["member", "remove", "carol", "--keyfile", alice.keyfile])
        let sealedOnB = String(try b.ok(["seal", try b.write("b.txt", "sealed on B\n"), "--keyfile", aliceB]).out.prefix(10))
        try CustodySyncCLITests.sync(a.vault, b.vault, style: .newerWins)
        for (h, key) in [(a, alice.keyfile), (b, aliceB)] {
            #expect(try Self.memberNames(h, keyfile: key) == ["alice", "bob"])
            #expect(try h.ok(["open", sealedOnB, "-o", "-", "--keyfile", key]).out == "sealed on B\n")
            try h.ok(["verify", "--keyfile", key])
        }
        try b.fails(["list", "--keyfile", carol.keyfile], containing: "removed")
    }

    @Test("two removals made concurrently on two laptops merge: every entry stays readable, both removed members are out")
    func concurrentRemovals() throws {
        let a = try CLIHarness()
        defer { a.cleanUp() }
        try a.initVault()
        let people = try ["alice", "bob", "carol", "dave"].map { try Self.newKey(a, $0) }
        for p in people { try Self.add(a, p) }
        let b = try CustodySyncCLITests.secondLaptop(of: a)
        defer { b.cleanUp() }
        let aliceB = b.directory.appendingPathComponent("alice.key").path
        let daveB = b.directory.appendingPathComponent("dave.key").path
        try FileManager.default.copyItem(atPath: people[0].keyfile, toPath: aliceB)
        try FileManager.default.copyItem(atPath: people[3].keyfile, toPath: daveB)
        try a.ok(["member", "remove", "bob", "--keyfile", people[0].keyfile])
        try b.ok(["member", "remove", "carol", "--keyfile", daveB])
        let onA = String(try a.ok(["seal", try a.write("a.txt", "sealed on A\n"), "--keyfile", people[0].keyfile]).out.prefix(10))
        let onB = String(try b.ok(["seal", try b.write("b.txt", "sealed on B\n"), "--keyfile", daveB]).out.prefix(10))
        try CustodySyncCLITests.sync(a.vault, b.vault, style: .syncthing)
        for (h, alice, dave) in [(a, people[0].keyfile, people[3].keyfile), (b, aliceB, daveB)] {
            for key in [alice, dave] {
                #expect(try Self.memberNames(h, keyfile: key) == ["alice", "dave"])
                #expect(try h.ok(["open", onA, "-o", "-", "--keyfile", key]).out == "sealed on A\n")
                #expect(try h.ok(["open", onB, "-o", "-", "--keyfile", key]).out == "sealed on B\n")
                try h.ok(["verify", "--keyfile", key])
            }
        }
        for removed in [people[1], people[2]] {
            let r = try a.run(["list", "--keyfile", removed.keyfile])
            #expect(r.status != 0)
        }
    }
}
