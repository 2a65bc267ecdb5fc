#if canImport(Glibc)
import Glibc
#endif
import AgeFormat
import EvaultCrypto

extension Vault {
    /// Rewrites every entry and log segment still under a retired generation
    /// so that only the current keys open them (`member remove --reencrypt`):
    /// the only real revocation. Streams each entry in constant memory; a file
    /// already under the current keys is skipped, so an interrupted run can be
    /// repeated. `progress` gets (files done, files in all).
    func reencryptAll(progress: ((Int, Int) -> Void)?) throws {
        try locked {
            let ids = try FileSystem.list(layout.entries).sorted().compactMap { name -> EntryID? in
                name.hasSuffix(".age") ? EntryID(String(name.dropLast(4))) : nil
            }
            let segments = try LogStoreFiles.segments(layout).flatMap { w, seqs in seqs.map { (w, $0) } }
            let total = ids.count + segments.count
            var done = 0
            for id in ids {
                try reencryptEntry(id)
                done += 1
                progress?(done, total)
            }
            for (writer, seq) in segments {
                try reencryptSegment(writer: writer, seq: seq)
                done += 1
                progress?(done, total)
            }
            // The index is a cache: rebuilt under the current keys on the next read.
            FileSystem.remove(layout.index)
        }
    }

    private func reencryptEntry(_ id: EntryID) throws {
        let path = layout.entry(id)
        let generation = keyring(openingFile: path)
        guard generation.recipient != keyring.recipient else { return }
        let reader = try EntryReader(vault: self, id: id)
        _ = try reader.readMetadata()
        let trailer = try reader.readTrailerFromTail()
        try reader.authenticate(checksums: trailer.checksums, tag: trailer.tag)
        // evault.mac has a fixed length: the new tag replaces the old in place.
        let oldMAC = Authenticator.entryMACFile(trailer.tag)
        let newMAC = Authenticator.entryMACFile(Authenticator(keyring: keyring).entryTag(id: id, metadata: reader.metadataBytes, checksums: trailer.checksums))
        let age = try reader.guarded { try AgeReader(input: try FileStream.openForReading(path: path), identities: [generation.identity]) }
        let file = try AtomicFile(finalPath: path, temporaryDirectory: layout.tmp)
        let writer = try AgeWriter(recipients: [keyring.recipient], output: file.stream)
        var replacer = StreamReplacer(old: oldMAC, new: newMAC)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try reader.guarded { try buffer.withUnsafeMutableBytes { try age.read(into: $0) } }
            if n == 0 { break }
            try writer.write(replacer.feed(buffer[0..<n]))
        }
        try writer.write(replacer.finish())
        guard replacer.replaced == 1 else {
            throw VaultError.damagedEntry(id: id.rawValue, reason: "its authentication tag was not found exactly once; not re-encrypted")
        }
        try writer.close()
        try file.commit(replace: true)
    }

    private func reencryptSegment(writer: String, seq: Int) throws {
        let path = layout.logSegment(writer: writer, seq: seq)
        let name = LogSegment.tagName(writer: writer, seq: seq)
        let sealed = try Vault.readSmallFile(path, name: name)
        let generation = keyring(opening: sealed)
        guard generation.recipient != keyring.recipient else { return }
        var segment = try LogSegment.open(sealed, writer: writer, seq: seq, keyring: generation, authenticator: Authenticator(keyring: generation))
        // The checkpoint's text (origin, size, root) stays; only its signature is the new key's.
        guard let checkpoint = Checkpoint(note: segment.checkpoint, origin: custody.origin(writer), publicKey: generation.signingKey.publicKey) else {
            throw LogError.damagedSegment(file: name, reason: "its checkpoint is not signed by the vault's key")
        }
        segment.checkpoint = checkpoint.signed(key: keyring.signingKey)
        try AtomicFile.write(try segment.seal(keyring: keyring, authenticator: Authenticator(keyring: keyring)), to: path)
    }
}

/// Replaces every occurrence of a byte string in a stream cut into pieces.
struct StreamReplacer {
    let old: [UInt8]
    let new: [UInt8]
    private(set) var replaced = 0
    private var carry: [UInt8] = []

    init(old: [UInt8], new: [UInt8]) {
        precondition(old.count == new.count && !old.isEmpty, "same-length, non-empty patterns")
        self.old = old
        self.new = new
    }

    /// Bytes that are final; up to old.count - 1 bytes are held back.
    mutating func feed(_ piece: ArraySlice<UInt8>) -> [UInt8] {
        var data = carry
        data.append(contentsOf: piece)
        var settled = 0
        var i = 0
        while i + old.count <= data.count, let at = StreamReplacer.find(old, in: data, from: i) {
            data.replaceSubrange(at..<(at + old.count), with: new)
            replaced += 1
            i = at + old.count
            settled = i
        }
        let cut = max(settled, data.count - (old.count - 1))
        carry = Array(data[cut...])
        return Array(data[..<cut])
    }

    /// The first occurrence of `pattern` in `data` at or after `start` (memchr for its first byte, then memcmp).
    static func find(_ pattern: [UInt8], in data: [UInt8], from start: Int) -> Int? {
        data.withUnsafeBufferPointer { d in
            pattern.withUnsafeBufferPointer { p in
                guard let base = d.baseAddress, let pat = p.baseAddress else { return nil }
                var i = start
                while i + p.count <= d.count {
                    guard let hit = memchr(base + i, Int32(pat[0]), d.count - p.count + 1 - i) else { return nil }
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, pat, p.count) == 0 { return at }
                    i = at + 1
                }
                return nil
            }
        }
    }

    mutating func finish() -> [UInt8] {
        defer { carry = [] }
        return carry
    }
}
