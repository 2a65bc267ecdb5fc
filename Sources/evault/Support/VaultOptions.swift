import ArgumentParser
import EvaultCrypto
import Foundation
import IdentityStripping
import VaultCore

/// Where the vault is: shared by every command.
struct VaultLocationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The vault directory (default: $EVAULT_VAULT, else ~/.local/share/evault).", valueName: "DIR"))
    var vault: String?

    var path: String {
        if let vault { return vault }
        let env = ProcessInfo.processInfo.environment
        if let fromEnv = env["EVAULT_VAULT"], !fromEnv.isEmpty { return fromEnv }
        if let xdg = env["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/evault" }
        return (env["HOME"] ?? ".") + "/.local/share/evault"
    }
}

/// How to unlock: shared by every command that reads or writes entries.
struct UnlockOptions: ParsableArguments {
    @OptionGroup var location: VaultLocationOptions

    @Option(name: .long, help: ArgumentHelp("Unlock with this key file (default: $EVAULT_KEYFILE).", valueName: "PATH"))
    var keyfile: String?

    @Option(name: .long, help: ArgumentHelp("Read the passphrase from the first line of this file (default: $EVAULT_PASSPHRASE_FILE).", valueName: "PATH"))
    var passphraseFile: String?

    /// Finds and unlocks the vault, asking on the terminal as a last resort.
    func unlock() throws -> Vault {
        let vault = try UnlockOptions.unlock(location: location, keyfile: keyfile, passphraseFile: passphraseFile)
        for warning in vault.unlockWarnings + vault.specialFileWarnings() { Terminal.error("warning: \(warning)") }
        return vault
    }

    static func unlock(location: VaultLocationOptions, keyfile: String?, passphraseFile: String?) throws -> Vault {
        let locked = try LockedVault(path: location.path)
        let env = ProcessInfo.processInfo.environment
        if let keyfile, PersonalKey.isPassphraseProtected(path: keyfile) {
            return try locked.unlock(.protectedKeyFile(path: keyfile, passphrase: try PersonalKeyOption.passphrase(keyfile, passphraseFile)))
        }
        if let keyfile { return try locked.unlock(.keyFile(path: keyfile)) }
        if let passphraseFile { return try locked.unlock(.passphrase(try PassphraseSource.read(file: passphraseFile))) }
        if let k = env["EVAULT_KEYFILE"], !k.isEmpty { return try locked.unlock(.keyFile(path: k)) }
        if let p = env["EVAULT_PASSPHRASE_FILE"], !p.isEmpty {
            return try locked.unlock(.passphrase(try PassphraseSource.read(file: p)))
        }
        // Keys kept by `evault unlock --for`. A keyring the system blocks was reported by
        // `evault unlock` itself; here it only means asking, as without an unlock.
        var sessionProblem: SessionUnlockError?
        do { if let vault = try locked.unlockFromSession() { return vault } } catch SessionUnlockError.unavailable {
            sessionProblem = nil  // ask, as when nothing was kept
        } catch SessionUnlockError.expired {
            sessionProblem = .expired
        }
        guard locked.keysInVault else {
            throw sessionProblem == .expired ? SessionUnlockError.expired : VaultError.keysNotInVault
        }
        if let sessionProblem {
            guard Terminal.hasControllingTerminal else { throw sessionProblem }
            Terminal.error(sessionProblem.description)
        }
        guard let passphrase = Terminal.readPassphrase(prompt: "Passphrase for \(location.path): ") else {
            throw VaultError.noUnlockMethod
        }
        return try locked.unlock(.passphrase(passphrase))
    }
}

enum PassphraseSource {
    /// The first line of `file`, without its line ending. The file's bytes are wiped.
    static func read(file: String) throws -> SecureBytes {
        var bytes: [UInt8]
        do {
            bytes = try FileStream.openForReading(path: file).readToEnd(limit: 64 * 1024)
        } catch {
            throw VaultError.unreadableInput(path: file, reason: "cannot read the passphrase file")
        }
        defer { wipe(&bytes) }
        let line = bytes.firstIndex(of: UInt8(ascii: "\n")).map { Array(bytes[..<$0]) } ?? bytes
        var trimmed = line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : line
        defer { wipe(&trimmed) }
        guard !trimmed.isEmpty else { throw VaultError.invalidArgument("the passphrase file \(file) is empty") }
        return SecureBytes(copying: trimmed)
    }

    /// A new passphrase: from a file, or typed twice on the terminal.
    static func new(file: String?) throws -> SecureBytes {
        if let file { return try read(file: file) }
        if let env = ProcessInfo.processInfo.environment["EVAULT_PASSPHRASE_FILE"], !env.isEmpty {
            return try read(file: env)
        }
        guard let first = Terminal.readPassphrase(prompt: "New passphrase: "),
              let second = Terminal.readPassphrase(prompt: "Repeat passphrase: ") else {
            throw VaultError.noUnlockMethod
        }
        guard first.constantTimeEquals(second) else { throw VaultError.invalidArgument("the two passphrases differ; nothing was changed") }
        guard first.count >= 8 else { throw VaultError.invalidArgument("the passphrase is shorter than 8 characters; nothing was changed") }
        return first
    }
}

/// Identity-stripping options shared by `seal` and `strip`.
struct StrippingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A person to protect: \"Full Name\" or \"Full Name=Alias,Other Alias\". Repeatable. Prefer --identities FILE: arguments are visible to other local users (ps) and stay in the shell history.", valueName: "NAME"))
    var identity: [String] = []

    @Option(name: .long, help: ArgumentHelp("A file of people to protect, one per line, same syntax as --identity; - reads standard input, /dev/fd/N a pipe. Keeps names out of ps and the shell history.", valueName: "FILE"))
    var identities: String?

    @Option(name: .long, help: ArgumentHelp("A name to keep as it is (a public figure, an institution). Repeatable.", valueName: "NAME"))
    var keep: [String] = []

    @Option(name: .customLong("no-detect"), help: ArgumentHelp("Switch off a detector: \(IdentifierKindList.names). Repeatable.", valueName: "KIND"))
    var noDetect: [String] = []

    @Option(name: .long, help: ArgumentHelp("normal (direct identifiers) or strict (also dates, numbers, places, organisations, relatives).", valueName: "LEVEL"))
    var level: StripLevel = .normal

    func declared() throws -> [DeclaredIdentity] {
        var lines = identity
        if let identities {
            let text = try NameInput.text(identities, option: "--identities")
            lines += text.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
        }
        return try lines.map { try DeclaredIdentity(parsing: $0) }
    }

    func disabled() throws -> Set<IdentifierKind> {
        Set(try noDetect.map { name in
            guard let kind = IdentifierKind(rawValue: name) else {
                throw ValidationError("unknown detector '\(name)'; choose from \(IdentifierKindList.names)")
            }
            return kind
        })
    }

    func apply(to options: inout SealOptions) throws {
        options.identities = try declared()
        options.keep = keep
        options.disabledDetectors = try disabled()
        options.level = level
    }
}

enum IdentifierKindList {
    static var names: String { IdentifierKind.allCases.map(\.rawValue).joined(separator: ", ") }
}

extension StripLevel: ExpressibleByArgument {}
