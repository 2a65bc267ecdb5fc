import EvaultCrypto
import Foundation
import ZIPFoundation

/// Word, Excel, PowerPoint (OOXML) and OpenDocument: rewrites the zip member by member.
/// Properties are emptied, comments and their authors dropped, tracked changes accepted,
/// revision ids removed, thumbnails dropped, embedded pictures and documents cleaned too,
/// and the text of every paragraph redacted with the seal's identities.
enum OfficeCleaner {
    static func clean(_ format: MediaFormat, _ r: BufferedReader, _ w: BufferedWriter,
                      redactor: TextRedactor?, _ report: inout ReportBuilder) throws {
        let input = try r.readBytes(ZipLimits.archiveBytes + 1, whatIfShort: true)
        guard input.count <= ZipLimits.archiveBytes else { throw MediaCleanError.tooLarge("document over 256 MiB") }
        let output = try clean(format, zip: input, redactor: redactor, depth: 0, &report)
        try w.write(output)
    }

    static func clean(_ format: MediaFormat, zip input: [UInt8], redactor: TextRedactor?, depth: Int,
                      _ report: inout ReportBuilder) throws -> [UInt8] {
        // Read through a memory file, not ZIPFoundation's in-memory mode: its reader
        // traps on offsets past the end, which a hostile zip can supply.
        let file = try AnonymousFile(input)
        defer { withExtendedLifetime(file) {} }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: file.path), accessMode: .read, pathEncoding: nil) } catch {
            throw MediaCleanError.malformed("not a readable zip archive")
        }
        let entries = try checkedEntries(archive)
        let policy = OfficePolicy(format: format)
        guard let out = try? Archive(data: Data(), accessMode: .create, pathEncoding: nil) else {
            throw MediaCleanError.io("cannot create the clean archive in memory")
        }
        var dropped = Set<String>()
        var members = [(path: String, bytes: [UInt8])]()
        for entry in entries where entry.type == .file {
            let bytes = try extract(entry, from: archive)
            switch try policy.action(for: entry.path, bytes) {
            case .keep:
                members.append((entry.path, bytes))
            case .drop(let category):
                report.removed(category)
                dropped.insert(entry.path)
            case .replace(let newBytes, let category):
                report.removed(category)
                members.append((entry.path, newBytes))
            case .rewrite(let rewriter):
                let result = try rewriter.rewrite(bytes, redactor: redactor)
                policy.describe(result).forEach { report.removed($0) }
                report.namesInText += result.replacements
                members.append((entry.path, result.bytes))
            case .media(let mediaFormat):
                members.append((entry.path, try cleanEmbedded(mediaFormat, bytes, redactor, depth, &report)))
            }
        }
        // ODF needs its uncompressed mimetype first; order is otherwise kept.
        members = members.filter { $0.path == "mimetype" } + members.filter { $0.path != "mimetype" }
        for member in members {
            var bytes = member.bytes
            if member.path.hasSuffix(".rels") || member.path == "META-INF/manifest.xml" || member.path == "[Content_Types].xml" {
                bytes = OfficePolicy.removeReferences(to: dropped, in: bytes)
            }
            if member.path.hasSuffix(".rels"), bytes.count < ZipLimits.memberBytes,
               String(decoding: bytes, as: UTF8.self).contains("TargetMode=\"External\"") {
                let result = try OfficePolicy.relationships.rewrite(bytes, redactor: redactor)
                report.namesInText += result.replacements
                bytes = result.bytes
            }
            try add(member.path, bytes, to: out, stored: member.path == "mimetype")
        }
        guard let data = out.data else { throw MediaCleanError.io("clean archive could not be written") }
        return [UInt8](data)
    }

    private static func checkedEntries(_ archive: Archive) throws -> [Entry] {
        var entries = [Entry]()
        var total: UInt64 = 0
        for entry in archive {
            entries.append(entry)
            guard entries.count <= ZipLimits.members else { throw MediaCleanError.tooLarge("zip with over \(ZipLimits.members) members") }
            let size = entry.uncompressedSize
            // A zip64 size near 2^64 must be refused before it is added (UInt64 overflow traps).
            let (sum, overflow) = total.addingReportingOverflow(size)
            total = sum
            guard !overflow, size <= UInt64(ZipLimits.memberBytes), total <= UInt64(ZipLimits.totalBytes) else {
                throw MediaCleanError.tooLarge("zip bomb: members expand past \(ZipLimits.totalBytes >> 20) MiB")
            }
            if size > UInt64(ZipLimits.ratioFloor) && size / max(entry.compressedSize, 1) > UInt64(ZipLimits.ratio) {
                throw MediaCleanError.tooLarge("zip bomb: \(entry.path) expands more than \(ZipLimits.ratio) times")
            }
            if entry.path.contains("..") || entry.path.hasPrefix("/") {
                throw MediaCleanError.malformed("zip member with an unsafe path")
            }
        }
        guard !entries.isEmpty else { throw MediaCleanError.malformed("empty zip archive") }
        return entries
    }

    /// Extracts one member, refusing more bytes than its header declared (lying headers).
    private static func extract(_ entry: Entry, from archive: Archive) throws -> [UInt8] {
        let declared = Int(entry.uncompressedSize)
        var bytes = [UInt8]()
        bytes.reserveCapacity(declared)
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard bytes.count + chunk.count <= declared else { throw MediaCleanError.tooLarge("zip bomb: \(entry.path) is larger than declared") }
                bytes.append(contentsOf: chunk)
            }
        } catch let error as MediaCleanError {
            throw error
        } catch {
            throw MediaCleanError.malformed("zip member \(entry.path) cannot be read")
        }
        return bytes
    }

    private static func add(_ path: String, _ bytes: [UInt8], to archive: Archive, stored: Bool) throws {
        let data = Data(bytes)
        do {
            // A fixed date: member times would tell when the document was edited.
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: Date(timeIntervalSince1970: 315_532_800),
                                 compressionMethod: stored ? .none : .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        } catch {
            throw MediaCleanError.io("cannot write \(path) to the clean archive")
        }
    }

    /// Pictures and documents inside the document get the same treatment.
    private static func cleanEmbedded(_ format: MediaFormat, _ bytes: [UInt8], _ redactor: TextRedactor?, _ depth: Int,
                                      _ report: inout ReportBuilder) throws -> [UInt8] {
        if !format.isMedia {
            guard depth < ZipLimits.nesting else { throw MediaCleanError.tooLarge("documents nested too deeply") }
            var inner = ReportBuilder()
            let out = try clean(format, zip: bytes, redactor: redactor, depth: depth + 1, &inner)
            if !inner.report.removed.isEmpty { report.removed("embedded document metadata") }
            report.namesInText += inner.namesInText
            return out
        }
        let sink = MemorySink()
        let inner = try MediaCleaner.clean(format, from: MemorySource(bytes), to: sink, redactor: nil)
        if !inner.removed.isEmpty { report.removed("embedded picture metadata") }
        return sink.bytes
    }
}

extension BufferedReader {
    /// Reads up to `count` bytes, fewer if the input ends first.
    func readBytes(_ count: Int, whatIfShort: Bool) throws -> [UInt8] {
        let sink = CollectingSink()
        var left = count
        while left > 0, try fill(1) {
            let n = min(available, left)
            try withBuffered { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            consume(n)
            left -= n
        }
        return sink.bytes
    }
}
