// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: key file parser (formats 1 and 2, binding line).
import EvaultCrypto
import VaultCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeyFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? KeyFile.decodeChecked(SecureBytes(copying: UnsafeBufferPointer(start: data, count: size)), path: "fuzz")
    return 0
}
