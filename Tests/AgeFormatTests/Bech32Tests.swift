import AgeFormat
import EvaultCrypto
import Testing

@Suite struct Bech32Tests {
    // BIP 173's valid Bech32 strings (all of them carry whole bytes).
    static let valid = [
        "A12UEL5L", "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11" + String(repeating: "q", count: 82) + "c8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    ]

    @Test(arguments: valid)
    func bip173Valid(_ s: String) throws {
        let (hrp, data) = try Bech32.decode(s)
        #expect(Bech32.encode(hrp: hrp, data: data) == s)
    }

    // BIP 173's invalid strings, plus a Bech32m checksum and mixed case.
    static let invalid = [
        "\u{20}1nwldj5", "\u{7f}1axkwrx", "pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3",
        "de1lg7wt\u{ff}", "A1G7SGD8", "10a06t8", "1qzzfhee", "a1lqfn3a", "A12uEL5L", "a12uel5m",
    ]

    @Test(arguments: invalid)
    func bip173Invalid(_ s: String) {
        #expect(throws: AgeError.self) { try Bech32.decode(s) }
    }

    @Test func noNinetyCharacterLimit() throws {
        let data = pattern(200)
        let s = Bech32.encode(hrp: "age1pq", data: data)
        #expect(s.count > 300)
        #expect(try Bech32.decode(s).data == data)
    }

    /// Builds a string with a valid checksum over arbitrary 5-bit values.
    static func withChecksum(hrp: String, values: [UInt8]) -> String {
        let gen: [UInt32] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
        let h = Array(hrp.utf8)
        var chk: UInt32 = 1
        for v in h.map({ $0 >> 5 }) + [0] + h.map({ $0 & 31 }) + values + [0, 0, 0, 0, 0, 0] {
            let top = chk >> 25
            chk = (chk & 0x1ffffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= gen[i] }
        }
        chk ^= 1
        let cs = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l")
        return hrp + "1" + String(values.map { cs[Int($0)] }) + String((0..<6).map { cs[Int((chk >> UInt32(5 * (5 - $0))) & 31)] })
    }

    @Test func paddingBitsMustBeZeroAndShort() throws {
        #expect(try Bech32.decode(Self.withChecksum(hrp: "x", values: [31, 28])).data == [0xff])
        #expect(throws: AgeError.self) { try Bech32.decode(Self.withChecksum(hrp: "x", values: [31, 29])) }   // non-zero padding
        #expect(throws: AgeError.self) { try Bech32.decode(Self.withChecksum(hrp: "x", values: [31, 28, 0])) } // a whole spare group
    }

    /// The testkit's identity and the recipient `age-keygen -y` prints for it.
    static let identity = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"

    @Test func ageKeysRoundTrip() throws {
        let id = try AgeX25519Identity(parsing: Self.identity)
        #expect(String(decoding: id.encoded().unsafeArray(), as: UTF8.self) == Self.identity)
        let r = try AgeX25519Recipient(parsing: id.recipient.encoded)
        #expect(r == id.recipient)
        #expect(r.encoded.hasPrefix("age1") && r.encoded.count == 62)
        let fresh = AgeX25519Identity.generate()
        let again = try AgeX25519Identity(parsing: String(decoding: fresh.encoded().unsafeArray(), as: UTF8.self))
        #expect(again.recipient == fresh.recipient)
    }

    @Test func ageKeysAreStrict() throws {
        let id = try AgeX25519Identity(parsing: Self.identity)
        let recipient = id.recipient.encoded
        var bad = [
            Self.identity.lowercased(),                                   // age writes identities in upper case only
            recipient.uppercased(),                                       // and recipients in lower case only
            recipient,                                                    // a recipient is not an identity
            Bech32.encode(hrp: "AGE-SECRET-KEY-", data: pattern(31)),     // wrong length
            Bech32.encode(hrp: "AGE-SECRET-KEY-", data: pattern(33)),
            Bech32.encode(hrp: "AGE-PLUGIN-FOO-", data: pattern(32)),
            " " + Self.identity, Self.identity + "\n", "",
        ]
        var last = Array(Self.identity)
        last[last.count - 1] = last.last == "Q" ? "P" : "Q"
        bad.append(String(last))
        for s in bad {
            let error = #expect(throws: AgeError.self) { try AgeX25519Identity(parsing: s) }
            // Messages never echo the key.
            #expect(!"\(error.map { "\($0)" } ?? "")".contains("1EGTZVFF"))
        }
        for s in [Self.identity, recipient.uppercased(), Bech32.encode(hrp: "age", data: pattern(31)), "age1"] {
            #expect(throws: AgeError.self) { try AgeX25519Recipient(parsing: s) }
        }
    }

    @Test func identityFiles() throws {
        let a = AgeX25519Identity.generate(), b = AgeX25519Identity.generate()
        let text = "# created: 2026-01-01\n# public key: \(a.recipient.encoded)\n"
            + String(decoding: a.encoded().unsafeArray(), as: UTF8.self) + "\r\n\n  \n".dropLast(3) + "\n"
            + String(decoding: b.encoded().unsafeArray(), as: UTF8.self)
        let ids = try AgeIdentityFile.parse(SecureBytes(copying: Array(text.utf8)))
        #expect(ids.map(\.recipient) == [a.recipient, b.recipient])

        #expect(throws: AgeError.noIdentitiesInFile) { try AgeIdentityFile.parse(SecureBytes(copying: Array("# nothing\n\n".utf8))) }
        let broken = "# one\n" + String(decoding: a.encoded().unsafeArray(), as: UTF8.self) + "\n  \n"
        #expect(throws: AgeError.invalidIdentityFile(line: 3)) { try AgeIdentityFile.parse(SecureBytes(copying: Array(broken.utf8))) }
        let recipientLine = "age1" + String(repeating: "q", count: 58)
        #expect(throws: AgeError.invalidIdentityFile(line: 1)) { try AgeIdentityFile.parse(SecureBytes(copying: Array(recipientLine.utf8))) }
    }
}

@Suite struct Base64Tests {
    @Test func canonicalOnly() {
        #expect(Base64.decode("AA") == [0])
        #expect(Base64.decode("AB") == nil)          // non-zero trailing bits
        #expect(Base64.decode("AA==") == nil)        // padding where none is allowed
        #expect(Base64.decode("AA==", padded: true) == [0])
        #expect(Base64.decode("AA", padded: true) == nil)
        #expect(Base64.decode("A") == nil)
        #expect(Base64.decode("AA\n") == nil)
        #expect(Base64.decode("A A") == nil)
        #expect(Base64.decode("") == [])
        for n in 0..<50 {
            let bytes = pattern(n)
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
            #expect(Base64.decode(Base64.encode(bytes, padded: true), padded: true) == bytes)
        }
        #expect(Base64.encode(Array("any carnal pleas".utf8)) == "YW55IGNhcm5hbCBwbGVhcw")
    }
}
