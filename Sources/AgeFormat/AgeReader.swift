import EvaultCrypto

/// Streaming decryption. The header is parsed and its MAC verified on init;
/// `read` then releases plaintext one authenticated chunk at a time, so nothing
/// unauthenticated ever leaves, and memory stays at two chunk buffers.
///
/// With `parallel: true`, from the second chunk on, reading ahead opens up to 16
/// chunks on every core at once (`ChunkOpenPipeline`), still released in order and
/// only once authenticated. The first chunk is read alone, so that reading only a
/// header and then seeking (as listing does) costs no read-ahead; seeking
/// switches back to one chunk at a time.
///
/// Armored input is detected and decoded transparently. When the input is a
/// `SeekableByteSource` holding the age file from offset 0 (and not armored),
/// the reader can also report the plaintext size and seek by plaintext offset.
public final class AgeReader: ByteSource {
    private let input: BufferedInput
    private let seekable: (any SeekableByteSource)?
    private let cipher: StreamCipher
    /// Offset of the first chunk in the (unarmored) file.
    private let payloadStart: Int64

    // One encrypted chunk plus one byte of look-ahead: a full chunk is the last
    // one exactly when nothing follows it.
    private let sealed = ChunkBuffer(count: StreamCipher.encryptedChunkSize + 1)
    private let plain = ChunkBuffer(count: StreamCipher.chunkSize)
    private var plainStart = 0
    private var plainEnd = 0
    private var hasLookahead = false
    private var chunkIndex: UInt64 = 0
    private var finished = false
    /// An error to report once the authenticated plaintext before it is read.
    private var pendingError: (any Error)?
    private var verifiedSize: Int64?
    private var parallel: Bool
    private var pipeline: ChunkOpenPipeline?

    public init(input: any ByteSource, identities: [any AgeIdentity], parallel: Bool = false) throws {
        self.parallel = parallel
        let raw = BufferedInput(input)
        let armored = AgeArmor.isArmored(Array(try raw.peek(AgeArmor.maxWhitespace + 64)))
        let source = armored ? BufferedInput(AgeArmor.Reader(input: raw)) : raw
        seekable = armored ? nil : input as? any SeekableByteSource
        self.input = source

        let header = try Header.parse(from: source)
        if header.stanzas.contains(where: { $0.type == "scrypt" }) && header.stanzas.count != 1 {
            throw AgeError.malformedHeader("an scrypt stanza must be the only stanza")
        }
        var found: SecureBytes?
        for identity in identities {
            if let key = try identity.unwrap(stanzas: header.stanzas) {
                found = key
                break
            }
        }
        guard let fileKey = found else { throw AgeError.noIdentityMatched }
        guard fileKey.count == AgeFileKey.length else { throw AgeError.malformedHeader("the file key is not 16 bytes") }
        guard header.verify(fileKey: fileKey) else { throw AgeError.headerMACMismatch }

        var nonce = [UInt8](repeating: 0, count: StreamCipher.payloadNonceSize)
        let n = try nonce.withUnsafeMutableBytes { try source.readFully(into: $0) }
        guard n == nonce.count else { throw AgeError.malformedHeader("the payload nonce is truncated") }
        cipher = StreamCipher(fileKey: fileKey, payloadNonce: nonce)
        payloadStart = Int64(header.encodedLength + nonce.count)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        if parallel {
            if pipeline == nil, plainStart == plainEnd, chunkIndex > 0, !finished, pendingError == nil {
                let consumed = Int64(chunkIndex) * Int64(StreamCipher.encryptedChunkSize) + (hasLookahead ? 1 : 0)
                pipeline = ChunkOpenPipeline(input: input, cipher: cipher, nextIndex: chunkIndex,
                                             carry: hasLookahead ? sealed.bytes[0] : nil, consumed: consumed)
                hasLookahead = false
            }
            if let pipeline { return try pipeline.read(into: buffer) }
        }
        while plainStart == plainEnd {
            if let e = pendingError { throw e }
            if finished { return 0 }
            // A caller with room for a whole chunk gets it decrypted in place: one copy less.
            // libsodium writes plaintext only after the tag verifies (and zeroes it otherwise).
            let direct = buffer.count >= StreamCipher.chunkSize
            do { try readChunk(into: direct ? buffer : plain.bytes) } catch {
                pendingError = error
                throw error
            }
            if direct {
                let n = plainEnd
                plainStart = 0
                plainEnd = 0
                if n > 0 { return n }
            }
        }
        let n = min(buffer.count, plainEnd - plainStart)
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: plain.bytes[plainStart..<(plainStart + n)]))
        plainStart += n
        return n
    }

    /// Reads and authenticates the next chunk into `output`, setting `plainEnd` to its
    /// length, or records why it can't.
    private func readChunk(into output: UnsafeMutableRawBufferPointer) throws {
        let want = StreamCipher.encryptedChunkSize + 1
        var n = hasLookahead ? 1 : 0
        n += try input.readFully(into: UnsafeMutableRawBufferPointer(rebasing: sealed.bytes[n..<want]))
        hasLookahead = false
        let full = StreamCipher.encryptedChunkSize
        let more = n == want
        let outcome = ChunkOutcome.open(cipher, index: chunkIndex, sealed: UnsafeRawBufferPointer(sealed.bytes),
                                        count: min(n, full), moreFollows: more, into: output)
        plainStart = 0
        plainEnd = 0
        switch outcome {
        case .chunk(let length):
            plainEnd = length
            sealed.bytes[0] = sealed.bytes[full]
            hasLookahead = true
            chunkIndex += 1
        case .final(let length):
            plainEnd = length
            finished = true
        case let .chunkThenError(length, error):
            plainEnd = length
            chunkIndex += 1
            pendingError = error
        case .failure(let error):
            throw error
        }
    }

    // MARK: Seeking

    /// The plaintext size, from the file size, after authenticating the final chunk
    /// (so a file cut at a chunk boundary cannot pass for a shorter one).
    /// Nil when the input is not seekable or is armored.
    public var plaintextSize: Int64? {
        get throws {
            if let verifiedSize { return verifiedSize }
            guard let source = seekable else { return nil }
            let c = source.size - payloadStart
            let full = Int64(StreamCipher.encryptedChunkSize)
            let tag = Int64(StreamCipher.tagSize)
            let rem = c % full
            guard c >= tag, rem == 0 || rem >= tag, !(rem == tag && c > tag) else { throw AgeError.truncated }
            let chunks = c / full + (rem == 0 ? 0 : 1)
            let lastLength = rem == 0 ? full : rem
            let lastOffset = payloadStart + (chunks - 1) * full

            // Authenticate the last chunk with scratch buffers, then restore the position.
            let scratchIn = ChunkBuffer(count: Int(lastLength))
            let scratchOut = ChunkBuffer(count: StreamCipher.chunkSize)
            try source.seek(to: lastOffset)
            let got = try source.readFully(into: scratchIn.bytes)
            let ok = got == Int(lastLength)
                && cipher.open(chunk: UInt64(chunks - 1), last: true, input: UnsafeRawBufferPointer(scratchIn.bytes), output: scratchOut.bytes)
            let position = pipeline?.consumed ?? (Int64(chunkIndex) * full + (hasLookahead ? 1 : 0))
            try source.seek(to: payloadStart + position)
            input.discardBuffer()
            guard ok else { throw AgeError.payloadAuthenticationFailed }
            let size = c - chunks * tag
            verifiedSize = size
            return size
        }
    }

    /// Repositions to a plaintext offset (0...plaintextSize); the next read
    /// decrypts only the chunk holding it.
    public func seek(toPlaintextOffset offset: Int64) throws {
        guard let source = seekable, let size = try plaintextSize else {
            throw AgeError.notSeekable
        }
        guard (0...size).contains(offset) else { throw AgeError.seekOutOfRange }
        pipeline = nil
        parallel = false
        pendingError = nil
        hasLookahead = false
        plainStart = 0
        plainEnd = 0
        if offset == size {
            // The final chunk was authenticated by plaintextSize and the file ends there.
            finished = true
            return
        }
        finished = false
        let index = offset / Int64(StreamCipher.chunkSize)
        chunkIndex = UInt64(index)
        input.discardBuffer()
        try source.seek(to: payloadStart + index * Int64(StreamCipher.encryptedChunkSize))
        do { try readChunk(into: plain.bytes) } catch {
            pendingError = error
            throw error
        }
        plainStart = Int(offset - index * Int64(StreamCipher.chunkSize))
        guard plainStart <= plainEnd else { throw AgeError.truncated }
    }
}
