import EvaultCrypto

/// The vault's 32-byte secret for pseudonyms. Another key gives other
/// pseudonyms, so pseudonyms from two vaults cannot be linked.
public struct PseudonymKey: Sendable {
    let secret: SecureBytes

    public static let byteCount = 32

    public init(_ secret: SecureBytes) throws {
        guard secret.count == Self.byteCount else { throw StrippingError.invalidKeyLength(secret.count) }
        self.secret = secret
    }

    /// A fresh key (for `strip --ephemeral`: pseudonyms stable within one run only).
    public static func random() -> PseudonymKey {
        PseudonymKey(unchecked: SecureBytes.random(count: byteCount))
    }

    private init(unchecked secret: SecureBytes) { self.secret = secret }
}
