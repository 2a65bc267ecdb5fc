// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: index codec.
@testable import VaultCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIndex(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let records = IndexCodec.decode(Array(UnsafeBufferPointer(start: data, count: size))) {
        _ = IndexCodec.decode(IndexCodec.encode(records))
    }
    return 0
}
