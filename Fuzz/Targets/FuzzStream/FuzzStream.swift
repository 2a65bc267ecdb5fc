// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: STREAM payload after a valid header: chunking, final-chunk rules, seeking.
import AgeFormat
import EvaultCrypto

nonisolated(unsafe) private let identity = AgeX25519Identity.generate()
/// A valid header and payload nonce for `identity`: what follows is the fuzzed payload.
nonisolated(unsafe) private let header: [UInt8] = {
    let sink = MemorySink()
    guard let writer = try? AgeWriter(recipients: [identity.recipient], output: sink), (try? writer.close()) != nil else { return [] }
    return Array(sink.bytes.dropLast(16))  // an empty payload is one 16-byte tag
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStream(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = header + Array(UnsafeBufferPointer(start: data, count: size))
    if let reader = try? AgeReader(input: MemorySource(file), identities: [identity]) {
        _ = try? reader.readToEnd(limit: 4 << 20)
    }
    if let reader = try? AgeReader(input: MemorySource(file), identities: [identity]),
       let plain = try? reader.plaintextSize {
        _ = try? reader.seek(toPlaintextOffset: plain / 2)
        _ = try? reader.readToEnd(limit: 4 << 20)
    }
    return 0
}
