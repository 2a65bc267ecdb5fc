#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import EvaultCrypto

/// Streaming encryption: the header is written on init, chunks as data arrives,
/// and the final chunk on `close()`.
///
/// Chunks are independent, so the writer seals a small batch of them in parallel
/// (two per core, at most 8): libsodium's ChaCha20-Poly1305 is slower per core
/// than Go's assembly, and this is how sealing keeps up with `age`. Memory stays
/// at one batch buffer whatever the payload size.
///
/// With `parallel: true` the chunks are sealed in the background while the caller
/// goes on producing data (`ChunkSealPipeline`), for large payloads; the bytes
/// written are the same either way.
public final class AgeWriter {
    private static let batchChunks: Int = {
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return min(8, max(2, 2 * cores))
    }()
    private static let capacity = batchChunks * StreamCipher.chunkSize

    private let output: any ByteSink
    private let cipher: StreamCipher
    // Slot k holds chunk k's plaintext at k * encryptedChunkSize and is sealed in
    // place, so a sealed batch is contiguous and leaves in one write.
    private let batch = ChunkBuffer(count: batchChunks * StreamCipher.encryptedChunkSize)
    private var filled = 0
    private var chunkIndex: UInt64 = 0
    private var isOpen = true
    private let pipeline: ChunkSealPipeline?

    public init(recipients: [any AgeRecipient], output: any ByteSink, parallel: Bool = false) throws {
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
        pipeline = parallel ? ChunkSealPipeline(cipher: cipher, output: output) : nil
        try output.write(header + nonce)
    }

    /// The payload alone, with a given key: for tests comparing the two variants byte for byte.
    init(cipher: StreamCipher, output: any ByteSink, parallel: Bool) {
        self.cipher = cipher
        self.output = output
        pipeline = parallel ? ChunkSealPipeline(cipher: cipher, output: output) : nil
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard isOpen else { throw AgeError.streamClosed }
        if let pipeline {
            do { try pipeline.write(bytes) } catch {
                isOpen = false
                throw error
            }
            return
        }
        let chunk = StreamCipher.chunkSize
        var offset = 0
        while offset < bytes.count {
            // A full batch is sealed only once more data arrives: until then its
            // last chunk may be the final one.
            if filled == Self.capacity { try sealBatch(chunks: Self.batchChunks, lastLength: chunk, final: false, from: nil) }
            // Nothing buffered and more than a batch to come: seal straight from the caller's memory.
            if filled == 0 && bytes.count - offset > Self.capacity {
                try sealBatch(chunks: Self.batchChunks, lastLength: chunk, final: false,
                              from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Self.capacity)]))
                offset += Self.capacity
                continue
            }
            let slot = filled / chunk, within = filled % chunk
            let n = min(bytes.count - offset, chunk - within)
            let at = slot * StreamCipher.encryptedChunkSize + within
            UnsafeMutableRawBufferPointer(rebasing: batch.bytes[at..<(at + n)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
            filled += n
            offset += n
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Writes the buffered chunks and the final one (empty only when the whole payload
    /// is). Call exactly once; it does not close or sync the output.
    public func close() throws {
        guard isOpen else { throw AgeError.streamClosed }
        if let pipeline {
            isOpen = false
            try pipeline.close()
            return
        }
        let chunk = StreamCipher.chunkSize
        let chunks = max(1, (filled + chunk - 1) / chunk)
        try sealBatch(chunks: chunks, lastLength: filled - (chunks - 1) * chunk, final: true, from: nil)
        isOpen = false
        batch.zero()
    }

    /// Seals `chunks` chunks (all full but possibly the last) into the batch slots,
    /// in parallel, and writes them. `source` is the plaintext when it is not in the slots.
    private func sealBatch(chunks: Int, lastLength: Int, final: Bool, from source: UnsafeRawBufferPointer?) throws {
        let enc = StreamCipher.encryptedChunkSize
        let work = SealWork(cipher: cipher, slots: batch.bytes, source: source, first: chunkIndex,
                            chunks: chunks, lastLength: lastLength, final: final)
        if chunks == 1 {
            work.seal(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks) { work.seal($0) }
        }
        let total = (chunks - 1) * enc + lastLength + StreamCipher.tagSize
        do {
            try output.write(UnsafeRawBufferPointer(rebasing: batch.bytes[0..<total]))
        } catch {
            isOpen = false
            throw error
        }
        chunkIndex += UInt64(chunks)
        filled = 0
    }
}

/// One batch of chunk seals, shared by the worker threads. Each index touches
/// only its own slot (and reads only its own part of the source), so the
/// unchecked Sendable is sound.
private struct SealWork: @unchecked Sendable {
    let cipher: StreamCipher
    let slots: UnsafeMutableRawBufferPointer
    let source: UnsafeRawBufferPointer?
    let first: UInt64
    let chunks: Int
    let lastLength: Int
    let final: Bool

    func seal(_ i: Int) {
        let enc = StreamCipher.encryptedChunkSize, chunk = StreamCipher.chunkSize
        let isLast = i == chunks - 1
        let length = isLast ? lastLength : chunk
        let out = UnsafeMutableRawBufferPointer(rebasing: slots[(i * enc)..<(i * enc + length + StreamCipher.tagSize)])
        let input = source.map { UnsafeRawBufferPointer(rebasing: $0[(i * chunk)..<(i * chunk + length)]) }
            ?? UnsafeRawBufferPointer(rebasing: slots[(i * enc)..<(i * enc + length)])
        _ = cipher.seal(chunk: first + UInt64(i), last: final && isLast, input: input, output: out)
    }
}
