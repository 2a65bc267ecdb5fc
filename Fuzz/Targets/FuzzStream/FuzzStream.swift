// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: STREAM payload after a valid header: chunking, final-chunk rules, seeking.
import AgeFormat
import EvaultCrypto

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

/// A valid header and payload nonce, made once: what follows is the fuzzed payload.
nonisolated(unsafe) private let header: [UInt8] = {
    let sink = MemorySink()
    guard let writer = try? AgeWriter(recipients: [PlainKeyRecipient()], output: sink), (try? writer.close()) != nil else { return [] }
    return Array(sink.bytes.dropLast(16))  // an empty payload is one 16-byte tag
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStream(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = header + Array(UnsafeBufferPointer(start: data, count: size))
    if let reader = try? AgeReader(input: MemorySource(file), identities: [PlainKeyIdentity()]) {
        _ = try? reader.readToEnd(limit: 4 << 20)
    }
    // A fresh reader: the size check authenticates the last chunk first, then a seek.
    if let reader = try? AgeReader(input: MemorySource(file), identities: [PlainKeyIdentity()]),
       let plain = try? reader.plaintextSize {
        _ = try? reader.seek(toPlaintextOffset: plain / 2)
        _ = try? reader.readToEnd(limit: 4 << 20)
    }
    return 0
}
