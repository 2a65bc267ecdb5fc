import EvaultCrypto

/// The four lines of a `.minisig` file, parsed. Internal: callers only see
/// `MinisignSigner.sign` (which writes one) and `MinisignPublicKey.verify`.
///
///     untrusted comment: <free text, not signed>
///     base64(<2-byte algorithm> <8-byte key id> <64-byte signature>)
///     trusted comment: <text covered by the global signature>
///     base64(<64-byte Ed25519 signature over signature || trusted comment>)
struct MinisignSignature {
    enum Algorithm {
        /// `ED`: Ed25519 over BLAKE2b-512(message); the only one we produce.
        case prehashed
        /// `Ed`: Ed25519 over the raw message, from minisign before 0.10.
        case legacy
    }

    static let untrustedPrefix = "untrusted comment: "
    static let trustedPrefix = "trusted comment: "
    static let prehashedTag: [UInt8] = Array("ED".utf8)
    static let legacyTag: [UInt8] = Array("Ed".utf8)

    var algorithm: Algorithm
    var keyID: [UInt8]
    var signature: [UInt8]
    var untrustedComment: String
    var trustedComment: String
    var globalSignature: [UInt8]

    /// The bytes the global signature covers. Binding the signature (not the
    /// message) to the comment is what stops a comment from being moved to
    /// another file's signature.
    var globalSignedBytes: [UInt8] { signature + Array(trustedComment.utf8) }

    var fileContents: String {
        let tag = algorithm == .prehashed ? Self.prehashedTag : Self.legacyTag
        return Self.untrustedPrefix + untrustedComment + "\n"
            + Base64.encode(tag + keyID + signature, padded: true) + "\n"
            + Self.trustedPrefix + trustedComment + "\n"
            + Base64.encode(globalSignature, padded: true) + "\n"
    }

    init(algorithm: Algorithm, keyID: [UInt8], signature: [UInt8], untrustedComment: String,
         trustedComment: String, globalSignature: [UInt8]) {
        self.algorithm = algorithm
        self.keyID = keyID
        self.signature = signature
        self.untrustedComment = untrustedComment
        self.trustedComment = trustedComment
        self.globalSignature = globalSignature
    }

    init(parsing text: String) throws {
        // Split on bytes: Swift treats "\r\n" as one Character, and minisign
        // itself tolerates CRLF files, so strip a trailing CR per line.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? Substring(line.dropLast()) : Substring(line)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard lines.count == 4 else {
            throw MinisignError.malformedSignature("expected 4 lines, found \(lines.count)")
        }
        guard let untrusted = Self.strip(Self.untrustedPrefix, from: lines[0]) else {
            throw MinisignError.malformedSignature("first line does not start with \"\(Self.untrustedPrefix)\"")
        }
        guard let sigBlob = Base64.decode(lines[1], padded: true) else {
            throw MinisignError.malformedSignature("signature line is not valid base64")
        }
        guard sigBlob.count == 2 + MinisignPublicKey.keyIDLength + Ed25519.signatureLength else {
            throw MinisignError.malformedSignature("signature line decodes to \(sigBlob.count) bytes, expected 74")
        }
        switch Array(sigBlob[0..<2]) {
        case Self.prehashedTag: algorithm = .prehashed
        case Self.legacyTag: algorithm = .legacy
        default: throw MinisignError.unsupportedAlgorithm("signature algorithm \(Self.describeTag(sigBlob[0..<2]))")
        }
        keyID = Array(sigBlob[2..<10])
        signature = Array(sigBlob[10...])
        untrustedComment = String(untrusted)
        guard let trusted = Self.strip(Self.trustedPrefix, from: lines[2]) else {
            throw MinisignError.malformedSignature("third line does not start with \"\(Self.trustedPrefix)\"")
        }
        trustedComment = String(trusted)
        guard let global = Base64.decode(lines[3], padded: true) else {
            throw MinisignError.malformedSignature("global signature line is not valid base64")
        }
        guard global.count == Ed25519.signatureLength else {
            throw MinisignError.malformedSignature("global signature decodes to \(global.count) bytes, expected 64")
        }
        globalSignature = global
    }

    /// `line` without `prefix`, compared as bytes: a comment that starts with a
    /// combining mark would otherwise merge with the prefix's space into one Character.
    static func strip(_ prefix: String, from line: Substring) -> Substring? {
        guard line.utf8.starts(with: prefix.utf8) else { return nil }
        return Substring(line.utf8.dropFirst(prefix.utf8.count))
    }

    /// A printable form of an unknown two-byte tag, for error messages.
    static func describeTag(_ tag: ArraySlice<UInt8>) -> String {
        if tag.allSatisfy({ (0x21...0x7E).contains($0) }) {
            return "\"" + String(decoding: tag, as: UTF8.self) + "\""
        }
        return "0x" + Hex.encode(Array(tag))
    }
}
