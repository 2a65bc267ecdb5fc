// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: bundle reader: the decrypted tar of an export, then its verification.
import AgeFormat
import EvaultCrypto
@testable import VaultCore

/// A test-only recipient: the stanza carries the file key in the clear. The
/// header MAC, STREAM and everything after it are the real code; only the
/// X25519 agreement (tens of microseconds per execution, nothing to parse) is left out.
private struct PlainKeyRecipient: AgeRecipient {
    func wrap(fileKey: SecureBytes) throws -> [AgeStanza] {
        [AgeStanza(type: "fuzz-plain-key", arguments: [], body: fileKey.withUnsafeBytes { Array($0) })]
    }
}

private struct PlainKeyIdentity: AgeIdentity {
    func unwrap(stanzas: [AgeStanza]) throws -> SecureBytes? {
        guard let stanza = stanzas.first(where: { $0.type == "fuzz-plain-key" }) else { return nil }
        return SecureBytes(copying: stanza.body)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBundle(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // The fuzzed bytes are the bundle's plaintext (a tar); encrypting them lets
    // the reader get past age, which a random ciphertext never would.
    let sink = MemorySink()
    guard let writer = try? AgeWriter(recipients: [PlainKeyRecipient()], output: sink) else { return 0 }
    guard (try? writer.write(Array(UnsafeBufferPointer(start: data, count: size)))) != nil, (try? writer.close()) != nil else { return 0 }
    let input = HashingSource(MemorySource(sink.bytes))
    if let members = try? BundleReader.readMembers(input, identities: [PlainKeyIdentity()], spool: .memory) {
        _ = try? BundleReader.verify(members, bundleSHA256: input.digest.hex, expected: nil, partners: [])
    }
    return 0
}
