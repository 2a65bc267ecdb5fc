import EvaultCrypto

/// Streaming encryption: the header is written on init, a chunk whenever 64 KiB
/// are buffered and more data follows, and the final chunk on `close()`.
/// Memory stays at one chunk buffer whatever the payload size.
public final class AgeWriter {
    private let output: any ByteSink
    private var cipher: StreamCipher
    private let buffer = ChunkBuffer(count: StreamCipher.encryptedChunkSize)
    private var filled = 0
    private var chunkIndex: UInt64 = 0
    private var isOpen = true

    public init(recipients: [any AgeRecipient], output: any ByteSink) throws {
        guard !recipients.isEmpty else { throw AgeError.invalidRecipients("no recipients") }
        let fileKey = AgeFileKey.generate()
        var stanzas = [AgeStanza]()
        for r in recipients { stanzas += try r.wrap(fileKey: fileKey) }
        if stanzas.contains(where: { $0.type == "scrypt" }) && stanzas.count != 1 {
            throw AgeError.invalidRecipients("a passphrase (scrypt) recipient must be the only recipient")
        }
        let header = try Header.encode(stanzas: stanzas, fileKey: fileKey)
        let nonce = randomBytes(StreamCipher.payloadNonceSize)
        cipher = StreamCipher(fileKey: fileKey, payloadNonce: nonce)
        self.output = output
        try output.write(header + nonce)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard isOpen else { throw AgeError.streamClosed }
        var offset = 0
        while offset < bytes.count {
            // A full buffer is sealed only once more data arrives: until then it may be the last chunk.
            if filled == StreamCipher.chunkSize { try flush(last: false) }
            // Whole chunks with more data after them are sealed straight from the caller's memory.
            if filled == 0 && bytes.count - offset > StreamCipher.chunkSize {
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + StreamCipher.chunkSize)])
                try emit(cipher.seal(chunk: chunkIndex, last: false, input: chunk, output: buffer.bytes))
                offset += StreamCipher.chunkSize
                continue
            }
            let n = min(bytes.count - offset, StreamCipher.chunkSize - filled)
            UnsafeMutableRawBufferPointer(rebasing: buffer.bytes[filled..<(filled + n)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
            filled += n
            offset += n
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Writes the final chunk (empty only when the whole payload is). Call exactly once;
    /// it does not close or sync the output.
    public func close() throws {
        guard isOpen else { throw AgeError.streamClosed }
        try flush(last: true)
        isOpen = false
        buffer.zero()
    }

    private func flush(last: Bool) throws {
        let chunk = UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<filled])
        try emit(cipher.seal(chunk: chunkIndex, last: last, input: chunk, output: buffer.bytes))
        filled = 0
    }

    /// Writes the `count` sealed bytes at the start of the buffer.
    private func emit(_ count: Int) throws {
        do {
            try output.write(UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<count]))
        } catch {
            isOpen = false
            throw error
        }
        chunkIndex += 1
    }
}
