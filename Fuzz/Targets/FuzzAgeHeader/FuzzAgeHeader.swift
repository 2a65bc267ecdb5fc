// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: age header and payload: AgeReader with an X25519 and a (cheap) scrypt identity.
import AgeFormat
import EvaultCrypto

/// Remembers what an identity answered for a stanza list, so an input whose
/// header the fuzzer left alone (it mutated the payload) costs no X25519 or
/// scrypt again: the executions go to the parser, not to key derivation.
/// Unwrapping is a pure function of the stanzas, so the answers are the same.
private final class CachingIdentity: AgeIdentity {
    private let inner: any AgeIdentity
    private var answers: [String: Result<SecureBytes?, any Error>] = [:]

    init(_ inner: any AgeIdentity) { self.inner = inner }

    func unwrap(stanzas: [AgeStanza]) throws -> SecureBytes? {
        let key = stanzas.map { "\($0.type) \($0.arguments) \($0.body)" }.joined(separator: "\n")
        if let known = answers[key] { return try known.get() }
        let answer = Result { try inner.unwrap(stanzas: stanzas) }
        if answers.count >= 1024 { answers.removeAll() }  // bounded memory
        answers[key] = answer
        return try answer.get()
    }
}

nonisolated(unsafe) private let identity = CachingIdentity(AgeX25519Identity.generate())
// Work factors above 4 are refused: a fuzzed header cannot make one execution cost
// scrypt's milliseconds, and the stanza parser runs the same for any factor.
nonisolated(unsafe) private let scrypt = CachingIdentity(
    AgeScryptIdentity(passphrase: SecureBytes(copying: Array("fuzz".utf8)), maxWorkFactor: 4))

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
