import AgeFormat
import EvaultCrypto
import Minisign

/// Someone this vault exports to: another newsroom, an NGO, a lawyer.
/// Kept encrypted in `state/partners.age`, never in clear.
public struct Partner: Codable, Equatable, Sendable {
    /// The vault's own label for the partner (`--to NAME`).
    public var name: String
    /// What exports to this partner are encrypted to.
    public var ageRecipient: String
    /// What bundles from this partner are verified with, when known.
    public var minisignPublicKey: String?
    public var addedAt: String
    /// 32 random bytes (hex) that make this partner's pseudonyms its own.
    var salt: String
    /// Vault pseudonym (class and body, see `PartnerPseudonyms`) -> this partner's
    /// body: remembered so a partner keeps the same pseudonyms across exports even
    /// after a collision was resolved. Pseudonyms only, never names.
    var pseudonyms: [String: String]

    enum CodingKeys: String, CodingKey {
        case name, salt, pseudonyms
        case ageRecipient = "age_recipient", minisignPublicKey = "minisign_public_key", addedAt = "added_at"
    }

    /// Parsed forms; the stored strings were validated when the partner was added.
    public func recipient() throws -> AgeX25519Recipient {
        do { return try AgeX25519Recipient(parsing: ageRecipient) } catch {
            throw ExportError.invalidRecipient("partner \(name): \(error)")
        }
    }

    public func minisignKey() throws -> MinisignPublicKey? {
        guard let minisignPublicKey else { return nil }
        do { return try MinisignPublicKey(parsing: minisignPublicKey) } catch {
            throw ExportError.invalidMinisignKey("partner \(name): \(error)")
        }
    }

    /// Names are labels typed on the command line and split on commas by `--to`.
    static func validate(name: String) throws {
        guard !name.isEmpty else { throw ExportError.invalidPartnerName("it is empty") }
        guard name.utf8.count <= 64 else { throw ExportError.invalidPartnerName("longer than 64 bytes") }
        guard !name.contains(",") else { throw ExportError.invalidPartnerName("it contains a comma (--to separates names with commas)") }
        guard name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7f }) else {
            throw ExportError.invalidPartnerName("use letters, digits and punctuation, no spaces or control characters")
        }
    }
}

/// The partner list as stored.
struct PartnerList: Codable {
    var version = 1
    var partners: [Partner] = []
}
