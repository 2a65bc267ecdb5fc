// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: entry metadata.json, and the file name it gives.
@testable import VaultCore

nonisolated(unsafe) private let fuzzID = EntryID.random()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntryMetadata(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let metadata = try? JSONCoding.decode(EntryMetadata.self, from: bytes) {
        _ = metadata.outputFileName(redacted: false)
        _ = metadata.outputFileName(redacted: true)
    }
    _ = try? EntryReader.parseChecksums(bytes, id: fuzzID)
    return 0
}
