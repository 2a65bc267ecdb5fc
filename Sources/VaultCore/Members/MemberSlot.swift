import AgeFormat
import EvaultCrypto

/// A key slot: `members/<member-id>.age`, an age file to the member's own
/// recipient whose plaintext is the vault's key file (section 2). Written once
/// when the member is added; adding a member writes no entry file.
///
/// Recovery without evault, for a member:
///
///     age -d -i member.key members/ID.age > vault.key
///     age -d -i vault.key entries/X.age | tar -x
enum MemberSlot {
    static func seal(vaultKeyFile: SecureBytes, to recipient: AgeX25519Recipient) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try AgeWriter(recipients: [recipient], output: sink)
        try vaultKeyFile.withUnsafeBytes { try writer.write($0) }
        try writer.close()
        return sink.bytes
    }

    /// The vault key file inside a slot, or nil when `identity` is not its recipient.
    static func open(_ sealed: [UInt8], identity: AgeX25519Identity, name: String) throws -> SecureBytes? {
        do {
            let reader = try AgeReader(input: MemorySource(sealed), identities: [identity])
            var plain = try reader.readToEnd(limit: 64 * 1024)
            defer { wipe(&plain) }
            return SecureBytes(copying: plain)
        } catch AgeError.noIdentityMatched {
            return nil
        } catch {
            throw VaultError.damagedVaultFile(name: name, reason: "\(error)")
        }
    }

    /// Every slot file's member id (sync-tool conflict copies and dot files skipped).
    static func ids(_ layout: VaultLayout) -> [String] {
        let names = (try? FileSystem.list(layout.members)) ?? []
        return names.compactMap { n in
            guard n.hasSuffix(".age") else { return nil }
            let id = String(n.dropLast(4))
            return MemberRecord.isID(id) ? id : nil
        }.sorted()
    }
}
