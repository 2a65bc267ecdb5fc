import AgeFormat
import EvaultCrypto
import Minisign
import TarFormat

/// The key that opens a bundle on the partner's side.
public enum BundleKey {
    /// The partner's own vault (its X25519 identity; its partners vouch for senders).
    case vault(Vault)
    /// An age identity file (`AGE-SECRET-KEY-1…` lines; an evault key file is one).
    case identityFile(path: String)
}

/// How far the sender of a verified bundle is known.
public enum SenderTrust: Equatable, Sendable {
    /// The signature is by the key the user gave (`--sender`).
    case expected
    /// The signature is by a partner this vault knows with that minisign key.
    case knownPartner(String)
    /// The signature holds, but only against the key the bundle itself names:
    /// it proves integrity, not who sent it.
    case unverified
}

/// A bundle whose signature and every hash have been checked, held in memory.
public struct VerifiedBundle: Sendable {
    public let manifest: ExportManifest
    public let sender: MinisignPublicKey
    public let trust: SenderTrust
    public let trustedComment: String
    /// The `.minisig` text, as received.
    public let signature: String
    /// SHA-256 of the bundle file as received (armored or not).
    public let bundleSHA256: String
    /// Every member in bundle order (`manifest.json`, `manifest.json.minisig`,
    /// `SHA256SUMS`, `files/…`): exactly what `tar -x` would produce.
    public let members: [(name: String, bytes: [UInt8])]

    public func contents(of name: String) -> [UInt8]? {
        members.first { $0.name == name }?.bytes
    }
}

/// Opens a bundle: decrypts it to memory, checks the manifest's minisign
/// signature, then every SHA-256, and releases nothing before all of that holds.
public enum BundleReader {
    /// Bundles are read whole into memory (they carry stripped text, and binary
    /// originals only on request).
    public static let sizeLimit = 1 << 30
    static let memberLimit = 1 << 30

    /// `expectedSender`: a minisign public key (key line or `.pub` contents); the
    /// bundle must be signed by it.
    public static func open(path: String, key: BundleKey, expectedSender: String? = nil) throws -> VerifiedBundle {
        let expected: MinisignPublicKey?
        do { expected = try expectedSender.map { try MinisignPublicKey(parsing: $0) } } catch {
            throw ExportError.invalidMinisignKey("--sender: \(error)")
        }
        let identities: [any AgeIdentity]
        var partners: [Partner] = []
        switch key {
        case .vault(let vault):
            identities = [vault.keyring.identity]
            partners = try vault.partners()
        case .identityFile(let file):
            identities = try readIdentities(file)
        }

        guard FileSystem.isRegularFile(path) else { throw VaultError.unreadableInput(path: path, reason: "no such file") }
        let raw: [UInt8]
        do { raw = try FileStream.openForReading(path: path).readToEnd(limit: sizeLimit) } catch ByteStreamError.inputTooLarge {
            throw VaultError.tooLarge(what: path, limit: sizeLimit)
        } catch {
            throw VaultError.unreadableInput(path: path, reason: FileSystem.reason())
        }
        return try verify(raw, identities: identities, expected: expected, partners: partners)
    }

    static func verify(_ raw: [UInt8], identities: [any AgeIdentity], expected: MinisignPublicKey?,
                       partners: [Partner]) throws -> VerifiedBundle {
        // 1. Decrypt. age authenticates every chunk and the end of the stream.
        let plain: [UInt8]
        do {
            let reader = try AgeReader(input: MemorySource(raw), identities: identities)
            plain = try reader.readToEnd(limit: sizeLimit)
        } catch AgeError.noIdentityMatched {
            throw ExportError.notForThisKey
        } catch let error as AgeError {
            throw ExportError.damagedBundle("\(error)")
        } catch ByteStreamError.inputTooLarge {
            throw VaultError.tooLarge(what: "the bundle", limit: sizeLimit)
        }

        // 2. Members: only the names a bundle has, each once.
        var members: [(name: String, bytes: [UInt8])] = []
        do {
            let tar = TarReader(read: MemorySource(plain).read)
            while let header = try tar.nextEntry() {
                if header.kind == .directory {
                    guard header.name == BundleMembers.filesDirectory else {
                        throw ExportError.malformedBundle("unexpected directory \(printable(header.name))")
                    }
                    continue
                }
                guard isAllowedMember(header.name) else {
                    throw ExportError.malformedBundle("unexpected member \(printable(header.name))")
                }
                guard !members.contains(where: { $0.name == header.name }) else {
                    throw ExportError.malformedBundle("member \(header.name) appears twice")
                }
                members.append((header.name, try tar.readAll(limit: memberLimit)))
            }
        } catch let error as TarError {
            throw ExportError.malformedBundle("\(error)")
        }
        func member(_ name: String) throws -> [UInt8] {
            guard let m = members.first(where: { $0.name == name }) else {
                throw ExportError.malformedBundle("\(name) is missing")
            }
            return m.bytes
        }
        let manifestBytes = try member(BundleMembers.manifest)
        let signature = String(decoding: try member(BundleMembers.signature), as: UTF8.self)
        let sums = try member(BundleMembers.checksums)

        // 3. The signature, against the key the user expects, a known partner's,
        //    or (unverified) the one the manifest names.
        let unverifiedManifest: ExportManifest
        do { unverifiedManifest = try JSONCoding.decode(ExportManifest.self, from: manifestBytes) } catch {
            throw ExportError.malformedBundle("manifest.json is not an export manifest")
        }
        let declared: MinisignPublicKey
        do { declared = try MinisignPublicKey(parsing: unverifiedManifest.sender.minisignPublicKey) } catch {
            throw ExportError.malformedBundle("the manifest's sender key: \(error)")
        }
        let verifier: MinisignPublicKey
        let trust: SenderTrust
        if let expected {
            verifier = expected
            trust = .expected
        } else if let known = partners.first(where: { (try? $0.minisignKey()) == declared }) {
            verifier = declared
            trust = .knownPartner(known.name)
        } else {
            verifier = declared
            trust = .unverified
        }
        let comment: String
        do { comment = try verifier.verify(message: manifestBytes, signatureFile: signature) } catch MinisignError.keyIDMismatch {
            if let expected {
                throw ExportError.unexpectedSender(signedBy: signerKeyID(signature) ?? "unknown", expected: expected.keyIDHex)
            }
            throw ExportError.badSignature("it was made by another key than the manifest names")
        } catch let error as MinisignError {
            throw ExportError.badSignature("\(error)")
        }
        guard declared == verifier else {
            throw ExportError.unexpectedSender(signedBy: declared.keyIDHex, expected: verifier.keyIDHex)
        }
        let manifest = unverifiedManifest
        guard manifest.format == ExportManifest.currentFormat else {
            throw ExportError.malformedBundle("unsupported format \(printable(manifest.format))")
        }

        // 4. Hashes: SHA256SUMS, the signed manifest and the files agree, and
        //    nothing unlisted rides along.
        let listed = try parseChecksums(sums)
        guard listed[BundleMembers.manifest] == SHA256Hasher.hash(manifestBytes).hex else {
            throw ExportError.hashMismatch(BundleMembers.manifest)
        }
        var referenced: Set<String> = []
        for entry in manifest.entries {
            guard let file = entry.file else { continue }
            guard let bytes = members.first(where: { $0.name == file })?.bytes else {
                throw ExportError.malformedBundle("\(printable(file)) is named in the manifest but missing")
            }
            let digest = SHA256Hasher.hash(bytes).hex
            guard digest == entry.fileSHA256, listed[file] == digest, entry.fileSize == Int64(bytes.count) else {
                throw ExportError.hashMismatch(file)
            }
            if entry.exported == "original" && digest != entry.originalSHA256 { throw ExportError.hashMismatch(file) }
            referenced.insert(file)
        }
        for m in members where m.name.hasPrefix(BundleMembers.filesDirectory + "/") && !referenced.contains(m.name) {
            throw ExportError.malformedBundle("\(m.name) is not in the manifest")
        }
        for name in listed.keys where name != BundleMembers.manifest && !referenced.contains(name) {
            throw ExportError.malformedBundle("SHA256SUMS lists \(printable(name)), which the manifest does not")
        }
        return VerifiedBundle(manifest: manifest, sender: declared, trust: trust, trustedComment: comment,
                              signature: signature, bundleSHA256: SHA256Hasher.hash(raw).hex, members: members)
    }

    static func readIdentities(_ file: String) throws -> [any AgeIdentity] {
        var bytes: [UInt8]
        do { bytes = try FileStream.openForReading(path: file).readToEnd(limit: 1 << 20) } catch {
            throw VaultError.unreadableInput(path: file, reason: "cannot read the identity file")
        }
        defer { wipe(&bytes) }
        return try AgeIdentityFile.parse(SecureBytes(copying: bytes))
    }

    /// `manifest.json`, `manifest.json.minisig`, `SHA256SUMS`, or `files/NAME` with a
    /// plain name: nothing that could land outside the output directory.
    static func isAllowedMember(_ name: String) -> Bool {
        if [BundleMembers.manifest, BundleMembers.signature, BundleMembers.checksums].contains(name) { return true }
        let prefix = BundleMembers.filesDirectory + "/"
        guard name.hasPrefix(prefix) else { return false }
        let base = name.dropFirst(prefix.count)
        return !base.isEmpty && base.utf8.count <= 200 && !base.hasPrefix(".")
            && base.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    /// `sha256sum` lines: "<64 hex>  <name>" (or " *<name>").
    static func parseChecksums(_ data: [UInt8]) throws -> [String: String] {
        var sums: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, SHA256Digest(hex: String(parts[0])) != nil else {
                throw ExportError.malformedBundle("SHA256SUMS is malformed")
            }
            var name = Substring(parts[1])
            if name.hasPrefix(" ") || name.hasPrefix("*") { name = name.dropFirst() }
            guard sums[String(name)] == nil else { throw ExportError.malformedBundle("SHA256SUMS lists \(printable(String(name))) twice") }
            sums[String(name)] = String(parts[0]).lowercased()
        }
        return sums
    }

    /// The key id a `.minisig` claims (minisign's hex form), for the refusal message.
    static func signerKeyID(_ signature: String) -> String? {
        let lines = signature.split(separator: "\n")
        guard lines.count >= 2, let blob = Base64.decode(lines[1], padded: true), blob.count >= 10 else { return nil }
        return Hex.encode(Array(blob[2..<10].reversed())).uppercased()
    }

    /// Names from a bundle go into one-line messages: no control characters, bounded.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }.prefix(80)))
    }
}
