import AgeFormat
import EvaultCrypto

/// A key slot: an age file to one member's own recipient whose plaintext is the
/// vault's key file (section 2) of the current generation, followed by the key
/// file of every retired generation, newest first. So the plaintext is an age
/// identity file whose identities open every entry, old or new. Slots are
/// write-once: generation 1 is `members/<member-id>.age`, generation N
/// `members/<member-id>.<N>.<tag>.age`, where the tag (8 hex digits of SHA-256
/// of the generation's age recipient) keeps two removals made concurrently on
/// two laptops from writing the same name. Adding a member writes no entry file.
///
/// Recovery without evault, for a member:
///
///     age -d -i member.key members/ID.age > vault.key
///     age -d -i vault.key entries/X.age | tar -x
struct MemberSlot: Comparable {
    let id: String
    let generation: Int
    let tag: String

    var fileName: String { generation == 1 ? "\(id).age" : "\(id).\(generation).\(tag).age" }

    static func < (a: MemberSlot, b: MemberSlot) -> Bool { (a.generation, a.tag, a.id) < (b.generation, b.tag, b.id) }

    /// The slot of member `id` for the generation whose current keys are `keyring`.
    init(id: String, generation: Int, keyring: Keyring) {
        self.init(id: id, generation: generation, tag: MemberSlot.tag(keyring))
    }

    private init(id: String, generation: Int, tag: String) {
        self.id = id
        self.generation = generation
        self.tag = tag
    }

    static func tag(_ keyring: Keyring) -> String {
        String(SHA256Hasher.hash(Array(keyring.recipient.encoded.utf8)).hex.prefix(8))
    }

    init?(fileName name: String) {
        guard name.hasSuffix(".age") else { return nil }
        let parts = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, MemberRecord.isID(String(first)) else { return nil }
        if parts.count == 1 {
            self.init(id: String(first), generation: 1, tag: "")
        } else if parts.count == 3, let g = Int(parts[1]), g > 1, String(g) == parts[1], parts[2].count == 8,
                  parts[2].allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) }) {
            self.init(id: String(first), generation: g, tag: String(parts[2]))
        } else {
            return nil
        }
    }

    /// The slot's plaintext: every generation's key file, newest first.
    static func plaintext(_ keyrings: [Keyring], created: String) -> SecureBytes {
        var bytes: [UInt8] = []
        defer { wipe(&bytes) }
        for k in keyrings { KeyFile.encode(k, created: created).withUnsafeBytes { bytes += $0 } }
        return SecureBytes(copying: bytes)
    }

    /// The generations in a slot's plaintext, newest first.
    static func keyrings(from contents: SecureBytes, name: String) throws -> [Keyring] {
        let text = contents.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        var blocks: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# evault key file") || blocks.isEmpty { blocks.append("") }
            blocks[blocks.count - 1] += line + "\n"
        }
        var result: [Keyring] = []
        for block in blocks where block.contains("AGE-SECRET-KEY-") {
            var b = Array(block.utf8)
            defer { wipe(&b) }
            result.append(try KeyFile.decode(SecureBytes(copying: b), path: name))
        }
        guard !result.isEmpty else { throw VaultError.damagedVaultFile(name: name, reason: "no vault key inside the key slot") }
        return result
    }

    static func seal(_ plaintext: SecureBytes, to recipient: AgeX25519Recipient) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try AgeWriter(recipients: [recipient], output: sink)
        try plaintext.withUnsafeBytes { try writer.write($0) }
        try writer.close()
        return sink.bytes
    }

    /// The plaintext of a slot, or nil when `identity` is not its recipient.
    static func open(_ sealed: [UInt8], identity: AgeX25519Identity, name: String) throws -> SecureBytes? {
        do {
            let reader = try AgeReader(input: MemorySource(sealed), identities: [identity])
            var plain = try reader.readToEnd(limit: 1 << 20)
            defer { wipe(&plain) }
            return SecureBytes(copying: plain)
        } catch AgeError.noIdentityMatched {
            return nil
        } catch {
            throw VaultError.damagedVaultFile(name: name, reason: "\(error)")
        }
    }

    /// Every slot file, newest generation first (sync conflict copies and dot files skipped).
    static func all(_ layout: VaultLayout) -> [MemberSlot] {
        ((try? FileSystem.list(layout.members)) ?? []).compactMap(MemberSlot.init(fileName:)).sorted(by: >)
    }
}

extension VaultLayout {
    var members: String { FilePathText.join(root, "members") }
    func memberSlot(_ slot: MemberSlot) -> String { FilePathText.join(members, slot.fileName) }
}
