import AgeFormat
import EvaultCrypto
import TarFormat

/// Writes one entry: an age file, encrypted to the vault, whose payload is a tar
/// stream `ID/metadata.json`, `ID/<content>`, [`ID/redacted.txt`], `ID/SHA256SUMS`,
/// `ID/evault.mac` (see `Authenticator`).
///
/// Bytes go to a temporary file in the vault's `tmp/` and appear under
/// `entries/ID.age` only in `commit()`, after fsync: an interrupted seal leaves
/// ciphertext in `tmp/` (cleaned up later), never a partial entry.
final class EntryWriter {
    let id: EntryID
    private let file: AtomicFile
    private let age: AgeWriter
    private let tar: TarWriter
    private let counter: CountingWriter
    private var checksums: [(digest: SHA256Digest, member: String)] = []
    private var metadataBytes: [UInt8] = []
    private let modificationTime: Int64
    private let authenticator: Authenticator
    private let custody: CustodyLog

    init(vault: Vault, id: EntryID, modificationTime: Int64) throws {
        self.id = id
        custody = vault.custody
        self.modificationTime = modificationTime
        authenticator = Authenticator(keyring: vault.keyring)
        file = try AtomicFile(finalPath: vault.layout.entry(id), temporaryDirectory: vault.layout.tmp)
        let stream = file.stream
        age = try AgeWriter(recipients: [vault.keyring.recipient], output: stream, parallel: true)
        let age = self.age
        let counter = CountingWriter { try age.write($0) }
        self.counter = counter
        tar = TarWriter(write: { try counter.write($0) })
    }

    /// Writes metadata.json as an `evault-entry/2`, drawing the entry's secret
    /// commitment salt unless it has one. Returns what was written.
    @discardableResult
    func addMetadata(_ metadata: EntryMetadata) throws -> EntryMetadata {
        var metadata = metadata
        metadata.format = EntryMetadata.currentFormat
        if metadata.salt == nil { metadata.commitmentSalt = CommitmentSalt.random().hex }
        let json = try JSONCoding.encode(metadata)
        metadataBytes = json
        try tar.addFile(name: EntryMembers.path(id.rawValue, EntryMembers.metadata), contents: json,
                        mode: 0o600, modificationTime: modificationTime)
        return metadata
    }

    /// A member held in memory (notes, stripped text).
    func addMember(_ member: String, contents: [UInt8]) throws {
        try tar.addFile(name: EntryMembers.path(id.rawValue, member), contents: contents,
                        mode: 0o600, modificationTime: modificationTime)
        checksums.append((SHA256Hasher.hash(contents), member))
    }

    /// A member streamed from `source`, hashed on the way. Returns its SHA-256.
    func addMember(_ member: String, from source: any ByteSource, size: Int64,
                   progress: ((Int64) -> Void)? = nil) throws -> SHA256Digest {
        try tar.beginEntry(TarEntryHeader(name: EntryMembers.path(id.rawValue, member), size: size,
                                          mode: 0o600, modificationTime: modificationTime))
        let tar = self.tar
        let digest = try HashingCopier.copy(from: source, expectedSize: size, progress: progress,
                                            to: { try tar.write($0) }).digest
        try tar.endEntry()
        checksums.append((digest, member))
        return digest
    }

    /// Writes the SHA256SUMS trailer, closes the streams and publishes the entry.
    func commit() throws {
        // `sha256sum -c SHA256SUMS` run inside the extracted ID/ directory checks these.
        let sums = Array(checksums.map { "\($0.digest.hex)  \($0.member)\n" }.joined().utf8)
        try tar.addFile(name: EntryMembers.path(id.rawValue, EntryMembers.checksums), contents: sums,
                        mode: 0o600, modificationTime: modificationTime)
        let tag = authenticator.entryTag(id: id, metadata: metadataBytes, checksums: sums)
        try tar.addFile(name: EntryMembers.path(id.rawValue, EntryMembers.mac), contents: Authenticator.entryMACFile(tag),
                        mode: 0o600, modificationTime: modificationTime)
        try tar.finish()
        // Zeros after the end marker hide the exact size (docs/FORMAT.md §1).
        try counter.padToPadme()
        try age.close()
        // Noted before it has a name, so a crash before its log segment is adopted later (Vault+Adopt).
        try custody.notePublishing(id)
        try file.commit(replace: false)
        CrashHooks.afterPublishingEntry()
    }
}
