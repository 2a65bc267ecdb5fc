/// Everything the vault can refuse, each with one line a journalist can act on.
/// Messages never contain secrets, plaintext, or a real name.
public enum VaultError: Error, Equatable, CustomStringConvertible {
    case notAVault(path: String)
    case vaultExists(path: String)
    case wrongPassphrase
    case wrongKeyFile(path: String)
    case exampleKeys(path: String)
    case malformedKeyFile(path: String, reason: String)
    case keysNotInVault
    case noUnlockMethod
    case unknownEntry(String)
    case ambiguousEntry(String, matches: Int)
    case damagedEntry(id: String, reason: String)
    case unreadableInput(path: String, reason: String)
    case inputChanged(path: String)
    case outputExists(path: String)
    case cannotWrite(path: String, reason: String)
    case invalidArgument(String)
    case damagedVaultFile(name: String, reason: String)
    case noRedactedForm(id: String)
    case tooLarge(what: String, limit: Int)

    public var description: String {
        switch self {
        case .notAVault(let path):
            return "\(path) is not an evault vault (no EVAULT marker); create one with `evault init`"
        case .vaultExists(let path):
            return "\(path) already holds a vault or other files; choose an empty or new directory"
        case .wrongPassphrase:
            return "wrong passphrase: it does not open this vault's keys"
        case .wrongKeyFile(let path):
            return "the key file \(path) does not open this vault"
        case .exampleKeys(let path):
            return "\(path) holds the published example keys from keys.example; create real keys with `evault init --keyfile PATH`"
        case let .malformedKeyFile(path, reason):
            return "\(path) is not an evault key file: \(reason)"
        case .keysNotInVault:
            return "this vault keeps its keys in a separate key file: unlock with --keyfile PATH or EVAULT_KEYFILE"
        case .noUnlockMethod:
            return "no way to unlock the vault: give --keyfile PATH, --passphrase-file PATH (or EVAULT_KEYFILE, EVAULT_PASSPHRASE_FILE), or run on a terminal to be asked"
        case .unknownEntry(let id):
            return "no entry with id \(id)"
        case let .ambiguousEntry(prefix, matches):
            return "id prefix \(prefix) matches \(matches) entries; type more characters"
        case let .damagedEntry(id, reason):
            return "entry \(id) is damaged: \(reason)"
        case let .unreadableInput(path, reason):
            return "cannot read \(path): \(reason)"
        case .inputChanged(let path):
            return "\(path) changed size while it was being sealed; nothing was stored"
        case .outputExists(let path):
            return "\(path) already exists; use --force to overwrite"
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason)"
        case .invalidArgument(let message):
            return message
        case let .damagedVaultFile(name, reason):
            return "vault file \(name) is damaged: \(reason)"
        case .noRedactedForm(let id):
            return "entry \(id) has no redacted form (binary document); open the original instead"
        case let .tooLarge(what, limit):
            return "\(what) is larger than \(limit / (1 << 20)) MiB"
        }
    }
}
