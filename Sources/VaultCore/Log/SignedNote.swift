import EvaultCrypto

/// C2SP signed-note with one Ed25519 key: the text (ending in a newline), a
/// blank line, then signature lines `— <key name> <base64(key id || signature)>`.
/// The key id is the first four bytes of SHA-256(name || 0x0A || 0x01 || public key).
public enum SignedNote {
    static let dash = "\u{2014} "
    static let maxLength = 64 * 1024

    public static func keyID(name: String, publicKey: Ed25519.PublicKey) -> [UInt8] {
        var h = SHA256Hasher()
        h.update(Array(name.utf8) + [0x0A, 0x01])
        h.update(publicKey.rawRepresentation)
        return Array(h.finalize().bytes.prefix(4))
    }

    /// Signs `text` (which must end in a newline) as `name`.
    public static func sign(_ text: String, name: String, key: Ed25519.PrivateKey) -> String {
        let signature = key.signature(for: Array(text.utf8))
        let blob = keyID(name: name, publicKey: key.publicKey) + signature
        return text + "\n" + dash + name + " " + Base64.encode(blob, padded: true) + "\n"
    }

    /// The note's text when one signature line by `name` under `publicKey`
    /// verifies; nil otherwise. Lines from other keys are ignored.
    public static func open(_ note: String, name: String, publicKey: Ed25519.PublicKey) -> String? {
        let bytes = Array(note.utf8)
        guard bytes.count <= maxLength, note.hasSuffix("\n"),
              !bytes.contains(where: { $0 < 0x20 && $0 != 0x0A }) else { return nil }
        guard let split = note.range(of: "\n\n", options: .backwards) else { return nil }
        let text = String(note[note.startIndex...split.lowerBound])
        let id = keyID(name: name, publicKey: publicKey)
        var verified = false
        for line in note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard line.hasPrefix(dash) else { return nil }
            let fields = line.dropFirst(dash.count).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, let blob = Base64.decode(fields[1], padded: true), blob.count > 4 else { return nil }
            guard String(fields[0]) == name, Array(blob.prefix(4)) == id else { continue }
            guard blob.count == 68, publicKey.isValidSignature(Array(blob.dropFirst(4)), for: Array(text.utf8)) else { return nil }
            verified = true
        }
        return verified ? text : nil
    }

    /// The text of a note without checking anything (for digests over it).
    public static func text(of note: String) -> String? {
        guard let split = note.range(of: "\n\n", options: .backwards) else { return nil }
        return String(note[note.startIndex...split.lowerBound])
    }
}

/// A C2SP tlog-checkpoint: origin, tree size and base64 root hash, one per line.
public struct Checkpoint: Equatable, Sendable {
    public var origin: String
    public var size: Int
    public var root: Merkle.Hash

    public init(origin: String, size: Int, root: Merkle.Hash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    public var text: String { "\(origin)\n\(size)\n\(Base64.encode(root, padded: true))\n" }

    public func signed(key: Ed25519.PrivateKey) -> String {
        SignedNote.sign(text, name: origin, key: key)
    }

    /// Parses a checkpoint's text (the note text, without signatures).
    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.last == "", !lines[0].isEmpty,
              let size = Int(lines[1]), size >= 0, String(size) == lines[1],
              let root = Base64.decode(lines[2], padded: true), root.count == 32 else { return nil }
        self.init(origin: String(lines[0]), size: size, root: root)
    }

    /// Parses and verifies a signed checkpoint by the log `origin`.
    public init?(note: String, origin: String, publicKey: Ed25519.PublicKey) {
        guard let text = SignedNote.open(note, name: origin, publicKey: publicKey),
              let c = Checkpoint(text: text), c.origin == origin else { return nil }
        self = c
    }
}
