import EvaultCrypto

/// A hiding commitment to one data member of an entry (docs/FORMAT.md, "Commitments").
///
/// What leaves the vault (an export manifest, a custody-log leaf, a proof) names a
/// sealed file only through this value, never through its SHA-256: without the
/// member's salt nobody can test a guess about the file. The vault keeps one random
/// 32-byte salt per entry inside the encrypted entry; `disclose` hands out the salt
/// of one member, which opens that member's commitment and no other.
public struct CommitmentSalt: Equatable, Sendable {
    public static let length = 32
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.length else { return nil }
        self.bytes = bytes
    }

    public init?(hex: String) {
        guard let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// A fresh entry salt.
    public static func random() -> CommitmentSalt {
        CommitmentSalt(unchecked: randomBytes(length))
    }

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    public var hex: String { Hex.encode(bytes) }

    /// The salt of one member: HMAC-SHA-256(entry salt, "evault-commitment/1" 0x00 member).
    /// Disclosing it reveals nothing about the entry's other members.
    public func memberSalt(_ member: String) -> CommitmentSalt {
        let key = SecureBytes(copying: bytes)
        let mac = HMACSHA256.authenticate(key: key, message: Array("evault-commitment/1\u{0}\(member)".utf8))
        return CommitmentSalt(unchecked: mac)
    }
}

/// SHA-256("evault-commitment/1" 0x00 || member salt || SHA-256 of the member).
public struct Commitment: Hashable, Sendable, CustomStringConvertible {
    public let digest: SHA256Digest

    public init(memberSalt: CommitmentSalt, sha256: SHA256Digest) {
        var hasher = SHA256Hasher()
        hasher.update(Array("evault-commitment/1\u{0}".utf8))
        hasher.update(memberSalt.bytes)
        hasher.update(sha256.bytes)
        digest = hasher.finalize()
    }

    public init?(hex: String) {
        guard let digest = SHA256Digest(hex: hex) else { return nil }
        self.digest = digest
    }

    private init(digest: SHA256Digest) { self.digest = digest }

    /// Whether `memberSalt` and `sha256` open this commitment.
    public func opens(memberSalt: CommitmentSalt, sha256: SHA256Digest) -> Bool {
        Commitment(memberSalt: memberSalt, sha256: sha256) == self
    }

    public var hex: String { digest.hex }
    public var description: String { hex }
}
