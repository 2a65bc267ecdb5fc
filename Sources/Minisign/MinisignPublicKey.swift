import EvaultCrypto

/// A minisign public key: what a partner publishes and passes to
/// `minisign -V -P <base64>` or `-p <file>`.
public struct MinisignPublicKey: Hashable, Sendable {
    public static let keyIDLength = 8
    static let algorithmTag: [UInt8] = Array("Ed".utf8)

    /// The 8-byte key id, as stored in key and signature files.
    public let keyID: [UInt8]
    public let key: Ed25519.PublicKey

    /// `keyID` must be 8 bytes: it comes from `MinisignSigner.keyID(for:)` or
    /// a parsed key, never straight from user input.
    public init(keyID: [UInt8], key: Ed25519.PublicKey) {
        precondition(keyID.count == Self.keyIDLength, "minisign key id must be 8 bytes")
        self.keyID = keyID
        self.key = key
    }

    /// Parses either a whole `.pub` file (an "untrusted comment:" line, then the
    /// key line) or the key line alone ("RW…"). Surrounding whitespace is ignored.
    public init(parsing text: String) throws {
        let lines = text.utf8.split(separator: UInt8(ascii: "\n")).map { Substring($0).trimmingASCIIWhitespace() }
            .filter { !$0.isEmpty }
        let keyLine: Substring
        switch lines.count {
        case 1:
            keyLine = lines[0]
        case 2:
            guard MinisignSignature.strip(MinisignSignature.untrustedPrefix, from: lines[0]) != nil else {
                throw MinisignError.malformedPublicKey("first line does not start with \"\(MinisignSignature.untrustedPrefix)\"")
            }
            keyLine = lines[1]
        default:
            throw MinisignError.malformedPublicKey("expected 1 or 2 lines, found \(lines.count)")
        }
        guard let blob = Base64.decode(keyLine, padded: true) else {
            throw MinisignError.malformedPublicKey("key line is not valid base64")
        }
        guard blob.count == 2 + Self.keyIDLength + Ed25519.publicKeyLength else {
            throw MinisignError.malformedPublicKey("key decodes to \(blob.count) bytes, expected 42")
        }
        guard Array(blob[0..<2]) == Self.algorithmTag else {
            throw MinisignError.unsupportedAlgorithm("public key algorithm \(MinisignSignature.describeTag(blob[0..<2]))")
        }
        keyID = Array(blob[2..<10])
        key = try Ed25519.PublicKey(rawRepresentation: Array(blob[10...]))
    }

    /// The one-line form ("RW…"), for `minisign -P`.
    public var base64: String {
        Base64.encode(Self.algorithmTag + keyID + key.rawRepresentation, padded: true)
    }

    /// The key id as minisign prints it: the 8 bytes read as a little-endian
    /// integer, in upper-case hex (so the byte order is reversed).
    public var keyIDHex: String {
        Hex.encode(keyID.reversed()).uppercased()
    }

    /// The contents of a `.pub` file. The default comment matches minisign's.
    public func fileContents(comment: String? = nil) -> String {
        let text = MinisignSigner.sanitizedComment(comment ?? "minisign public key \(keyIDHex)",
                                                   maxBytes: MinisignSigner.maxUntrustedCommentBytes)
        return MinisignSignature.untrustedPrefix + text + "\n" + base64 + "\n"
    }

    /// Verifies a `.minisig` file over an in-memory message and returns its trusted comment.
    public func verify(message: [UInt8], signatureFile: String) throws -> String {
        let sig = try checkedSignature(signatureFile)
        let signed: [UInt8]
        switch sig.algorithm {
        case .prehashed: signed = BLAKE2b.hash(message, outputLength: 64)
        case .legacy: signed = message
        }
        return try finish(sig, signed: signed)
    }

    /// Verifies a `.minisig` file over a stream, hashing as it reads, and returns
    /// its trusted comment. A legacy (`Ed`) signature covers the raw message, so it
    /// can only be checked in memory: such inputs are limited to `legacyInputLimit`.
    public func verify(source: any ByteSource, signatureFile: String) throws -> String {
        let sig = try checkedSignature(signatureFile)
        let signed: [UInt8]
        switch sig.algorithm {
        case .prehashed:
            signed = try MinisignSigner.prehash(source)
        case .legacy:
            do {
                signed = try source.readToEnd(limit: Self.legacyInputLimit)
            } catch ByteStreamError.inputTooLarge {
                throw MinisignError.unsupportedAlgorithm(
                    "legacy \"Ed\" signature over an input larger than \(Self.legacyInputLimit) bytes")
            }
        }
        return try finish(sig, signed: signed)
    }

    /// The largest input a legacy (not pre-hashed) signature is checked over.
    public static let legacyInputLimit = 64 << 20

    private func checkedSignature(_ text: String) throws -> MinisignSignature {
        let sig = try MinisignSignature(parsing: text)
        // Key ids are public; no need for a constant-time comparison.
        guard sig.keyID == keyID else { throw MinisignError.keyIDMismatch }
        return sig
    }

    private func finish(_ sig: MinisignSignature, signed: [UInt8]) throws -> String {
        guard key.isValidSignature(sig.signature, for: signed) else { throw MinisignError.invalidSignature }
        guard key.isValidSignature(sig.globalSignature, for: sig.globalSignedBytes) else {
            throw MinisignError.invalidGlobalSignature
        }
        return sig.trustedComment
    }
}

extension Substring {
    func trimmingASCIIWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[start...end]
    }
}
