/// Redacts identities in document text. The vault supplies one built from the seal's
/// declared identities; this library never sees the names themselves.
public protocol TextRedactor {
    func redact(_ text: String) -> RedactedText
}

/// Redacted text and how many replacements were made in it.
public struct RedactedText: Equatable, Sendable {
    public var text: String
    public var replacements: Int

    public init(text: String, replacements: Int) {
        self.text = text
        self.replacements = replacements
    }
}
