import AgeFormat
import EvaultCrypto
import TarFormat

/// Reads one entry file. Every byte it hands out has been authenticated by
/// age's STREAM (chunk by chunk, in order, with the final chunk checked), so
/// nothing unauthenticated is ever released.
final class EntryReader {
    let id: EntryID
    private let file: FileStream
    private let age: AgeReader
    private(set) var tar: TarReader
    private let authenticator: Authenticator
    /// The raw metadata.json, which the entry's tag covers.
    private(set) var metadataBytes: [UInt8] = []

    init(vault: Vault, id: EntryID) throws {
        self.id = id
        let path = vault.layout.entry(id)
        let generation = vault.keyring(openingFile: path)
        authenticator = Authenticator(keyring: generation)
        do {
            file = try FileSystem.openRegular(path)
        } catch let VaultError.unreadableInput(_, reason) {
            throw VaultError.damagedEntry(id: id.rawValue, reason: "cannot be read: \(reason)")
        }
        do {
            age = try AgeReader(input: file, identities: [generation.identity], parallel: true)
        } catch {
            throw VaultError.damagedEntry(id: id.rawValue, reason: "\(error)")
        }
        let age = self.age
        tar = TarReader(read: { try age.read(into: $0) })
    }

    /// Maps failures below (age, tar, JSON) to one message naming this entry.
    func guarded<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.damagedEntry(id: id.rawValue, reason: "\(error)")
        }
    }

    /// The first member, metadata.json.
    func readMetadata() throws -> EntryMetadata {
        try guarded {
            guard let header = try tar.nextEntry(), header.name == EntryMembers.path(id.rawValue, EntryMembers.metadata) else {
                throw VaultError.damagedEntry(id: id.rawValue, reason: "metadata.json is not the first member")
            }
            metadataBytes = try tar.readAll(limit: 1 << 20)
            let metadata = try JSONCoding.decode(EntryMetadata.self, from: metadataBytes)
            guard metadata.id == id.rawValue else {
                throw VaultError.damagedEntry(id: id.rawValue, reason: "metadata names another id (file renamed?)")
            }
            return metadata
        }
    }

    /// Advances to member `name`; the tar reader then streams its data.
    func seek(toMember member: String) throws -> TarEntryHeader {
        try guarded {
            let wanted = EntryMembers.path(id.rawValue, member)
            while let header = try tar.nextEntry() {
                if header.name == wanted { return header }
            }
            throw VaultError.damagedEntry(id: id.rawValue, reason: "member \(member) is missing")
        }
    }

    /// Reads the rest of the stream so that the final chunk is authenticated too:
    /// a truncated entry must not pass for a whole one.
    func drain() throws {
        try guarded {
            while try tar.nextEntry() != nil {}
            var scratch = [UInt8](repeating: 0, count: 64 * 1024)
            while try scratch.withUnsafeMutableBytes({ try age.read(into: $0) }) > 0 {}
        }
    }

    /// The SHA256SUMS trailer and the tag, read from the last chunks only (age
    /// STREAM is seekable by chunk), so listing a 10 GB video does not decrypt 10 GB.
    func readTrailerFromTail() throws -> (checksums: [UInt8], tag: [UInt8]) {
        try guarded {
            guard let size = try age.plaintextSize else {
                throw VaultError.damagedEntry(id: id.rawValue, reason: "size cannot be determined")
            }
            // The trailer is two header blocks, two short files and the 1 KiB end
            // marker, followed by the Padmé zero padding (format 2).
            let end = try endOfData(plaintextSize: size)
            let tailStart = max(0, end - 16 * 1024) / 512 * 512
            try age.seek(toPlaintextOffset: tailStart)
            let tail = try readUpTo(Int(min(size, (end + 511) / 512 * 512 + 1024) - tailStart))
            let wanted = EntryMembers.path(id.rawValue, EntryMembers.checksums)
            // Scan back for the SHA256SUMS header: tar headers sit at 512-byte
            // offsets of the stream, and tailStart is one too.
            var offset = (tail.count / 512 - 1) * 512
            while offset >= 0 {
                let reader = TarReader(read: MemorySource(Array(tail[offset...])).read)
                if let header = try? reader.nextEntry(), header.name == wanted,
                   let sums = try? reader.readAll(limit: 64 * 1024) {
                    guard let macHeader = try? reader.nextEntry(), macHeader.name == EntryMembers.path(id.rawValue, EntryMembers.mac),
                          let macFile = try? reader.readAll(limit: 1024), let tag = Authenticator.parseEntryMACFile(macFile) else {
                        throw VaultError.damagedEntry(id: id.rawValue, reason: "the authentication tag (evault.mac) is missing")
                    }
                    return (sums, tag)
                }
                offset -= 512
            }
            throw VaultError.damagedEntry(id: id.rawValue, reason: "SHA256SUMS trailer is missing")
        }
    }

    /// One past the last non-zero byte of the payload: the padding is zeros, and
    /// the last byte of `evault.mac` is a newline. Reads at most the padding
    /// Padmé allows for this size, from the end, one window at a time.
    private func endOfData(plaintextSize size: Int64) throws -> Int64 {
        // Before the padding: the end marker (1 KiB) and the last member's block padding.
        let floor = max(0, size - Padme.maximumPadding(ofPaddedLength: size) - 2048)
        let window: Int64 = 64 * 1024
        var upper = size
        while upper > floor {
            let lower = max(floor, upper - window)
            try age.seek(toPlaintextOffset: lower)
            let bytes = try readUpTo(Int(upper - lower))
            if let last = bytes.lastIndex(where: { $0 != 0 }) { return lower + Int64(last) + 1 }
            upper = lower
        }
        return upper
    }

    /// Up to `count` bytes from the current position (fewer only at the end).
    private func readUpTo(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        try bytes.withUnsafeMutableBytes { buf in
            while filled < count {
                let n = try age.read(into: UnsafeMutableRawBufferPointer(rebasing: buf[filled...]))
                if n == 0 { break }
                filled += n
            }
        }
        return Array(bytes[0..<filled])
    }

    /// Checks the entry's tag against its metadata and checksums: only a holder of
    /// the vault's keys can have written this entry.
    func authenticate(checksums: [UInt8], tag: [UInt8]) throws {
        let expected = authenticator.entryTag(id: id, metadata: metadataBytes, checksums: checksums)
        guard constantTimeEquals(expected, tag) else {
            throw VaultError.damagedEntry(id: id.rawValue, reason: "not written with this vault's keys (authentication tag mismatch)")
        }
    }

    /// Goes back to the start of the same open file after `readSummary`, so the
    /// content released next comes from the descriptor whose tag was checked.
    /// The metadata is read again and must be the bytes the tag covered.
    func rewindAfterAuthentication() throws {
        try guarded {
            let authenticated = metadataBytes
            try age.seek(toPlaintextOffset: 0)
            let age = self.age
            tar = TarReader(read: { try age.read(into: $0) })
            _ = try readMetadata()
            guard constantTimeEquals(authenticated, metadataBytes) else {
                throw VaultError.damagedEntry(id: id.rawValue, reason: "metadata changed while it was read")
            }
        }
    }

    /// Reads `sha256sum` lines: "<64 hex>  <member>".
    static func parseChecksums(_ data: [UInt8], id: EntryID) throws -> [String: String] {
        var sums: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, SHA256Digest(hex: String(parts[0])) != nil else {
                throw VaultError.damagedEntry(id: id.rawValue, reason: "SHA256SUMS is malformed")
            }
            var member = Substring(parts[1])
            if member.hasPrefix(" ") || member.hasPrefix("*") { member = member.dropFirst() }
            sums[String(member)] = String(parts[0])
        }
        return sums
    }

    /// Metadata and digests: what the index keeps for this entry.
    func readSummary() throws -> EntrySummary {
        let metadata = try readMetadata()
        let trailer = try readTrailerFromTail()
        try authenticate(checksums: trailer.checksums, tag: trailer.tag)
        let sums = try EntryReader.parseChecksums(trailer.checksums, id: id)
        guard let sha = sums[metadata.content] else {
            throw VaultError.damagedEntry(id: id.rawValue, reason: "no checksum for its content")
        }
        return EntrySummary(metadata: metadata, sha256: sha, redactedSHA256: metadata.redacted.flatMap { sums[$0] })
    }
}
