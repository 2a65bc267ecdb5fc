import EvaultCrypto

/// Ogg Vorbis and Opus: the comment header packet is replaced by an empty one, the
/// header pages are rebuilt, and every later page of the stream is renumbered with
/// its CRC recomputed. Audio packets are copied untouched, page by page.
/// Other codecs in Ogg (Theora, FLAC, Speex, Skeleton) are refused, not half-cleaned.
enum OggCleaner {
    static let headerLimit = 64 << 20

    private enum Codec { case vorbis, opus }

    private struct Stream {
        var codec: Codec
        var headersLeft: Int
        var packets: [[UInt8]] = []
        var partial: [UInt8] = []
        var consumedPages = 0
        var seqDelta = 0
        var collecting: Bool { headersLeft > 0 }
    }

    static func clean(_ r: BufferedReader, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        var streams = [UInt32: Stream]()
        var pages = 0
        while try !r.atEnd() {
            var page = try OggPage.read(r)
            pages += 1
            if page.isBOS {
                guard streams.count < 64 else { throw MediaCleanError.malformed("too many Ogg streams") }
                streams[page.serial] = try begin(page)
                try w.write(page.encoded())
                continue
            }
            guard var stream = streams[page.serial] else {
                throw MediaCleanError.malformed("Ogg page of an unknown stream")
            }
            if stream.collecting {
                try collect(page, into: &stream)
                if !stream.collecting { try emitHeaders(&stream, serial: page.serial, w, &report) }
            } else {
                page.sequence = UInt32(truncatingIfNeeded: Int(page.sequence) + stream.seqDelta)
                try w.write(page.encoded())
            }
            streams[page.serial] = stream
        }
        guard pages > 0 else { throw MediaCleanError.malformed("empty Ogg file") }
        guard streams.values.allSatisfy({ !$0.collecting }) else { throw MediaCleanError.malformed("truncated Ogg headers") }
    }

    private static func begin(_ page: OggPage) throws -> Stream {
        let packets = page.packets()
        guard packets.count == 1, packets[0].complete else {
            throw MediaCleanError.malformed("Ogg first page does not hold one whole packet")
        }
        let first = packets[0].bytes
        if first.starts(with: [0x01] + Array("vorbis".utf8)) { return Stream(codec: .vorbis, headersLeft: 2) }
        if first.starts(with: Array("OpusHead".utf8)) { return Stream(codec: .opus, headersLeft: 1) }
        throw MediaCleanError.unsupported("Ogg stream that is neither Vorbis nor Opus")
    }

    private static func collect(_ page: OggPage, into s: inout Stream) throws {
        s.consumedPages += 1
        for packet in page.packets() {
            guard s.collecting else { throw MediaCleanError.unsupported("Ogg audio on a header page") }
            s.partial += packet.bytes
            guard s.partial.count <= headerLimit else { throw MediaCleanError.tooLarge("Ogg comment header") }
            if packet.complete {
                s.packets.append(s.partial)
                s.partial = []
                s.headersLeft -= 1
            }
        }
        if !s.collecting && !s.partial.isEmpty { throw MediaCleanError.unsupported("Ogg audio on a header page") }
    }

    /// Replaces the comment packet and lays the headers out on fresh pages.
    private static func emitHeaders(_ s: inout Stream, serial: UInt32, _ w: BufferedWriter, _ report: inout ReportBuilder) throws {
        var packets = s.packets
        let empty: [UInt8]
        switch s.codec {
        case .vorbis:
            guard packets[0].starts(with: [0x03] + Array("vorbis".utf8)) else {
                throw MediaCleanError.malformed("Vorbis comment header missing")
            }
            empty = [0x03] + Array("vorbis".utf8) + Bytes.le32(0) + Bytes.le32(0) + [0x01]
        case .opus:
            guard packets[0].starts(with: Array("OpusTags".utf8)) else {
                throw MediaCleanError.malformed("Opus comment header missing")
            }
            empty = Array("OpusTags".utf8) + Bytes.le32(0) + Bytes.le32(0)
        }
        if packets[0].count > empty.count { report.removed("Vorbis comments (tags)") }
        packets[0] = empty
        let pages = OggPage.paginate(packets, serial: serial, firstSequence: 1)
        for page in pages { try w.write(page.encoded()) }
        s.seqDelta = pages.count - s.consumedPages
        s.packets = []
    }
}

/// One Ogg page: header fields, lacing values and body.
struct OggPage {
    var flags: UInt8
    var granule: [UInt8]
    var serial: UInt32
    var sequence: UInt32
    var lacing: [UInt8]
    var body: [UInt8]

    var isBOS: Bool { flags & 0x02 != 0 }

    static func read(_ r: BufferedReader) throws -> OggPage {
        let head = try r.readBytes(27, what: "Ogg page header")
        guard head[0..<4].elementsEqual("OggS".utf8), head[4] == 0 else {
            throw MediaCleanError.malformed("Ogg page expected at byte \(r.position - 27)")
        }
        let lacing = try r.readBytes(Int(head[26]), what: "Ogg segment table")
        let size = lacing.reduce(0) { $0 + Int($1) }
        let body = try r.readBytes(size, what: "Ogg page")
        var page = OggPage(flags: head[5], granule: Array(head[6..<14]),
                           serial: UInt32(Bytes.readLE(head, 14, 4) ?? 0), sequence: UInt32(Bytes.readLE(head, 18, 4) ?? 0),
                           lacing: lacing, body: body)
        let stored = UInt32(Bytes.readLE(head, 22, 4) ?? 0)
        guard page.crc() == stored else { throw MediaCleanError.malformed("Ogg page checksum mismatch at byte \(r.position)") }
        page.flags &= 0x07
        return page
    }

    /// The packet pieces on this page; `complete` is false when one goes on to the next page.
    func packets() -> [(bytes: [UInt8], complete: Bool)] {
        var out = [(bytes: [UInt8], complete: Bool)]()
        var at = 0, current = 0, start = 0
        for value in lacing {
            current += Int(value)
            if value < 255 {
                out.append((Array(body[start..<(start + current)]), true))
                start += current
                current = 0
            }
            at += 1
        }
        if current > 0 || (lacing.last == 255) { out.append((Array(body[start..<(start + current)]), false)) }
        return out
    }

    private func header(crc: UInt32) -> [UInt8] {
        Array("OggS".utf8) + [0, flags] + granule + Bytes.le32(Int(serial)) + Bytes.le32(Int(sequence))
            + Bytes.le32(Int(crc)) + [UInt8(lacing.count)] + lacing
    }

    func crc() -> UInt32 { CRC32.ogg(header(crc: 0) + body) }

    func encoded() -> [UInt8] { header(crc: crc()) + body }

    /// Lays whole packets out on pages of at most 255 lacing values each.
    static func paginate(_ packets: [[UInt8]], serial: UInt32, firstSequence: UInt32) -> [OggPage] {
        var pages = [OggPage]()
        var lacing = [UInt8](), body = [UInt8]()
        var continued = false, packetEnded = false
        func flush(nextContinues: Bool) {
            let granule: [UInt8] = packetEnded ? [UInt8](repeating: 0, count: 8) : [UInt8](repeating: 0xFF, count: 8)
            pages.append(OggPage(flags: continued ? 0x01 : 0, granule: granule, serial: serial,
                                 sequence: firstSequence + UInt32(pages.count), lacing: lacing, body: body))
            lacing = []
            body = []
            continued = nextContinues
            packetEnded = false
        }
        for packet in packets {
            var values = [UInt8](repeating: 255, count: packet.count / 255) + [UInt8(packet.count % 255)]
            var offset = 0
            while !values.isEmpty {
                if lacing.count == 255 { flush(nextContinues: offset > 0) }
                let take = min(255 - lacing.count, values.count)
                let bytes = values[0..<take].reduce(0) { $0 + Int($1) }
                lacing += values[0..<take]
                body += packet[offset..<(offset + bytes)]
                offset += bytes
                values.removeFirst(take)
                if values.isEmpty { packetEnded = true }
            }
        }
        // Audio must start on a fresh page, so the headers end their last page.
        if !lacing.isEmpty { flush(nextContinues: false) }
        return pages
    }
}
