/// What member management can refuse: one line each, nothing changed.
public enum MemberError: Error, Equatable, CustomStringConvertible {
    case badName(String)
    case exists(String)
    case unknown(String)
    case lastMember(String)
    case removingYourself(String)
    case invalidRecipient(String)
    case invalidMinisignKey(String)
    case notAMember(path: String)
    case removed(path: String)

    public var description: String {
        switch self {
        case .badName:
            return "a member name is 1 to 64 letters, digits, '-', '_' or '.'"
        case .exists(let name):
            return "\(name) is already a member of this vault; nothing was changed"
        case .unknown(let name):
            return "\(name) is not a member of this vault; `evault member list` shows the members"
        case .lastMember(let name):
            return "\(name) is the last member: removing them would lock everyone out; add another member first"
        case .removingYourself(let name):
            return "you are \(name): removing yourself needs another member to remain; add one first, or let another member remove you"
        case .invalidRecipient(let why):
            return "invalid age recipient (expected age1…): \(why); nothing was changed"
        case .invalidMinisignKey(let why):
            return "invalid minisign public key (expected RW… or a .pub file): \(why); nothing was changed"
        case .notAMember(let path):
            return "the key file \(path) is not a member's key of this vault (no key slot opens with it)"
        case .removed(let path):
            return "the key file \(path) belongs to a member who was removed from this vault (its key slot holds only older keys; if it was just added on another laptop, wait for the sync)"
        }
    }
}
