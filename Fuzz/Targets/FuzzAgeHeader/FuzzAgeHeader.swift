// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: age header and payload: AgeReader with an X25519 and a (cheap) scrypt identity.
import AgeFormat
import EvaultCrypto

nonisolated(unsafe) private let identity = AgeX25519Identity.generate()
// Work factors above 10 are refused, so a fuzzed header cannot make scrypt cost a gigabyte.
nonisolated(unsafe) private let scrypt = AgeScryptIdentity(passphrase: SecureBytes(copying: Array("fuzz".utf8)), maxWorkFactor: 10)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAgeHeader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for identities in [[identity] as [any AgeIdentity], [scrypt]] {
        if let reader = try? AgeReader(input: MemorySource(bytes), identities: identities) {
            _ = try? reader.readToEnd(limit: 1 << 20)
        }
    }
    return 0
}
