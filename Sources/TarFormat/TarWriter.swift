/// Writes a POSIX tar archive (ustar headers, pax extended headers where
/// ustar cannot hold a value) as a stream: entry data goes straight to
/// `write`, so memory use does not depend on entry sizes.
///
/// Usage: `beginEntry`, any number of `write`s adding up to the header's size,
/// `endEntry`; repeat; then `finish`. The output reads back with `TarReader`
/// and with GNU tar (tested against 1.34).
public final class TarWriter {
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var open: (name: String, size: Int64, written: Int64)?
    private var finished = false

    private static let zeros = [UInt8](repeating: 0, count: UstarBlock.size * 2)

    /// `write` must write all the bytes it is given or throw.
    public init(write: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        sink = write
    }

    /// Starts an entry. A pax extended header comes first when a value does not
    /// fit ustar: a name over 100 bytes or not ASCII, a size of 8 GiB or more,
    /// or a modification time before 1970 or after 2242.
    public func beginEntry(_ header: TarEntryHeader) throws {
        guard !finished else { throw TarError.archiveFinished }
        if let open { throw TarError.entryStillOpen(entry: open.name) }
        try Self.validate(header)

        let stored = header.kind == .directory ? header.name + "/" : header.name
        let nameBytes = Array(stored.utf8)
        var pax = PaxRecords()
        if nameBytes.count > UstarBlock.name.1 || !nameBytes.allSatisfy({ $0 < 0x80 }) { pax.path = stored }
        if header.size > UstarBlock.maxOctal(UstarBlock.fileSize.1) { pax.size = header.size }
        if header.modificationTime < 0 || header.modificationTime > UstarBlock.maxOctal(UstarBlock.mtime.1) {
            pax.modificationTime = header.modificationTime
        }
        let records = pax.encoded()
        let typeflag = header.kind == .directory ? UInt8(ascii: "5") : UInt8(ascii: "0")
        let mtime = pax.modificationTime == nil ? header.modificationTime : 0
        if !records.isEmpty {
            let paxName = Self.paxHeaderName(for: stored)
            try emit(UstarBlock.encode(name: paxName, mode: 0o644, size: Int64(records.count), mtime: max(mtime, 0),
                                       typeflag: UInt8(ascii: "x")))
            try emit(records)
            try emit(Array(Self.zeros[0..<Self.padding(Int64(records.count))]))
        }
        // Where pax carries the real value, the ustar field holds a harmless stand-in
        // for readers that ignore pax.
        let ustarName = pax.path == nil ? nameBytes : Self.ustarFallbackName(stored)
        try emit(UstarBlock.encode(name: ustarName, mode: header.mode, size: pax.size == nil ? header.size : 0,
                                   mtime: mtime, typeflag: typeflag))
        open = (header.name, header.size, 0)
    }

    /// Appends data to the open entry; throws if it would exceed the entry's size.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var entry = open else { throw finished ? TarError.archiveFinished : TarError.noOpenEntry }
        guard Int64(bytes.count) <= entry.size - entry.written else {
            throw TarError.dataExceedsSize(entry: entry.name, size: entry.size)
        }
        if bytes.isEmpty { return }
        try sink(bytes)
        entry.written += Int64(bytes.count)
        open = entry
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Closes the open entry, padding its data to a 512-byte boundary; throws if
    /// fewer bytes than its size were written.
    public func endEntry() throws {
        guard let entry = open else { throw finished ? TarError.archiveFinished : TarError.noOpenEntry }
        guard entry.written == entry.size else {
            throw TarError.dataShorterThanSize(entry: entry.name, size: entry.size, written: entry.written)
        }
        try emit(Array(Self.zeros[0..<Self.padding(entry.size)]))
        open = nil
    }

    /// A whole regular file in one call, for small members such as metadata.
    public func addFile(name: String, contents: [UInt8], mode: UInt32 = 0o600, modificationTime: Int64 = 0) throws {
        try beginEntry(TarEntryHeader(name: name, size: Int64(contents.count), mode: mode,
                                      modificationTime: modificationTime, kind: .regular))
        try write(contents)
        try endEntry()
    }

    /// Writes the end-of-archive marker (two zero blocks). No entry may be open.
    public func finish() throws {
        guard !finished else { throw TarError.archiveFinished }
        if let open { throw TarError.entryStillOpen(entry: open.name) }
        try emit(Self.zeros)
        finished = true
    }

    private func emit(_ bytes: [UInt8]) throws {
        if bytes.isEmpty { return }
        try bytes.withUnsafeBytes { try sink($0) }
    }

    static func padding(_ size: Int64) -> Int {
        Int((Int64(UstarBlock.size) - size % Int64(UstarBlock.size)) % Int64(UstarBlock.size))
    }

    private static func validate(_ header: TarEntryHeader) throws {
        if let problem = TarName.problem(with: header.name) {
            throw TarError.unsafeName(entry: header.name, reason: problem)
        }
        if header.name.hasSuffix("/") {
            throw TarError.invalidHeader(entry: header.name, reason: "name ends with '/' (use kind .directory)")
        }
        if header.size < 0 { throw TarError.invalidHeader(entry: header.name, reason: "negative size") }
        if header.kind == .directory && header.size != 0 {
            throw TarError.invalidHeader(entry: header.name, reason: "a directory cannot have data")
        }
        if header.mode > 0o7777 {
            throw TarError.invalidHeader(entry: header.name, reason: "mode has bits beyond 0o7777")
        }
    }

    /// An ASCII name of at most 100 bytes for the ustar field when pax holds the
    /// real one: non-ASCII bytes become '_', the tail is kept, and the result is
    /// checked against the same safety rule as real names.
    static func ustarFallbackName(_ name: String) -> [UInt8] {
        let tail = asciiStandIn(name).suffix(UstarBlock.name.1).drop(while: { $0 == UInt8(ascii: "/") })
        return safe(Array(tail)) ?? Array("pax-named-entry".utf8)
    }

    /// "PaxHeaders/<start of the entry's last component>", as GNU tar names them,
    /// so a reader that lists extended headers shows which entry they belong to.
    static func paxHeaderName(for name: String) -> [UInt8] {
        let prefix = Array("PaxHeaders/".utf8)
        let base = name.split(separator: "/").last.map { asciiStandIn(String($0)) } ?? []
        return safe(prefix + base.prefix(UstarBlock.name.1 - prefix.count)) ?? Array("PaxHeaders/entry".utf8)
    }

    private static func asciiStandIn(_ text: String) -> [UInt8] {
        text.utf8.map { $0 < 0x80 && $0 != 0 ? $0 : UInt8(ascii: "_") }
    }

    private static func safe(_ name: [UInt8]) -> [UInt8]? {
        TarName.problem(with: String(decoding: name, as: UTF8.self)) == nil ? name : nil
    }
}
