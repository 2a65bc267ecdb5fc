import EvaultCrypto

/// The age v1 header: version line, recipient stanzas, and the MAC line.
/// Parsing is strict so that every header has exactly one encoding: the MAC
/// covers the bytes as written, and malleable encodings would be a liability.
struct Header {
    static let versionLine = Array("age-encryption.org/v1".utf8)
    static let columnsPerLine = 64
    static let bytesPerLine = columnsPerLine / 4 * 3
    /// Generous bounds that stop a hostile header from exhausting memory.
    static let maxLineLength = 64 * 1024
    static let maxHeaderLength = 16 << 20

    var stanzas: [AgeStanza]
    var mac: [UInt8]
    /// The bytes the MAC covers: everything up to and including "---".
    var macInput: [UInt8]
    /// The header's length on the wire, including the final newline.
    var encodedLength: Int

    /// Reads and validates a header; the input is left at the first payload byte.
    static func parse(from input: BufferedInput) throws -> Header {
        var all = [UInt8]()
        func line() throws -> [UInt8] {
            let l: [UInt8]
            do { l = try input.readLine(limit: maxLineLength) } catch BufferedInput.LineError.tooLong {
                throw AgeError.malformedHeader("line too long")
            }
            guard l.last == UInt8(ascii: "\n") else { throw AgeError.malformedHeader("header is truncated") }
            all += l
            guard all.count <= maxHeaderLength else { throw AgeError.malformedHeader("header is too large") }
            return Array(l.dropLast())
        }

        let version = try line()
        guard version == versionLine else {
            if version.starts(with: Array("age-encryption.org/".utf8)) { throw AgeError.unsupportedVersion }
            throw AgeError.malformedHeader("not an age file: the version line is missing")
        }
        var stanzas = [AgeStanza]()
        while true {
            let l = try line()
            if l.starts(with: Array("---".utf8)) {
                guard l.count > 4, l[3] == UInt8(ascii: " "),
                      let mac = Base64.decode(String(decoding: l[4...], as: UTF8.self)),
                      mac.count == HMACSHA256.length
                else { throw AgeError.malformedHeader("the MAC line is not \"--- \" and a canonical base64 MAC") }
                guard !stanzas.isEmpty else { throw AgeError.malformedHeader("there are no recipient stanzas") }
                let macInput = Array(all[0..<(all.count - l.count - 1 + 3)])
                return Header(stanzas: stanzas, mac: mac, macInput: macInput, encodedLength: all.count)
            }
            guard l.starts(with: Array("-> ".utf8)) else {
                throw AgeError.malformedHeader("a line is neither a stanza nor the MAC line")
            }
            stanzas.append(try stanza(firstLine: l, nextLine: line))
        }
    }

    private static func stanza(firstLine: [UInt8], nextLine: () throws -> [UInt8]) throws -> AgeStanza {
        let fields = firstLine[3...].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        for f in fields where !isArbitraryString(f) {
            throw AgeError.malformedHeader("a stanza argument is empty or has a character outside ASCII 33-126")
        }
        let strings = fields.map { String(decoding: $0, as: UTF8.self) }
        var body = [UInt8]()
        while true {
            let l = try nextLine()
            guard l.count <= columnsPerLine else { throw AgeError.malformedHeader("a stanza body line is longer than 64 columns") }
            guard let bytes = Base64.decode(String(decoding: l, as: UTF8.self)) else {
                throw AgeError.malformedHeader("a stanza body line is not canonical unpadded base64")
            }
            body += bytes
            // A line shorter than 64 columns (possibly empty) ends the body.
            if bytes.count < bytesPerLine { break }
        }
        return AgeStanza(type: strings[0], arguments: Array(strings.dropFirst()), body: body)
    }

    /// The spec's "arbitrary string": one or more printable ASCII characters, no space.
    static func isArbitraryString<C: Collection>(_ s: C) -> Bool where C.Element == UInt8 {
        !s.isEmpty && s.allSatisfy { (33...126).contains($0) }
    }

    /// The complete header for `stanzas`, MAC'd with `fileKey`.
    static func encode(stanzas: [AgeStanza], fileKey: SecureBytes) throws -> [UInt8] {
        var out = versionLine + [UInt8(ascii: "\n")]
        for s in stanzas {
            let fields = [s.type] + s.arguments
            guard fields.allSatisfy({ isArbitraryString($0.utf8) }) else {
                throw AgeError.invalidRecipients("a stanza has an empty argument or one outside ASCII 33-126")
            }
            out += Array(("-> " + fields.joined(separator: " ") + "\n").utf8)
            let b64 = Array(Base64.encode(s.body).utf8)
            var i = 0
            // Full 64-column lines, then a shorter final line, which is empty when
            // the body is a multiple of 48 bytes: that is how the reader knows it ended.
            while b64.count - i >= columnsPerLine {
                out += b64[i..<(i + columnsPerLine)] + [UInt8(ascii: "\n")]
                i += columnsPerLine
            }
            out += b64[i...] + [UInt8(ascii: "\n")]
        }
        out += Array("---".utf8)
        let mac = Self.mac(fileKey: fileKey, over: out)
        out += Array((" " + Base64.encode(mac) + "\n").utf8)
        return out
    }

    /// HMAC-SHA-256 under HKDF(file key, "header"), over the header up to "---".
    static func mac(fileKey: SecureBytes, over bytes: [UInt8]) -> [UInt8] {
        let key = HKDF.deriveKey(inputKeyMaterial: fileKey, salt: [], info: Array("header".utf8), length: 32)
        return HMACSHA256.authenticate(key: key, message: bytes)
    }

    /// Constant-time check of the MAC read from the file.
    func verify(fileKey: SecureBytes) -> Bool {
        constantTimeEquals(Header.mac(fileKey: fileKey, over: macInput), mac)
    }
}
