import EvaultCrypto

/// An entry's metadata and the SHA-256 of each of its data members, read from
/// the entry itself (first chunk and last chunks) and authenticated by its tag:
/// what commitments and disclosures are computed from.
public struct SealedEntry: Sendable {
    public let metadata: EntryMetadata
    /// Member name (relative to `ID/`) -> SHA-256, from the entry's SHA256SUMS.
    public let digests: [String: SHA256Digest]

    /// The SHA-256 of a member by role; nil when the entry has no such member.
    public func digest(_ role: SealedMember) -> SHA256Digest? {
        metadata.member(role).flatMap { digests[$0] }
    }

    /// The salt that opens one member's commitment; nil for a format-1 entry
    /// or a member the entry does not have.
    public func memberSalt(_ role: SealedMember) -> CommitmentSalt? {
        guard let salt = metadata.salt, let member = metadata.member(role), digests[member] != nil else { return nil }
        return salt.memberSalt(member)
    }

    /// C_M for a member by role (docs/FORMAT.md, "Commitments").
    public func commitment(_ role: SealedMember) -> Commitment? {
        guard let salt = memberSalt(role), let digest = digest(role) else { return nil }
        return Commitment(memberSalt: salt, sha256: digest)
    }

    /// Every member's commitment, by role name.
    public var commitments: [String: String] {
        var out: [String: String] = [:]
        for role in SealedMember.allCases { if let c = commitment(role) { out[role.rawValue] = c.hex } }
        return out
    }
}

extension Vault {
    /// Reads an entry's metadata and member digests from the entry and checks its tag.
    public func sealedEntry(_ id: EntryID) throws -> SealedEntry {
        let reader = try EntryReader(vault: self, id: id)
        let metadata = try reader.readMetadata()
        let trailer = try reader.readTrailerFromTail()
        try reader.authenticate(checksums: trailer.checksums, tag: trailer.tag)
        var digests: [String: SHA256Digest] = [:]
        for (member, hex) in try EntryReader.parseChecksums(trailer.checksums, id: id) {
            guard let digest = SHA256Digest(hex: hex) else { throw VaultError.damagedEntry(id: id.rawValue, reason: "SHA256SUMS is malformed") }
            digests[member] = digest
        }
        guard digests[metadata.content] != nil else { throw VaultError.damagedEntry(id: id.rawValue, reason: "no checksum for its content") }
        return SealedEntry(metadata: metadata, digests: digests)
    }

    /// Streams one member of an entry to `sink` and checks it against the
    /// entry's SHA256SUMS (which its tag covers): a mismatch throws after the
    /// bytes went to `sink`, so the caller must not publish what it wrote.
    func streamMember(_ entry: SealedEntry, role: SealedMember, to sink: any ByteSink) throws {
        guard let id = EntryID(entry.metadata.id), let member = entry.metadata.member(role),
              let expected = entry.digests[member] else {
            throw VaultError.damagedEntry(id: entry.metadata.id, reason: "it has no \(role.rawValue) member")
        }
        let reader = try EntryReader(vault: self, id: id)
        _ = try reader.readMetadata()
        _ = try reader.seek(toMember: member)
        let hashing = HashingSink(sink)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 64)
        defer { buffer.deallocate() }
        try reader.guarded {
            while true {
                let n = try reader.tar.read(into: buffer)
                if n == 0 { break }
                try hashing.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
        }
        try reader.drain()
        guard hashing.digest == expected else {
            throw VaultError.damagedEntry(id: entry.metadata.id, reason: "its \(member) no longer matches its recorded SHA-256")
        }
    }
}
