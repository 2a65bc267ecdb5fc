import EvaultCrypto
import IdentityStripping

/// A fixed key so expectations are reproducible.
func fixedKey(_ byte: UInt8 = 7) -> PseudonymKey {
    // Force-try is acceptable in tests: the input is a constant 32 bytes.
    try! PseudonymKey(SecureBytes(copying: [UInt8](repeating: byte, count: 32)))
}

func strip(_ text: String, declared: [String] = [], keep: [String] = [], disabled: Set<IdentifierKind> = [],
           witness: String? = nil, key: PseudonymKey = fixedKey()) -> StripResult {
    let options = StripOptions(declared: declared.map { try! DeclaredIdentity(parsing: $0) }, keep: keep, disabled: disabled,
                               witness: witness.map { try! DeclaredIdentity(parsing: $0) })
    var registry = PseudonymRegistry()
    return IdentityStripper(pseudonymizer: Pseudonymizer(key: key), options: options).strip(text, registry: &registry)
}

/// The input text of each replacement, cut by its scalar offsets.
func replacedSpans(_ text: String, _ result: StripResult) -> [String] {
    let scalars = Array(text.unicodeScalars)
    return result.replacements.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
}

func personPseudonym(_ name: String, key: PseudonymKey = fixedKey()) -> String {
    Pseudonymizer(key: key).pseudonymWithoutRegistry(for: name, kind: .person)
}
