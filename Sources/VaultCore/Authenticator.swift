import EvaultCrypto

/// Proves that a vault file was written by a holder of the vault's keys.
///
/// age authenticates a file against anyone without its file key, but it has no
/// sender authentication: anyone who knows the vault's public recipient (it is
/// given to partners) could encrypt a well-formed entry, index or partner list
/// to it and drop it into a synced vault folder. So every entry carries an
/// HMAC-SHA-256 tag over its metadata and checksums, and every state file ends
/// with a tag over its name and content, both under a key derived from the
/// vault's X25519 identity, which only the vault's key holders have.
struct Authenticator {
    static let tagLength = HMACSHA256.length
    private let key: SecureBytes

    init(keyring: Keyring) {
        key = HKDF.deriveKey(inputKeyMaterial: keyring.identity.privateKey.secret, salt: [],
                             info: Array("evault/1 vault file authentication".utf8), length: 32)
    }

    /// Tag of an entry: binds its id, its metadata.json bytes and its SHA256SUMS bytes,
    /// and through SHA256SUMS every data member.
    func entryTag(id: EntryID, metadata: [UInt8], checksums: [UInt8]) -> [UInt8] {
        var message = Array("evault-entry/1\u{0}\(id.rawValue)\u{0}".utf8)
        message += SHA256Hasher.hash(metadata).bytes
        message += SHA256Hasher.hash(checksums).bytes
        return HMACSHA256.authenticate(key: key, message: message)
    }

    /// Tag of a state file: binds its name (so files cannot be swapped) and content.
    func stateTag(name: String, content: [UInt8]) -> [UInt8] {
        var message = Array("evault-state/1\u{0}\(name)\u{0}".utf8)
        message += SHA256Hasher.hash(content).bytes
        return HMACSHA256.authenticate(key: key, message: message)
    }

    /// The `evault.mac` member's text.
    static func entryMACFile(_ tag: [UInt8]) -> [UInt8] {
        Array("HMAC-SHA-256 \(Hex.encode(tag))\n".utf8)
    }

    /// Parses an `evault.mac` member; nil when malformed.
    static func parseEntryMACFile(_ bytes: [UInt8]) -> [UInt8]? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix("HMAC-SHA-256 "), text.hasSuffix("\n") else { return nil }
        let hex = text.dropFirst("HMAC-SHA-256 ".count).dropLast()
        guard let tag = Hex.decode(String(hex)), tag.count == tagLength else { return nil }
        return tag
    }
}
