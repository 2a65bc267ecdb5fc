/// What a replaced span was: a person (declared or detected) or one of the
/// detected identifier kinds. Every detector can be switched off by its kind.
public enum IdentifierKind: String, CaseIterable, Codable, Sendable {
    case person, email, phone, handle, iban, card, ip, gps
    /// Passport, ID, case and serial numbers found after a cue word.
    case document
    case birthDate
    case address

    /// The word shown inside a bracketed pseudonym such as `[phone 7QK2]`.
    var label: String {
        switch self {
        case .person: return "person"
        case .email: return "email"
        case .phone: return "phone"
        case .handle: return "handle"
        case .iban: return "iban"
        case .card: return "card"
        case .ip: return "ip"
        case .gps: return "location"
        case .document: return "document"
        case .birthDate: return "birth date"
        case .address: return "address"
        }
    }
}
