import EvaultCrypto
import Foundation
import Minisign

/// A new generation of the vault's keys, as the custody log records it: its
/// public keys and a C2SP signed note by the previous generation's signing key
/// naming them, so that anyone holding the old public key can follow the chain.
///
///     evault key rotation
///     vault <vault id>
///     generation <N>
///     age <age1… of generation N>
///     minisign <RW… of generation N>
///
///     — evault/<vault id>/keys <base64(key id || Ed25519 signature)>
public struct KeyRotation: Codable, Equatable, Sendable {
    public var generation: Int
    public var ageRecipient: String
    public var minisignPublicKey: String
    /// The signed note.
    public var statement: String

    enum CodingKeys: String, CodingKey {
        case generation, statement
        case ageRecipient = "age_recipient", minisignPublicKey = "minisign_public_key"
    }

    static func noteName(vaultID: String) -> String { "evault/\(vaultID)/keys" }

    static func text(vaultID: String, generation: Int, recipient: String, minisign: String) -> String {
        "evault key rotation\nvault \(vaultID)\ngeneration \(generation)\nage \(recipient)\nminisign \(minisign)\n"
    }

    init(vaultID: String, generation: Int, new: Keyring, signedBy old: Keyring) {
        self.generation = generation
        ageRecipient = new.recipient.encoded
        minisignPublicKey = new.minisignPublicKey.base64
        let text = KeyRotation.text(vaultID: vaultID, generation: generation, recipient: ageRecipient, minisign: minisignPublicKey)
        statement = SignedNote.sign(text, name: KeyRotation.noteName(vaultID: vaultID), key: old.signingKey)
    }

    /// Whether the statement is signed by `previous` and names exactly these keys.
    public func verifies(vaultID: String, previous: Ed25519.PublicKey) -> Bool {
        SignedNote.open(statement, name: KeyRotation.noteName(vaultID: vaultID), publicKey: previous)
            == KeyRotation.text(vaultID: vaultID, generation: generation, recipient: ageRecipient, minisign: minisignPublicKey)
    }
}

extension Vault {
    /// Every key rotation the custody log records, oldest first: the chain from
    /// the vault's first signing key to its current one.
    public func keyRotations() throws -> [KeyRotation] {
        try custody.logs().values.flatMap(\.events).compactMap(\.details.rotation).sorted { $0.generation < $1.generation }
    }
}
