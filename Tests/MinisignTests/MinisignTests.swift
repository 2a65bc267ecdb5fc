import EvaultCrypto
import Foundation
import Minisign
import Testing

@Suite struct MinisignTests {
    let signer: MinisignSigner = {
        let key = Ed25519.PrivateKey()
        return MinisignSigner(key: key, keyID: MinisignSigner.keyID(for: key.publicKey))
    }()
    let message = Array("the sealed document\n".utf8)

    @Test func roundTripReturnsTrustedComment() throws {
        let sig = signer.sign(message: message, trustedComment: "entry 42\tsha256:abc")
        #expect(try signer.publicKey.verify(message: message, signatureFile: sig) == "entry 42\tsha256:abc")
    }

    @Test func emptyMessageRoundTrips() throws {
        let sig = signer.sign(message: [], trustedComment: "")
        #expect(try signer.publicKey.verify(message: [], signatureFile: sig) == "")
    }

    @Test func streamingAndInMemoryAgree() throws {
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let streamed = try signer.sign(source: MemorySource(big), trustedComment: "t", untrustedComment: "u")
        #expect(try signer.publicKey.verify(message: big, signatureFile: streamed) == "t")
        let inMemory = signer.sign(message: big, trustedComment: "t")
        #expect(try signer.publicKey.verify(source: MemorySource(big), signatureFile: inMemory) == "t")
    }

    @Test func fileLayout() throws {
        let sig = signer.sign(message: message, trustedComment: "tc", untrustedComment: "uc")
        let lines = sig.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)
        #expect(lines[0] == "untrusted comment: uc")
        #expect(lines[1].hasPrefix("RU"))  // base64 of "ED…": the pre-hashed algorithm
        #expect(!lines[1].hasPrefix("RW"))  // not "Ed…", the legacy one
        #expect(lines[2] == "trusted comment: tc")
        #expect(lines[4] == "")
    }

    @Test func tamperedMessageIsRejected() throws {
        let sig = signer.sign(message: message, trustedComment: "tc")
        var altered = message
        altered[0] ^= 1
        #expect(throws: MinisignError.invalidSignature) {
            try signer.publicKey.verify(message: altered, signatureFile: sig)
        }
        #expect(throws: MinisignError.invalidSignature) {
            try signer.publicKey.verify(source: MemorySource(altered), signatureFile: sig)
        }
    }

    @Test func tamperedTrustedCommentIsRejected() throws {
        let sig = signer.sign(message: message, trustedComment: "published 2026-01-01")
        let altered = sig.replacingFirst("published 2026-01-01", with: "published 2025-01-01")
        #expect(altered != sig)
        #expect(throws: MinisignError.invalidGlobalSignature) {
            try signer.publicKey.verify(message: message, signatureFile: altered)
        }
    }

    @Test func untrustedCommentIsNotCovered() throws {
        let sig = signer.sign(message: message, trustedComment: "tc", untrustedComment: "before")
        let altered = sig.replacingFirst("before", with: "after")
        #expect(try signer.publicKey.verify(message: message, signatureFile: altered) == "tc")
    }

    @Test func wrongKeyWithSameIDIsRejected() throws {
        let sig = signer.sign(message: message, trustedComment: "tc")
        let other = MinisignPublicKey(keyID: signer.publicKey.keyID, key: Ed25519.PrivateKey().publicKey)
        #expect(throws: MinisignError.invalidSignature) {
            try other.verify(message: message, signatureFile: sig)
        }
    }

    @Test func wrongKeyIDIsRejected() throws {
        let sig = signer.sign(message: message, trustedComment: "tc")
        let otherKey = Ed25519.PrivateKey()
        let other = MinisignSigner(key: otherKey, keyID: MinisignSigner.keyID(for: otherKey.publicKey)).publicKey
        #expect(throws: MinisignError.keyIDMismatch) {
            try other.verify(message: message, signatureFile: sig)
        }
        // Same key, but the signature names another id.
        let renamed = MinisignPublicKey(keyID: [1, 2, 3, 4, 5, 6, 7, 8], key: signer.publicKey.key)
        #expect(throws: MinisignError.keyIDMismatch) {
            try renamed.verify(message: message, signatureFile: sig)
        }
    }

    @Test func trustedCommentNewlinesAreSanitized() throws {
        let sig = signer.sign(message: message, trustedComment: "line one\nline two\r\nthree\u{0}")
        #expect(sig.split(separator: "\n").count == 4)
        #expect(try signer.publicKey.verify(message: message, signatureFile: sig) == "line one line two  three ")
    }

    @Test func longCommentsAreCutAtCharacterBoundary() throws {
        let long = String(repeating: "é", count: 5000)  // 10000 bytes
        let sig = signer.sign(message: message, trustedComment: long, untrustedComment: long)
        let tc = try signer.publicKey.verify(message: message, signatureFile: sig)
        #expect(tc.utf8.count == MinisignSigner.maxTrustedCommentBytes)
        #expect(tc == String(repeating: "é", count: 4000))
    }

    @Test func keyIDIsFirstEightBytesOfBLAKE2b() throws {
        let pk = signer.publicKey
        #expect(pk.keyID == Array(BLAKE2b.hash(pk.key.rawRepresentation).prefix(8)))
        #expect(MinisignSigner.keyID(for: pk.key) == pk.keyID)
        #expect(pk.keyIDHex == Hex.encode(pk.keyID.reversed()).uppercased())
    }

    @Test func publicKeyRoundTrips() throws {
        let pk = signer.publicKey
        #expect(pk.base64.hasPrefix("RW"))
        #expect(try MinisignPublicKey(parsing: pk.base64) == pk)
        #expect(try MinisignPublicKey(parsing: "  " + pk.base64 + "\r\n") == pk)
        let file = pk.fileContents()
        #expect(file == "untrusted comment: minisign public key \(pk.keyIDHex)\n\(pk.base64)\n")
        #expect(try MinisignPublicKey(parsing: file) == pk)
        #expect(try MinisignPublicKey(parsing: pk.fileContents(comment: "evault key of the desk")) == pk)
    }

    @Test func malformedPublicKeysAreRejected() throws {
        let good = signer.publicKey.base64
        #expect(throws: MinisignError.malformedPublicKey("key line is not valid base64")) {
            try MinisignPublicKey(parsing: "RW!!" + good.dropFirst(4))
        }
        #expect(throws: MinisignError.malformedPublicKey("key decodes to 39 bytes, expected 42")) {
            try MinisignPublicKey(parsing: String(good.dropLast(4)))
        }
        #expect(throws: MinisignError.malformedPublicKey("first line does not start with \"untrusted comment: \"")) {
            try MinisignPublicKey(parsing: "comment\n" + good)
        }
        #expect(throws: MinisignError.malformedPublicKey("expected 1 or 2 lines, found 0")) {
            try MinisignPublicKey(parsing: " \n")
        }
        // Same length, but a "Xy" algorithm tag.
        let blob = "Xy" + String(repeating: "k", count: 40)
        let encoded = base64ViaMinisignFormat(Array(blob.utf8))
        #expect(throws: MinisignError.unsupportedAlgorithm("public key algorithm \"Xy\"")) {
            try MinisignPublicKey(parsing: encoded)
        }
    }

    @Test func malformedSignaturesAreRejected() throws {
        let pk = signer.publicKey
        let sig = signer.sign(message: message, trustedComment: "tc")
        var lines = sig.split(separator: "\n").map(String.init)
        #expect(throws: MinisignError.malformedSignature("expected 4 lines, found 3")) {
            try pk.verify(message: message, signatureFile: lines.dropLast().joined(separator: "\n"))
        }
        var noPrefix = lines
        noPrefix[2] = "tc"
        #expect(throws: MinisignError.malformedSignature("third line does not start with \"trusted comment: \"")) {
            try pk.verify(message: message, signatureFile: noPrefix.joined(separator: "\n"))
        }
        var badBase64 = lines
        badBase64[1] = String(badBase64[1].dropLast()) + "*"
        #expect(throws: MinisignError.malformedSignature("signature line is not valid base64")) {
            try pk.verify(message: message, signatureFile: badBase64.joined(separator: "\n"))
        }
        lines[3] = String(lines[3].dropLast(4))
        #expect(throws: MinisignError.malformedSignature("global signature decodes to 63 bytes, expected 64")) {
            try pk.verify(message: message, signatureFile: lines.joined(separator: "\n"))
        }
    }

    @Test func crlfSignatureFilesAreAccepted() throws {
        let sig = signer.sign(message: message, trustedComment: "tc")
        let crlf = sig.split(separator: "\n").joined(separator: "\r\n") + "\r\n"
        #expect(try signer.publicKey.verify(message: message, signatureFile: crlf) == "tc")
    }

    @Test func errorMessagesNameTheProblem() {
        #expect(MinisignError.invalidGlobalSignature.description.contains("trusted comment"))
        #expect(MinisignError.keyIDMismatch.description.contains("key id"))
    }

    // Known answers, made with minisign 0.11 (`minisign -G -W`, then `-S` and `-S -l`), over "hello\n".
    static let vectorKey = """
        untrusted comment: minisign public key 66A0A7130A7E4540
        RWRARX4KE6egZru38oavufoSrUbsyhF+bdOJXPbhXttkm45FKJGABhwP

        """
    static let vectorPrehashed = """
        untrusted comment: signature from minisign secret key
        RURARX4KE6egZjNcp7P36sBvb5sfAppSA3v8vM1BIs3cl4hCFbPSy/a/imtzUlTgzCHHfbiebSCxEOa8mz81nLU4LIWJN1H3LQc=
        trusted comment: tc here
        EPqKOV/MvEs9+92fer1e4hcrwlHqiSYA8DTAw6WiEz6pLrxXmY9lLp3yUv9QtA1x4FcRS1aDqEsiuIFxGpiqCA==

        """
    static let vectorLegacy = """
        untrusted comment: signature from minisign secret key
        RWRARX4KE6egZpiTSS/ErynvyN61dk+gw0Th0/y53bJePompiYUX8rss7j5Fldyikqhg3AsZ7Lv4YWElX3PytB1gvqJ5nZx2LAE=
        trusted comment: legacy tc
        L40fVOEN4bi8v0WN4TFRY0mMpyHxwqj0RyS+4rpN0ETDPbFFp05ZrfxnYV+M7kgiZ+gr8AQnQbWiay5NIQ/cCw==

        """

    @Test func knownAnswerFromMinisign() throws {
        let pk = try MinisignPublicKey(parsing: Self.vectorKey)
        #expect(pk.keyIDHex == "66A0A7130A7E4540")
        #expect(pk.fileContents() == Self.vectorKey)
        let hello = Array("hello\n".utf8)
        #expect(try pk.verify(message: hello, signatureFile: Self.vectorPrehashed) == "tc here")
        #expect(try pk.verify(source: MemorySource(hello), signatureFile: Self.vectorPrehashed) == "tc here")
        #expect(throws: MinisignError.invalidSignature) {
            try pk.verify(message: Array("hello".utf8), signatureFile: Self.vectorPrehashed)
        }
    }

    @Test func legacySignaturesVerify() throws {
        let pk = try MinisignPublicKey(parsing: Self.vectorKey)
        let hello = Array("hello\n".utf8)
        #expect(try pk.verify(message: hello, signatureFile: Self.vectorLegacy) == "legacy tc")
        #expect(try pk.verify(source: MemorySource(hello), signatureFile: Self.vectorLegacy) == "legacy tc")
        #expect(throws: MinisignError.invalidSignature) {
            try pk.verify(message: Array("hellO\n".utf8), signatureFile: Self.vectorLegacy)
        }
    }
}

/// Base64 written independently of the library, to craft key lines it would never produce.
func base64ViaMinisignFormat(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var out = ""
    var i = 0
    while i < bytes.count {
        let chunk = Array(bytes[i..<min(i + 3, bytes.count)])
        let n = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
        for j in 0..<4 {
            out.append(j <= chunk.count ? alphabet[Int(n >> (18 - 6 * UInt32(j)) & 63)] : "=")
        }
        i += 3
    }
    return out
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
