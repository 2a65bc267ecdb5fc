import EvaultCrypto

/// Makes minisign signatures (pre-hashed `ED` algorithm) that `minisign -V`
/// 0.10 and later accepts.
public struct MinisignSigner: Sendable {
    /// minisign reads comment lines into fixed buffers (1024 and 8192 bytes with
    /// their prefixes); longer lines would make its verification fail.
    public static let maxUntrustedCommentBytes = 1000
    public static let maxTrustedCommentBytes = 8000

    private let key: Ed25519.PrivateKey
    private let keyID: [UInt8]

    /// `keyID` must be 8 bytes, normally `keyID(for: key.publicKey)`.
    public init(key: Ed25519.PrivateKey, keyID: [UInt8]) {
        precondition(keyID.count == MinisignPublicKey.keyIDLength, "minisign key id must be 8 bytes")
        self.key = key
        self.keyID = keyID
    }

    /// evault's key id: the first 8 bytes of BLAKE2b-512(public key). minisign
    /// picks random ids; deriving ours means a key file needs no extra field,
    /// and the id is still stable for one key and distinct across keys.
    public static func keyID(for publicKey: Ed25519.PublicKey) -> [UInt8] {
        Array(BLAKE2b.hash(publicKey.rawRepresentation, outputLength: 64).prefix(MinisignPublicKey.keyIDLength))
    }

    public var publicKey: MinisignPublicKey {
        MinisignPublicKey(keyID: keyID, key: key.publicKey)
    }

    /// The full `.minisig` contents for `message`.
    ///
    /// Comments are sanitized, not refused (this call cannot fail): control
    /// characters other than tab, including CR and LF, become spaces, and the
    /// text is cut at a character boundary to the maximum length. The trusted
    /// comment actually signed is the one `verify` returns.
    public func sign(message: [UInt8], trustedComment: String,
                     untrustedComment: String = "signature from evault secret key") -> String {
        sign(prehash: BLAKE2b.hash(message, outputLength: 64), trustedComment: trustedComment,
             untrustedComment: untrustedComment)
    }

    /// The full `.minisig` contents for everything `source` yields, hashed as it
    /// is read. Comments are sanitized as in `sign(message:…)`.
    public func sign(source: any ByteSource, trustedComment: String,
                     untrustedComment: String = "signature from evault secret key") throws -> String {
        sign(prehash: try Self.prehash(source), trustedComment: trustedComment, untrustedComment: untrustedComment)
    }

    private func sign(prehash: [UInt8], trustedComment: String, untrustedComment: String) -> String {
        var sig = MinisignSignature(
            algorithm: .prehashed, keyID: keyID, signature: key.signature(for: prehash),
            untrustedComment: Self.sanitizedComment(untrustedComment, maxBytes: Self.maxUntrustedCommentBytes),
            trustedComment: Self.sanitizedComment(trustedComment, maxBytes: Self.maxTrustedCommentBytes),
            globalSignature: [])
        sig.globalSignature = key.signature(for: sig.globalSignedBytes)
        return sig.fileContents
    }

    /// BLAKE2b-512 of a whole stream, in 64 KiB steps.
    static func prehash(_ source: any ByteSource) throws -> [UInt8] {
        let hasher = BLAKE2b(outputLength: 64)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        try buffer.withUnsafeMutableBytes { buf in
            while true {
                let n = try source.read(into: buf)
                if n == 0 { break }
                hasher.update(UnsafeRawBufferPointer(rebasing: buf[0..<n]))
            }
        }
        return hasher.finalize()
    }

    /// `text` made safe for a one-line comment: see `sign(message:…)`.
    public static func sanitizedComment(_ text: String, maxBytes: Int) -> String {
        var out = String.UnicodeScalarView()
        var bytes = 0
        for scalar in text.unicodeScalars {
            let clean: Unicode.Scalar = (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F ? " " : scalar
            let width = UTF8.width(clean)
            guard bytes + width <= maxBytes else { break }
            out.append(clean)
            bytes += width
        }
        return String(out)
    }
}
