/// Why a partner, an export or a bundle was refused. One line each, naming what
/// failed; never a secret, never text from inside a bundle.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    case invalidPartnerName(String)
    case partnerExists(String)
    case unknownPartner(String)
    case invalidRecipient(String)
    case invalidMinisignKey(String)
    case nothingToExport
    /// Every selected entry was left out (no stripped text, no clean copy).
    case nothingExportable([String])
    /// Several partners without --linkable: one bundle carries one set of pseudonyms.
    case severalPartnersNeedLinkable
    /// The bundle is not encrypted to any of the given keys.
    case notForThisKey
    /// The bundle's encryption or armor does not hold (altered, truncated, not a bundle).
    case damagedBundle(String)
    /// The bundle decrypts but its content is not an evault export.
    case malformedBundle(String)
    case badSignature(String)
    /// The signer is not the sender the user expects.
    case unexpectedSender(signedBy: String, expected: String)
    /// Importing needs a sender the user has vouched for.
    case unverifiedSender(String)
    case hashMismatch(String)
    case alreadyImported(String)
    /// The bundle's custody proof (its export event and checkpoint) does not hold.
    case badCustodyProof(String)

    public var description: String {
        switch self {
        case .invalidPartnerName(let why):
            return "invalid partner name: \(why)"
        case .partnerExists(let name):
            return "a partner named \(name) already exists; remove it first"
        case .unknownPartner(let name):
            return "no partner named \(name); add one with `evault partner add`"
        case .invalidRecipient(let why):
            return "invalid age recipient: \(why)"
        case .invalidMinisignKey(let why):
            return "invalid minisign public key: \(why)"
        case .nothingToExport:
            return "no entries match: nothing was exported"
        case .nothingExportable(let ids):
            return "nothing was exported: no stripped text or clean copy for \(ids.joined(separator: ", ")) (--include-originals sends originals UNREDACTED)"
        case .severalPartnersNeedLinkable:
            return "one bundle carries one set of pseudonyms: export to each partner separately, or pass --linkable to give all of them the vault's own pseudonyms"
        case .notForThisKey:
            return "bundle refused: it is not encrypted to this key, or its header was altered (no identity matched any of the recipients)"
        case .damagedBundle(let why):
            return "bundle refused: it was altered or is damaged (\(why))"
        case .malformedBundle(let why):
            return "bundle refused: not an evault export (\(why))"
        case .badSignature(let why):
            return "bundle refused: the manifest signature does not verify (\(why))"
        case let .unexpectedSender(signedBy, expected):
            return "bundle refused: signed by minisign key \(signedBy), not by the expected sender \(expected)"
        case .unverifiedSender(let key):
            return "bundle refused: its sender \(key) is unverified; give --sender PUBKEY or add the sender with `evault partner add NAME --age … --minisign …`"
        case .hashMismatch(let what):
            return "bundle refused: SHA-256 mismatch for \(what)"
        case .alreadyImported(let ids):
            return "this bundle was already imported (entries \(ids)); nothing was added"
        case .badCustodyProof(let why):
            return "bundle refused: its custody proof does not hold (\(why))"
        }
    }
}
