import Dispatch
import EvaultCrypto

/// Parallel STREAM sealing: the caller's thread fills slots of four 64 KiB
/// chunks while the other cores seal the slots already full, and sealed slots
/// leave in order, one write each. The bytes written are exactly those of the
/// sequential writer (same key, nonces and chunking); only the order of work
/// differs. Memory is fixed at `depth` slots whatever the payload size.
final class ChunkSealPipeline {
    static let depth = 8
    /// Chunks per slot: fewer thread wake-ups and write calls than one chunk a task.
    static let chunksPerSlot = 4

    private final class Slot: @unchecked Sendable {
        // Chunk k sits at k * encryptedChunkSize and is sealed in place, so the
        // sealed slot is contiguous.
        let buffer = ChunkBuffer(count: ChunkSealPipeline.chunksPerSlot * StreamCipher.encryptedChunkSize)
        var sealedLength = 0
        let done = DispatchSemaphore(value: 0)
    }

    private let cipher: StreamCipher
    private let output: any ByteSink
    private let slots = (0..<ChunkSealPipeline.depth).map { _ in Slot() }
    private let queue = DispatchQueue.global(qos: .userInitiated)
    private var current = 0
    /// The chunk being filled within the current slot, and its bytes so far.
    private var chunkInSlot = 0
    private var filled = 0
    private var inFlight = 0
    private var chunkIndex: UInt64 = 0

    init(cipher: StreamCipher, output: any ByteSink) {
        self.cipher = cipher
        self.output = output
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        let chunk = StreamCipher.chunkSize, enc = StreamCipher.encryptedChunkSize
        var offset = 0
        while offset < bytes.count {
            // A full chunk is sealed only once more data arrives: until then it may be the final one.
            if filled == chunk {
                chunkInSlot += 1
                filled = 0
                if chunkInSlot == Self.chunksPerSlot { try dispatchCurrent(chunks: Self.chunksPerSlot, lastLength: chunk, final: false) }
            }
            let n = min(bytes.count - offset, chunk - filled)
            let at = chunkInSlot * enc + filled
            UnsafeMutableRawBufferPointer(rebasing: slots[current].buffer.bytes[at..<(at + n)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
            filled += n
            offset += n
        }
    }

    /// Seals the final chunk (empty only when the whole payload is) and writes everything left.
    func close() throws {
        try dispatchCurrent(chunks: chunkInSlot + 1, lastLength: filled, final: true)
        while inFlight > 0 { try writeOldest() }
        for slot in slots { slot.buffer.zero() }
    }

    private func dispatchCurrent(chunks: Int, lastLength: Int, final: Bool) throws {
        let slot = slots[current], first = chunkIndex, cipher = self.cipher
        queue.async {
            let enc = StreamCipher.encryptedChunkSize
            for i in 0..<chunks {
                let isLast = i == chunks - 1
                let length = isLast ? lastLength : StreamCipher.chunkSize
                let out = UnsafeMutableRawBufferPointer(rebasing: slot.buffer.bytes[(i * enc)..<(i * enc + length + StreamCipher.tagSize)])
                _ = cipher.seal(chunk: first + UInt64(i), last: final && isLast,
                                input: UnsafeRawBufferPointer(rebasing: slot.buffer.bytes[(i * enc)..<(i * enc + length)]), output: out)
            }
            slot.sealedLength = (chunks - 1) * enc + lastLength + StreamCipher.tagSize
            slot.done.signal()
        }
        chunkIndex += UInt64(chunks)
        inFlight += 1
        current = (current + 1) % slots.count
        chunkInSlot = 0
        filled = 0
        // The next slot to fill is the oldest one in flight once all are busy.
        if inFlight == slots.count { try writeOldest() }
    }

    private func writeOldest() throws {
        let slot = slots[(current + slots.count - inFlight) % slots.count]
        slot.done.wait()
        inFlight -= 1
        try output.write(UnsafeRawBufferPointer(rebasing: slot.buffer.bytes[0..<slot.sealedLength]))
    }
}

/// Parallel STREAM opening: slots of four chunks are read ahead (one read call
/// each) and opened on every core, and released strictly in order, each chunk
/// only after it authenticated. What is released and which error ends the stream
/// are exactly those of the sequential reader (both use `ChunkOutcome`).
final class ChunkOpenPipeline {
    static let depth = 4
    static let chunksPerSlot = 4

    private final class Slot: @unchecked Sendable {
        // Four encrypted chunks plus one byte of look-ahead, as in the sequential reader.
        let sealed = ChunkBuffer(count: ChunkOpenPipeline.chunksPerSlot * StreamCipher.encryptedChunkSize + 1)
        let plain = ChunkBuffer(count: ChunkOpenPipeline.chunksPerSlot * StreamCipher.chunkSize)
        var outcomes = [ChunkOutcome](repeating: .failure(.truncated), count: ChunkOpenPipeline.chunksPerSlot)
        /// Outcomes to release: up to and including the first that is not a plain chunk.
        var valid = 0
        var readError: (any Error)?
        let done = DispatchSemaphore(value: 0)
    }

    private let input: any ByteSource
    private let cipher: StreamCipher
    private let slots = (0..<ChunkOpenPipeline.depth).map { _ in Slot() }
    private let queue = DispatchQueue.global(qos: .userInitiated)
    private var head = 0
    private var inFlight = 0
    private var nextIndex: UInt64 = 0
    private var carry: UInt8?
    private var inputEnded = false
    private var current: Slot?
    private var nextInSlot = 0
    private var plainStart = 0
    private var plainEnd = 0
    private var finished = false
    private var pendingError: (any Error)?
    /// Bytes taken from `input` so far (the reader restores this position after seeking).
    private(set) var consumed: Int64 = 0

    /// Continues a stream read so far one chunk at a time: `nextIndex` is the next
    /// chunk, `carry` its first byte if already read, `consumed` the input read so far.
    init(input: any ByteSource, cipher: StreamCipher, nextIndex: UInt64, carry: UInt8?, consumed: Int64) {
        self.input = input
        self.cipher = cipher
        self.nextIndex = nextIndex
        self.carry = carry
        self.consumed = consumed
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while plainStart == plainEnd {
            if let e = pendingError { throw e }
            if finished { return 0 }
            try advance()
        }
        guard let slot = current else { return 0 }
        let n = min(buffer.count, plainEnd - plainStart)
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: slot.plain.bytes[plainStart..<(plainStart + n)]))
        plainStart += n
        return n
    }

    /// Takes the next chunk's outcome: from the slot being released, else from the
    /// oldest slot in flight, after keeping every free slot busy.
    private func advance() throws {
        if current == nil || nextInSlot == current?.valid {
            current = nil
            while inFlight < slots.count && !inputEnded { issue() }
            guard inFlight > 0 else { throw AgeError.truncated }
            let slot = slots[head]
            slot.done.wait()
            head = (head + 1) % slots.count
            inFlight -= 1
            if let e = slot.readError {
                pendingError = e
                throw e
            }
            current = slot
            nextInSlot = 0
        }
        guard let slot = current else { throw AgeError.truncated }
        let j = nextInSlot
        nextInSlot += 1
        plainStart = j * StreamCipher.chunkSize
        plainEnd = plainStart
        switch slot.outcomes[j] {
        case .chunk(let length):
            plainEnd += length
        case .final(let length):
            plainEnd += length
            finished = true
        case let .chunkThenError(length, error):
            plainEnd += length
            pendingError = error
        case .failure(let error):
            pendingError = error
            throw error
        }
    }

    /// Reads the next chunks into a free slot and opens them on another core.
    private func issue() {
        let slot = slots[(head + inFlight) % slots.count]
        inFlight += 1
        let enc = StreamCipher.encryptedChunkSize, perSlot = Self.chunksPerSlot
        var got = 0
        if let c = carry {
            slot.sealed.bytes[0] = c
            got = 1
            carry = nil
        }
        slot.readError = nil
        do {
            let n = try input.readFully(into: UnsafeMutableRawBufferPointer(rebasing: slot.sealed.bytes[got...]))
            consumed += Int64(n)
            got += n
        } catch {
            slot.readError = error
            inputEnded = true
            slot.done.signal()
            return
        }
        // All four chunks and one more byte: input goes on after this slot.
        let more = got == perSlot * enc + 1
        if more { carry = slot.sealed.bytes[perSlot * enc] } else { inputEnded = true }
        let available = more ? perSlot * enc : got
        let count = more ? perSlot : max(1, (available + enc - 1) / enc)
        let first = nextIndex, cipher = self.cipher
        nextIndex += UInt64(count)
        queue.async {
            slot.valid = count
            for j in 0..<count {
                let start = j * enc
                let outcome = ChunkOutcome.open(
                    cipher, index: first + UInt64(j),
                    sealed: UnsafeRawBufferPointer(rebasing: slot.sealed.bytes[start..<(start + enc)]),
                    count: min(enc, available - start), moreFollows: more || j < count - 1,
                    into: UnsafeMutableRawBufferPointer(rebasing: slot.plain.bytes[(j * StreamCipher.chunkSize)..<((j + 1) * StreamCipher.chunkSize)]))
                slot.outcomes[j] = outcome
                if case .chunk = outcome { continue }
                slot.valid = j + 1
                break
            }
            slot.done.signal()
        }
    }
}
