import AgeFormat
import EvaultCrypto
import Minisign

/// The vault's three secrets, generated together by `evault init`:
/// - an X25519 age identity, which every entry is encrypted to;
/// - an Ed25519 signing key, for minisign signatures on exports;
/// - a 32-byte pseudonym key, for keyed pseudonyms.
public struct Keyring: Sendable {
    public let identity: AgeX25519Identity
    public let signingKey: Ed25519.PrivateKey
    public let pseudonymKey: SecureBytes

    public static let pseudonymKeyLength = 32

    public init(identity: AgeX25519Identity, signingKey: Ed25519.PrivateKey, pseudonymKey: SecureBytes) throws {
        guard pseudonymKey.count == Keyring.pseudonymKeyLength else {
            throw CryptoError.invalidLength(what: "pseudonym key", expected: Keyring.pseudonymKeyLength, got: pseudonymKey.count)
        }
        self.identity = identity
        self.signingKey = signingKey
        self.pseudonymKey = pseudonymKey
    }

    public static func generate() -> Keyring {
        // Lengths are right by construction; the initialiser cannot throw here.
        guard let keyring = try? Keyring(identity: .generate(), signingKey: Ed25519.PrivateKey(),
                                         pseudonymKey: .random(count: pseudonymKeyLength)) else {
            preconditionFailure("fresh keys have the right lengths")
        }
        return keyring
    }

    public var recipient: AgeX25519Recipient { identity.recipient }

    public var signer: MinisignSigner {
        MinisignSigner(key: signingKey, keyID: MinisignSigner.keyID(for: signingKey.publicKey))
    }

    public var minisignPublicKey: MinisignPublicKey { signer.publicKey }

    /// The keys published in `keys.example`. evault refuses to use them: they
    /// are public, so anything sealed with them is readable by anyone.
    static let exampleRecipient = "age1ycxv4k2m9adxf9cw4fhj6hsadt6hvchf4x52auk7eyv8ulu3scpsyj6cuw"

    var isExample: Bool { recipient.encoded == Keyring.exampleRecipient }
}

/// The one rule for a new passphrase (init, `keys passwd`, from a file or the
/// prompt); unlocking never applies it, so an existing vault always opens.
public enum PassphrasePolicy {
    public static let minimumCharacters = 8

    public static func check(_ passphrase: SecureBytes) throws {
        let characters = passphrase.withUnsafeBytes { String(decoding: $0, as: UTF8.self).count }
        guard characters >= minimumCharacters else {
            throw VaultError.invalidArgument("the new passphrase is shorter than \(minimumCharacters) characters; nothing was changed")
        }
    }
}
