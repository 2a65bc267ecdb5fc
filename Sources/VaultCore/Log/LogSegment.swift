import AgeFormat
import EvaultCrypto
import Foundation

/// One write-once segment file `log/<writer>/<seq>.age`: every event of one
/// command plus the writer's new signed checkpoint. The age plaintext is the
/// JSON body padded with spaces to a fixed bucket, then the 32-byte state tag
/// (section 6) over the name `log/<writer>/<seq>.age`, so segments cannot be
/// swapped, renumbered or moved to another writer.
struct LogSegment: Codable {
    var format = "evault-log/1"
    var writer: String
    var seq: Int
    var events: [Stored]
    var checkpoint: String

    struct Stored: Codable {
        /// The leaf data, verbatim (JSON, keys sorted).
        var leaf: String
        /// The event details, verbatim (JSON, keys sorted).
        var details: String
    }

    static let minimumBucket = 4096

    /// The padded plaintext size: a power of two, at least 4 KiB, so that one
    /// event of any kind gives the same file size.
    static func bucket(for length: Int) -> Int {
        var b = minimumBucket
        while b < length { b <<= 1 }
        return b
    }

    static func fileName(_ seq: Int) -> String {
        let digits = String(seq)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".age"
    }

    static func seq(fromFileName name: String) -> Int? {
        guard name.hasSuffix(".age"), name.count == 12 else { return nil }
        let digits = name.dropLast(4)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits), n > 0 else { return nil }
        return n
    }

    static func tagName(writer: String, seq: Int) -> String { "log/\(writer)/\(fileName(seq))" }

    func seal(keyring: Keyring, authenticator: Authenticator) throws -> [UInt8] {
        var content = try JSONCoding.encode(self, pretty: false)
        let total = LogSegment.bucket(for: content.count + Authenticator.tagLength)
        content += [UInt8](repeating: UInt8(ascii: " "), count: total - Authenticator.tagLength - content.count)
        let tag = authenticator.stateTag(name: LogSegment.tagName(writer: writer, seq: seq), content: content)
        let sink = MemorySink()
        let writer = try AgeWriter(recipients: [keyring.recipient], output: sink)
        try writer.write(content)
        try writer.write(tag)
        try writer.close()
        return sink.bytes
    }

    static func open(_ sealed: [UInt8], writer: String, seq: Int, keyring: Keyring, authenticator: Authenticator) throws -> LogSegment {
        let file = tagName(writer: writer, seq: seq)
        let plain: [UInt8]
        do {
            let reader = try AgeReader(input: MemorySource(sealed), identities: [keyring.identity])
            plain = try reader.readToEnd(limit: 64 << 20)
        } catch {
            throw LogError.damagedSegment(file: file, reason: "cannot be decrypted with this vault's keys (\(error))")
        }
        guard plain.count >= Authenticator.tagLength else {
            throw LogError.damagedSegment(file: file, reason: "not written with this vault's keys (authentication tag missing)")
        }
        let content = Array(plain.dropLast(Authenticator.tagLength))
        guard constantTimeEquals(authenticator.stateTag(name: file, content: content), Array(plain.suffix(Authenticator.tagLength))) else {
            throw LogError.damagedSegment(file: file, reason: "not written with this vault's keys, or moved from another place in the log")
        }
        let segment: LogSegment
        do { segment = try JSONCoding.decode(LogSegment.self, from: content) } catch {
            throw LogError.damagedSegment(file: file, reason: "not a custody log segment")
        }
        guard segment.format == "evault-log/1", segment.writer == writer, segment.seq == seq, !segment.events.isEmpty else {
            throw LogError.damagedSegment(file: file, reason: "its header does not match its place in the log")
        }
        return segment
    }
}

extension Vault {
    /// The vault's id, used in log origins and to find this machine's memory
    /// of the vault: 16 hex digits of SHA-256 over its age recipient (public,
    /// and the same on every machine, also for a vault made before logs existed).
    public var vaultID: String {
        // The first generation's recipient: the id survives key rotation (Members/).
        String(SHA256Hasher.hash(Array("evault-vault-id/1\u{0}\((retired.first ?? keyring).recipient.encoded)".utf8)).hex.prefix(16))
    }
}
