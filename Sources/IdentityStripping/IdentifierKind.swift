/// What a replaced span was: a person (declared or detected) or one of the
/// detected identifier kinds. Every detector can be switched off by its kind.
public enum IdentifierKind: String, CaseIterable, Codable, Sendable {
    case person, email, phone, handle, iban, card, ip, gps
    /// Passport, ID, case and serial numbers found after a cue word.
    case document
    case birthDate
    case address
    /// Vehicle number plates.
    case vehicle
    /// Crypto-currency wallet addresses.
    case wallet
    /// Vehicle identification numbers.
    case vin
    /// SIM card serial numbers (ICCID).
    case iccid
    /// Network hardware (MAC) addresses.
    case mac
    // Quasi-identifiers, replaced only at level strict.
    /// Exact dates other than dates of birth.
    case date
    /// Capitalised names of places, organisations, units, nationalities.
    case entity
    /// Relatives named by their role ("his brother", "её дядя").
    case relative
    /// Numbers: ages, quantities, house and unit numbers.
    case number

    /// The kinds only `StripLevel.strict` replaces.
    public static let quasi: Set<IdentifierKind> = [.date, .entity, .relative, .number]

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
        case .vehicle: return "plate"
        case .wallet: return "wallet"
        case .vin: return "vin"
        case .iccid: return "sim"
        case .mac: return "mac"
        case .date: return "date"
        case .entity: return "name"
        case .relative: return "relative"
        case .number: return "number"
        }
    }
}
