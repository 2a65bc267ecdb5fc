import EvaultCrypto

/// ASCII armor for age files: strict PEM-style base64 (RFC 7468), as age writes
/// and accepts it: 64-column padded base64 lines between fixed BEGIN/END lines,
/// LF or CRLF line ends, whitespace allowed only before and after the block.
public enum AgeArmor {
    static let header = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
    static let footer = Array("-----END AGE ENCRYPTED FILE-----".utf8)
    static let columnsPerLine = 64
    static let bytesPerLine = columnsPerLine / 4 * 3
    /// Bound on whitespace around the block, so a reader never scans forever.
    static let maxWhitespace = 1024

    static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || (0x09...0x0d).contains(c)
    }

    /// Whether `prefix` (the first bytes of a file) looks armored: after optional
    /// whitespace it starts with dashes. A binary age file starts with "age-".
    public static func isArmored(_ prefix: [UInt8]) -> Bool {
        guard let first = prefix.firstIndex(where: { !isWhitespace($0) }) else { return false }
        let rest = prefix[first...].prefix(5)
        return rest.allSatisfy { $0 == UInt8(ascii: "-") } && (rest.count == 5 || rest.endIndex == prefix.endIndex)
    }

    /// Encodes everything written to it; `close()` writes the last line and the END line.
    public final class Writer: ByteSink {
        private let output: any ByteSink
        private var pending = [UInt8]()
        private var started = false
        private var closed = false
        // 1024 lines per batch: few calls into libsodium and the sink.
        private static let batch = 1024 * AgeArmor.bytesPerLine

        public init(output: any ByteSink) {
            self.output = output
            pending.reserveCapacity(Self.batch)
        }

        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            guard !closed else { throw AgeError.streamClosed }
            try start()
            var offset = 0
            while offset < bytes.count {
                let n = min(Self.batch - pending.count, bytes.count - offset)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
                offset += n
                if pending.count == Self.batch { try emit() }
            }
        }

        /// Writes the final line and the END line; does not close the output.
        public func close() throws {
            guard !closed else { throw AgeError.streamClosed }
            try start()
            try emit()
            try output.write(AgeArmor.footer + [UInt8(ascii: "\n")])
            closed = true
        }

        private func start() throws {
            guard !started else { return }
            started = true
            try output.write(AgeArmor.header + [UInt8(ascii: "\n")])
        }

        private func emit() throws {
            guard !pending.isEmpty else { return }
            let encodedLength = Base64.encodedLength(pending.count, padded: true)
            var encoded = [UInt8](repeating: 0, count: encodedLength + 1)
            encoded.withUnsafeMutableBytes { e in
                pending.withUnsafeBytes { p in _ = Base64.encode(p, into: e, padded: true) }
            }
            var lines = [UInt8]()
            lines.reserveCapacity(encodedLength + encodedLength / AgeArmor.columnsPerLine + 1)
            var i = 0
            while i < encodedLength {
                let end = min(i + AgeArmor.columnsPerLine, encodedLength)
                lines += encoded[i..<end]
                lines.append(UInt8(ascii: "\n"))
                i = end
            }
            try output.write(lines)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Decodes an armored file as a stream, line by line; rejects anything age would.
    public final class Reader: ByteSource {
        private let input: BufferedInput
        private var decoded = [UInt8](repeating: 0, count: AgeArmor.bytesPerLine + 3)
        private var decodedStart = 0
        private var decodedEnd = 0
        private enum State { case start, body, done }
        private var state = State.start
        private var failure: (any Error)?

        public init(input: any ByteSource) {
            self.input = (input as? BufferedInput) ?? BufferedInput(input)
        }

        public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            guard buffer.count > 0 else { return 0 }
            while decodedStart == decodedEnd {
                if let failure { throw failure }
                if state == .done { return 0 }
                do { try advance() } catch {
                    failure = error
                    throw error
                }
            }
            let n = min(buffer.count, decodedEnd - decodedStart)
            decoded.withUnsafeBytes { d in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: d[decodedStart..<(decodedStart + n)]))
            }
            decodedStart += n
            return n
        }

        /// A line without its "\n" (and one "\r" before it); nil at end of input.
        private func line() throws -> [UInt8]? {
            let l: [UInt8]
            do { l = try input.readLine(limit: AgeArmor.maxWhitespace + 2) } catch BufferedInput.LineError.tooLong {
                throw AgeError.armor("line too long")
            }
            if l.isEmpty { return nil }
            var content = l[...]
            if content.last == UInt8(ascii: "\n") { content = content.dropLast() }
            if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
            return Array(content)
        }

        private func advance() throws {
            switch state {
            case .start:
                var skipped = 0
                while true {
                    guard let l = try line() else { throw AgeError.armor("no BEGIN line") }
                    if l.allSatisfy(AgeArmor.isWhitespace) {
                        skipped += l.count + 1
                        guard skipped <= AgeArmor.maxWhitespace else { throw AgeError.armor("too much leading whitespace") }
                        continue
                    }
                    guard l == AgeArmor.header else { throw AgeError.armor("the first line is not \"-----BEGIN AGE ENCRYPTED FILE-----\"") }
                    state = .body
                    return
                }
            case .body:
                guard let l = try line() else { throw AgeError.armor("the END line is missing") }
                if l == AgeArmor.footer {
                    try finish()
                    return
                }
                guard l.count <= AgeArmor.columnsPerLine else { throw AgeError.armor("a line is longer than 64 columns") }
                guard !l.isEmpty else { throw AgeError.armor("empty line inside the armor") }
                let n = l.withUnsafeBytes { t in
                    decoded.withUnsafeMutableBytes { d in Base64.decode(t, into: d, padded: true) }
                }
                guard let n else { throw AgeError.armor("a line is not canonical padded base64") }
                if n < AgeArmor.bytesPerLine {
                    // A short line is the last one: END must follow.
                    guard try line() == AgeArmor.footer else { throw AgeError.armor("a short line is not followed by the END line") }
                    try finish()
                }
                decodedStart = 0
                decodedEnd = n
            case .done:
                return
            }
        }

        /// After END, only a bounded amount of whitespace may remain.
        private func finish() throws {
            var rest = [UInt8](repeating: 0, count: AgeArmor.maxWhitespace + 1)
            let n = try rest.withUnsafeMutableBytes { try input.readFully(into: $0) }
            guard rest[0..<n].allSatisfy(AgeArmor.isWhitespace) else { throw AgeError.armor("data after the END line") }
            guard n <= AgeArmor.maxWhitespace else { throw AgeError.armor("too much trailing whitespace") }
            state = .done
        }
    }
}
