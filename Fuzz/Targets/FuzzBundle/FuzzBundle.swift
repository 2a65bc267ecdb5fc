// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: bundle reader: the decrypted tar of an export, then its verification.
import AgeFormat
import EvaultCrypto
@testable import VaultCore

nonisolated(unsafe) private let identity = AgeX25519Identity.generate()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBundle(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // The fuzzed bytes are the bundle's plaintext (a tar); encrypting them lets
    // the reader get past age, which a random ciphertext never would.
    let sink = MemorySink()
    guard let writer = try? AgeWriter(recipients: [identity.recipient], output: sink) else { return 0 }
    guard (try? writer.write(Array(UnsafeBufferPointer(start: data, count: size)))) != nil, (try? writer.close()) != nil else { return 0 }
    let input = HashingSource(MemorySource(sink.bytes))
    if let members = try? BundleReader.readMembers(input, identities: [identity], spool: .memory) {
        _ = try? BundleReader.verify(members, bundleSHA256: input.digest.hex, expected: nil, partners: [])
    }
    return 0
}
