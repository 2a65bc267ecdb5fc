// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: tar reader (ustar, pax, GNU long names).
import EvaultCrypto
import TarFormat

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTar(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = MemorySource(Array(UnsafeBufferPointer(start: data, count: size)))
    let reader = TarReader(read: { try source.read(into: $0) })
    var members = 0
    while members < 1000, let header = try? reader.nextEntry() {
        _ = header.name
        _ = try? reader.readAll(limit: 1 << 20)
        members += 1
    }
    return 0
}
