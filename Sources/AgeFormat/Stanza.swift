import EvaultCrypto

/// One recipient stanza of an age header: a type, arguments, and a binary body.
/// Recipients produce them and identities consume them; the header code alone
/// knows how they look on the wire.
public struct AgeStanza: Equatable, Sendable {
    public var type: String
    public var arguments: [String]
    public var body: [UInt8]

    public init(type: String, arguments: [String], body: [UInt8]) {
        self.type = type
        self.arguments = arguments
        self.body = body
    }
}

/// Decoding helpers that recipient types share: strict base64 arguments.
extension AgeStanza {
    /// Decodes a canonical unpadded base64 argument of exactly `length` bytes.
    static func decodeArgument(_ text: String, length: Int, what: String) throws -> [UInt8] {
        guard let bytes = Base64.decode(text), bytes.count == length else {
            throw AgeError.malformedHeader("\(what) is not \(length) bytes of canonical base64")
        }
        return bytes
    }
}
