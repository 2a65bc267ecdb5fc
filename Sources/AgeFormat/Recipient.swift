import EvaultCrypto

/// Something a file can be encrypted to: wraps the 16-byte file key into stanzas.
public protocol AgeRecipient {
    func wrap(fileKey: SecureBytes) throws -> [AgeStanza]
}

/// Something that can decrypt: finds the file key in the header's stanzas.
/// Returns nil when no stanza is for this identity; throws when a stanza of its
/// type is malformed, because age treats that as a broken file, not a mismatch.
public protocol AgeIdentity {
    func unwrap(stanzas: [AgeStanza]) throws -> SecureBytes?
}

/// Constants and derivations shared by the header and recipient types.
enum AgeFileKey {
    static let length = 16

    static func generate() -> SecureBytes { SecureBytes.random(count: length) }

    /// Opens a wrapped file key (ChaCha20-Poly1305, zero nonce, as every v1 native
    /// recipient does). A body of the wrong size is malformed; a failed tag is a mismatch.
    static func unwrap(body: [UInt8], key: SecureBytes, what: String) throws -> SecureBytes? {
        guard body.count == length + ChaCha20Poly1305.tagLength else {
            throw AgeError.malformedHeader("\(what) stanza body is not a 16-byte file key")
        }
        let out = SecureBytes(count: length)
        let nonce = [UInt8](repeating: 0, count: ChaCha20Poly1305.nonceLength)
        let ok = out.withUnsafeMutableBytes { o in
            body.withUnsafeBytes { b in
                nonce.withUnsafeBytes { n in ChaCha20Poly1305.openInPlace(key: key, nonce: n, input: b, output: o) }
            }
        }
        return ok ? out : nil
    }

    /// Wraps the file key under `key` with a zero nonce (each key is used once).
    static func wrap(fileKey: SecureBytes, key: SecureBytes) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: fileKey.count + ChaCha20Poly1305.tagLength)
        let nonce = [UInt8](repeating: 0, count: ChaCha20Poly1305.nonceLength)
        out.withUnsafeMutableBytes { o in
            fileKey.withUnsafeBytes { f in
                nonce.withUnsafeBytes { n in _ = ChaCha20Poly1305.sealInPlace(key: key, nonce: n, input: f, output: o) }
            }
        }
        return out
    }
}
