import EvaultCrypto

/// An RFC 3161 TimeStampReq (DER) for a SHA-256 digest, asking for the TSA's
/// certificate in the reply (certReq TRUE) and carrying a random nonce.
public enum TimeStampRequest {
    public static func der(sha256 digest: SHA256Digest) -> [UInt8] {
        let sha256Algorithm: [UInt8] = [0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00]
        let imprint = tlv(0x30, sha256Algorithm + tlv(0x04, digest.bytes))
        var nonce = randomBytes(8)
        nonce[0] = (nonce[0] & 0x7f) | 0x40   // positive, minimal DER integer
        let body = tlv(0x02, [1]) + imprint + tlv(0x02, nonce) + tlv(0x01, [0xff])
        return tlv(0x30, body)
    }

    /// Short-form DER lengths suffice: every part is under 128 bytes.
    private static func tlv(_ tag: UInt8, _ value: [UInt8]) -> [UInt8] {
        [tag, UInt8(value.count)] + value
    }

    /// The digest a checkpoint file's time-stamps cover: SHA-256 of its
    /// checkpoints' texts without their signature lines.
    public static func digest(ofCheckpointFile text: String) -> SHA256Digest {
        SHA256Hasher.hash(Array(CheckpointFile.unsignedText(text).utf8))
    }
}
