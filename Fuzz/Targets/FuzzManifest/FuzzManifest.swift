// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: export manifest JSON.
@testable import VaultCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? JSONCoding.decode(ExportManifest.self, from: Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
