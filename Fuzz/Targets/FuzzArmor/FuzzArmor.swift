// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: ASCII armor reader.
import AgeFormat
import EvaultCrypto

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArmor(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = AgeArmor.isArmored(bytes)
    _ = try? AgeArmor.Reader(input: MemorySource(bytes)).readToEnd(limit: 1 << 20)
    return 0
}
