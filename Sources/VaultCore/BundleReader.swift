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

/// Where a bundle's files go while the bundle is being checked. Whatever the
/// choice, the caller gets nothing before every check has passed.
public enum BundleSpool: Sendable {
    /// Hashed and dropped (`inspect`): any size, constant memory.
    case discard
    /// Kept in memory (`import`), at most `BundleReader.memoryLimit` in all.
    case memory
    /// Written into this existing private directory (`unpack`), which the caller
    /// publishes only once `open` has returned.
    case directory(String)
}

/// A bundle whose signature and every hash have been checked.
public struct VerifiedBundle: Sendable {
    public struct Member: Sendable {
        public let name: String
        public let sha256: String
        public let size: Int64
        /// The contents: always for the small members (manifest, signature,
        /// SHA256SUMS), for `files/…` only with `BundleSpool.memory`.
        public let bytes: [UInt8]?
    }

    public let manifest: ExportManifest
    public let sender: MinisignPublicKey
    public let trust: SenderTrust
    public let trustedComment: String
    /// The `.minisig` text, as received.
    public let signature: String
    /// SHA-256 of the bundle file as received (armored or not).
    public let bundleSHA256: String
    /// Every member in bundle order: exactly what `tar -x` would produce.
    public let members: [Member]
    /// The proof of the sender's export event, checked (or absent in older bundles).
    public let custody: BundleCustody.Status
    private let positions: [String: Int]

    init(manifest: ExportManifest, sender: MinisignPublicKey, trust: SenderTrust, trustedComment: String,
         signature: String, bundleSHA256: String, members: [Member], custody: BundleCustody.Status = .absent) {
        self.custody = custody
        self.manifest = manifest
        self.sender = sender
        self.trust = trust
        self.trustedComment = trustedComment
        self.signature = signature
        self.bundleSHA256 = bundleSHA256
        self.members = members
        positions = Dictionary(members.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func member(_ name: String) -> Member? {
        positions[name].map { members[$0] }
    }

    public func contents(of name: String) -> [UInt8]? {
        member(name)?.bytes
    }
}

/// Opens a bundle: decrypts it as a stream (age releases only authenticated
/// chunks), checks the manifest's minisign signature, then every SHA-256, and
/// only then returns; files are hashed on the way into the chosen spool.
public enum BundleReader {
    /// Total size of the files held with `BundleSpool.memory`.
    public static let memoryLimit = 1 << 30
    /// manifest.json and SHA256SUMS are read whole.
    static let smallMemberLimit = 64 << 20
    /// More members (or manifest entries) than this and the bundle is refused
    /// as it is read, before any signature or hash work.
    public static let memberLimit = 100_000

    /// `expectedSender`: a minisign public key (key line or `.pub` contents); the
    /// bundle must be signed by it.
    public static func open(path: String, key: BundleKey, expectedSender: String? = nil,
                            spool: BundleSpool = .memory, progress: ProgressHandler? = nil) throws -> VerifiedBundle {
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
        let file: FileStream
        do { file = try FileStream.openForReading(path: path) } catch {
            throw VaultError.unreadableInput(path: path, reason: FileSystem.reason())
        }
        let input = HashingSource(file)
        let members = try readMembers(input, identities: identities, spool: spool, progress: progress)
        return try verify(members, bundleSHA256: input.digest.hex, expected: expected, partners: partners)
    }

    /// Decrypts and unpacks the stream, hashing every member. Nothing is trusted yet.
    static func readMembers(_ input: HashingSource, identities: [any AgeIdentity], spool: BundleSpool,
                            memberLimit: Int = BundleReader.memberLimit,
                            progress: ProgressHandler? = nil) throws -> [VerifiedBundle.Member] {
        var members: [VerifiedBundle.Member] = []
        do {
            let age: AgeReader
            do { age = try AgeReader(input: input, identities: identities) } catch AgeError.noIdentityMatched {
                throw ExportError.notForThisKey
            }
            let tar = TarReader(read: { try age.read(into: $0) })
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 64)
            defer { buffer.deallocate() }
            var held = 0
            var seen: Set<String> = []
            while let header = try tar.nextEntry() {
                guard seen.count < memberLimit else {
                    throw ExportError.malformedBundle("more than \(memberLimit) members")
                }
                if header.kind == .directory {
                    guard header.name == BundleMembers.filesDirectory else {
                        throw ExportError.malformedBundle("unexpected directory \(printable(header.name))")
                    }
                    continue
                }
                guard isAllowedMember(header.name) else {
                    throw ExportError.malformedBundle("unexpected member \(printable(header.name))")
                }
                guard seen.insert(header.name).inserted else {
                    throw ExportError.malformedBundle("member \(printable(header.name)) appears twice")
                }
                let isFile = header.name.hasPrefix(BundleMembers.filesDirectory + "/")
                if !isFile {
                    let bytes = try tar.readAll(limit: smallMemberLimit)
                    members.append(.init(name: header.name, sha256: SHA256Hasher.hash(bytes).hex, size: Int64(bytes.count), bytes: bytes))
                    try spoolSmall(header.name, bytes, spool)
                    continue
                }
                var hasher = SHA256Hasher()
                var kept: [UInt8]?
                var out: FileStream?
                switch spool {
                case .discard: break
                case .memory:
                    guard header.size <= Int64(memoryLimit - held) else { throw VaultError.tooLarge(what: "the bundle's files", limit: memoryLimit) }
                    kept = []
                    kept?.reserveCapacity(Int(header.size))
                case .directory(let dir):
                    out = try createSpoolFile(dir, header.name)
                }
                var size: Int64 = 0
                while true {
                    let n = try tar.read(into: buffer)
                    if n == 0 { break }
                    let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                    hasher.update(chunk)
                    kept?.append(contentsOf: chunk)
                    if let out {
                        do { try out.write(chunk) } catch { throw VaultError.cannotWrite(path: header.name, reason: "\(error)") }
                    }
                    size += Int64(n)
                    progress?(ProgressReport(item: printable(header.name), done: size, total: header.size))
                }
                if let out {
                    do { try out.sync() } catch { throw VaultError.cannotWrite(path: header.name, reason: "\(error)") }
                }
                held += kept?.count ?? 0
                members.append(.init(name: header.name, sha256: hasher.finalize().hex, size: size, bytes: kept))
            }
            // The rest of the payload (Padmé padding: zeros only) and the end of the
            // age stream must authenticate too: a truncated bundle is not a whole one.
            while true {
                let n = try age.read(into: buffer)
                if n == 0 { break }
                guard UnsafeRawBufferPointer(rebasing: buffer[0..<n]).allSatisfy({ $0 == 0 }) else {
                    throw ExportError.malformedBundle("data after the end of the archive")
                }
            }
            while try input.read(into: buffer) > 0 {}
        } catch let error as AgeError {
            throw ExportError.damagedBundle(oneLine("\(error)"))
        } catch let error as TarError {
            throw ExportError.malformedBundle(oneLine("\(error)"))
        } catch let error as ByteStreamError {
            throw ExportError.damagedBundle(oneLine("\(error)"))
        }
        return members
    }

    private static func spoolSmall(_ name: String, _ bytes: [UInt8], _ spool: BundleSpool) throws {
        guard case .directory(let dir) = spool else { return }
        let out = try createSpoolFile(dir, name)
        do {
            try out.write(bytes)
            try out.sync()
        } catch {
            throw VaultError.cannotWrite(path: name, reason: "\(error)")
        }
    }

    /// A new 0600 file for an allowed member name (so never outside `dir`).
    private static func createSpoolFile(_ dir: String, _ name: String) throws -> FileStream {
        let path = FilePathText.join(dir, name)
        let parent = FilePathText.parent(path)
        if !FileSystem.isDirectory(parent) { try FileSystem.makeDirectory(parent) }
        do { return try FileStream.createExclusive(path: path, mode: 0o600) } catch {
            throw VaultError.cannotWrite(path: name, reason: FileSystem.reason())
        }
    }

    static func verify(_ members: [VerifiedBundle.Member], bundleSHA256: String, expected: MinisignPublicKey?,
                       partners: [Partner]) throws -> VerifiedBundle {
        var byName: [String: VerifiedBundle.Member] = [:]
        for m in members { byName[m.name] = m }
        func member(_ name: String) throws -> [UInt8] {
            guard let bytes = byName[name]?.bytes else {
                throw ExportError.malformedBundle("\(name) is missing")
            }
            return bytes
        }
        let manifestBytes = try member(BundleMembers.manifest)
        let signature = String(decoding: try member(BundleMembers.signature), as: UTF8.self)
        let sums = try member(BundleMembers.checksums)

        // The signature, against the key the user expects, a known partner's,
        // or (unverified) the one the manifest names.
        let unverifiedManifest: ExportManifest
        do { unverifiedManifest = try JSONCoding.decode(ExportManifest.self, from: manifestBytes) } catch {
            throw ExportError.malformedBundle("manifest.json is not an export manifest")
        }
        let declared: MinisignPublicKey
        do { declared = try MinisignPublicKey(parsing: unverifiedManifest.sender.minisignPublicKey) } catch {
            throw ExportError.malformedBundle(oneLine("the manifest's sender key: \(error)"))
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
            throw ExportError.badSignature(oneLine("\(error)"))
        }
        guard declared == verifier else {
            throw ExportError.unexpectedSender(signedBy: declared.keyIDHex, expected: verifier.keyIDHex)
        }
        let manifest = unverifiedManifest
        guard manifest.format == ExportManifest.currentFormat else {
            throw ExportError.malformedBundle("unsupported format \(printable(manifest.format))")
        }
        guard manifest.entries.count <= memberLimit else {
            throw ExportError.malformedBundle("more than \(memberLimit) entries")
        }

        // Hashes: SHA256SUMS, the signed manifest and the files agree, and
        // nothing unlisted rides along.
        let listed = try parseChecksums(sums)
        guard listed[BundleMembers.manifest] == SHA256Hasher.hash(manifestBytes).hex else {
            throw ExportError.hashMismatch(BundleMembers.manifest)
        }
        var referenced: Set<String> = []
        for entry in manifest.entries {
            let file = entry.file
            guard let m = byName[file] else {
                throw ExportError.malformedBundle("\(printable(file)) is named in the manifest but missing")
            }
            guard m.sha256 == entry.fileSHA256, listed[file] == m.sha256, entry.fileSize == m.size else {
                throw ExportError.hashMismatch(printable(file))
            }
            guard referenced.insert(file).inserted else {
                throw ExportError.malformedBundle("\(printable(file)) is named twice in the manifest")
            }
        }
        for m in members where m.name.hasPrefix(BundleMembers.filesDirectory + "/") && !referenced.contains(m.name) {
            throw ExportError.malformedBundle("\(printable(m.name)) is not in the manifest")
        }
        // The custody proof: listed if present, and it must hold against the
        // manifest and the key that signed it.
        let proofBytes = byName[BundleMembers.custodyProof]?.bytes
        if let proofBytes, listed[BundleMembers.custodyProof] != SHA256Hasher.hash(proofBytes).hex {
            throw ExportError.hashMismatch(BundleMembers.custodyProof)
        }
        if proofBytes == nil && listed[BundleMembers.custodyProof] != nil {
            throw ExportError.malformedBundle("\(BundleMembers.custodyProof) is listed in SHA256SUMS but missing")
        }
        let custody = try BundleCustody.verify(proofBytes, manifest: manifestBytes, senderKey: verifier.key)
        for name in listed.keys where name != BundleMembers.manifest && !referenced.contains(name)
            && !(name == BundleMembers.custodyProof && proofBytes != nil) {
            throw ExportError.malformedBundle("SHA256SUMS lists \(printable(name)), which the manifest does not")
        }
        return VerifiedBundle(manifest: manifest, sender: declared, trust: trust, trustedComment: comment,
                              signature: signature, bundleSHA256: bundleSHA256, members: members, custody: custody)
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
        if [BundleMembers.manifest, BundleMembers.signature, BundleMembers.checksums,
            BundleMembers.custodyProof].contains(name) { return true }
        let prefix = BundleMembers.filesDirectory + "/"
        guard name.hasPrefix(prefix) else { return false }
        let base = name.dropFirst(prefix.count)
        return !base.isEmpty && base.utf8.count <= 200 && !base.hasPrefix(".") && !base.hasPrefix("-")
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
        String(String.UnicodeScalarView(text.unicodeScalars.filter(isPrintable).prefix(80)))
    }

    /// An error message that may quote bundle bytes (a tar member name): one line,
    /// no control, bidi or zero-width characters, at most 300 characters.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter(isPrintable).prefix(300)))
    }

    private static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: return false
        default: return true
        }
    }
}

/// Passes a source through, hashing every byte read (the bundle file's SHA-256).
final class HashingSource: ByteSource {
    private let input: any ByteSource
    private var hasher = SHA256Hasher()

    init(_ input: any ByteSource) { self.input = input }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try input.read(into: buffer)
        if n > 0 { hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) }
        return n
    }

    var digest: SHA256Digest { hasher.finalize() }
}
