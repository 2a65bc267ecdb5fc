// libFuzzer target; built only by `make fuzz` (EVAULT_FUZZ=1, see Package.swift).
// Every input must end in a clean error or a value: no crash, hang or trap.
// Target: minisign signature and public key parsers, and verification.
import EvaultCrypto
import Minisign

nonisolated(unsafe) private let signer: MinisignSigner = {
    let key = Ed25519.PrivateKey()
    return MinisignSigner(key: key, keyID: MinisignSigner.keyID(for: key.publicKey))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMinisign(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? signer.publicKey.verify(message: Array("message".utf8), signatureFile: text)
    _ = try? MinisignPublicKey(parsing: text)
    return 0
}
