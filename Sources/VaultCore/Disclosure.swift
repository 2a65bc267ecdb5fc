import AgeFormat
import EvaultCrypto
import Minisign
import TarFormat

/// `disclosure.json`: opens one commitment of one entry for one recipient
/// (docs/FORMAT.md §7, "Disclosures"). Signed like a manifest, by the vault's key.
public struct Disclosure: Codable, Equatable, Sendable {
    public static let currentFormat = "evault-disclosure/1"

    public var format: String = Disclosure.currentFormat
    public var disclosedAt: String
    public var sender: Sender
    /// The sending vault's names for the recipients.
    public var to: [String]
    /// The entry id, as in the manifest.
    public var entry: String
    /// `original`, `redacted` or `clean`.
    public var member: SealedMember
    /// s_M, 64 hex.
    public var memberSalt: String
    /// SHA-256 of the member, 64 hex.
    public var sha256: String
    /// C_M, which `memberSalt` and `sha256` open.
    public var commitment: String

    public struct Sender: Codable, Equatable, Sendable {
        public var minisignPublicKey: String
        public var keyID: String

        enum CodingKeys: String, CodingKey {
            case minisignPublicKey = "minisign_public_key", keyID = "key_id"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, sender, to, entry, member, sha256, commitment
        case disclosedAt = "disclosed_at", memberSalt = "member_salt"
    }

    /// Whether the salt and hash open the commitment this disclosure names.
    public var opensItsCommitment: Bool {
        guard let salt = CommitmentSalt(hex: memberSalt), let digest = SHA256Digest(hex: sha256),
              let commitment = Commitment(hex: commitment) else { return false }
        return commitment.opens(memberSalt: salt, sha256: digest)
    }
}

/// Member names of a disclosure file's tar stream.
enum DisclosureMembers {
    static let json = "disclosure.json"
    static let signature = "disclosure.json.minisig"
}

/// A disclosure whose signature holds and whose commitment matches the manifest.
public struct CheckedDisclosure: Sendable {
    public let disclosure: Disclosure
    public let trustedComment: String
    public let manifestEntry: ExportManifest.Entry
}

/// Reads a disclosure and checks it against a verified bundle: same signer as the
/// bundle's manifest, an entry the manifest lists, and a salt and hash that open
/// the commitment the manifest carries for that member.
public enum DisclosureReader {
    public static func open(path: String, key: BundleKey, bundle: VerifiedBundle) throws -> CheckedDisclosure {
        let (json, signature) = try readMembers(path: path, key: key)
        let comment: String
        do { comment = try bundle.sender.verify(message: json, signatureFile: signature) } catch {
            throw DisclosureError.badSignature("not signed by the key that signed the bundle (\(bundle.sender.keyIDHex))")
        }
        let disclosure: Disclosure
        do { disclosure = try JSONCoding.decode(Disclosure.self, from: json) } catch {
            throw DisclosureError.malformed("disclosure.json is not a disclosure")
        }
        guard disclosure.format == Disclosure.currentFormat else { throw DisclosureError.malformed("unsupported format") }
        guard let entry = bundle.manifest.entries.first(where: { $0.id == disclosure.entry }) else {
            throw DisclosureError.notInBundle("entry \(BundleReader.printable(disclosure.entry)) is not in this bundle")
        }
        guard let committed = entry.commitments?[disclosure.member.rawValue] ?? (disclosure.member == .original ? entry.commitment : nil) else {
            throw DisclosureError.notInBundle("the bundle carries no commitment to entry \(entry.id)'s \(disclosure.member.rawValue) member")
        }
        guard committed == disclosure.commitment.lowercased(), disclosure.opensItsCommitment else {
            throw DisclosureError.doesNotOpen(entry.id, disclosure.member.rawValue)
        }
        return CheckedDisclosure(disclosure: disclosure, trustedComment: comment, manifestEntry: entry)
    }

    /// Decrypts the file and returns disclosure.json and its signature; nothing else may appear.
    static func readMembers(path: String, key: BundleKey) throws -> ([UInt8], String) {
        let identities: [any AgeIdentity]
        switch key {
        case .vault(let vault): identities = [vault.keyring.identity]
        case .identityFile(let file): identities = try BundleReader.readIdentities(file)
        }
        guard FileSystem.isRegularFile(path) else { throw VaultError.unreadableInput(path: path, reason: "no such file") }
        var found: [String: [UInt8]] = [:]
        do {
            let file = try FileStream.openForReading(path: path)
            let age: AgeReader
            do { age = try AgeReader(input: file, identities: identities) } catch AgeError.noIdentityMatched {
                throw DisclosureError.notForThisKey
            }
            let tar = TarReader(read: { try age.read(into: $0) })
            while let header = try tar.nextEntry() {
                guard [DisclosureMembers.json, DisclosureMembers.signature].contains(header.name), found[header.name] == nil else {
                    throw DisclosureError.malformed("unexpected member \(BundleReader.printable(header.name))")
                }
                found[header.name] = try tar.readAll(limit: 64 * 1024)
            }
            _ = try age.readToEnd(limit: 1 << 20)
        } catch let error as DisclosureError {
            throw error
        } catch let error as VaultError {
            throw error
        } catch let error as AgeError {
            throw DisclosureError.damaged(BundleReader.oneLine("\(error)"))
        } catch {
            throw DisclosureError.malformed(BundleReader.oneLine("\(error)"))
        }
        guard let json = found[DisclosureMembers.json], let sig = found[DisclosureMembers.signature] else {
            throw DisclosureError.malformed("disclosure.json or its signature is missing")
        }
        return (json, String(decoding: sig, as: UTF8.self))
    }
}

/// Why a disclosure was refused or cannot be made.
public enum DisclosureError: Error, Equatable, CustomStringConvertible {
    case notForThisKey
    /// The encryption does not hold (altered, truncated).
    case damaged(String)
    case malformed(String)
    case badSignature(String)
    case notInBundle(String)
    case doesNotOpen(String, String)
    /// A format-1 entry has no salt: nothing was committed to.
    case predatesCommitments(String)
    case noSuchMember(String, String)

    public var description: String {
        switch self {
        case .notForThisKey: return "disclosure refused: it is not encrypted to this key"
        case .damaged(let why): return "disclosure refused: it was altered or is damaged (\(why))"
        case .malformed(let why): return "disclosure refused: not an evault disclosure (\(why))"
        case .badSignature(let why): return "disclosure refused: the signature does not verify (\(why))"
        case .notInBundle(let why): return "disclosure refused: \(why)"
        case let .doesNotOpen(id, member):
            return "disclosure refused: it does not open the manifest's commitment to entry \(id)'s \(member) member"
        case .predatesCommitments(let id):
            return "entry \(id) was sealed before commitments (format 1): there is nothing to disclose; share the file itself if you must"
        case let .noSuchMember(id, member): return "entry \(id) has no \(member) member"
        }
    }
}
