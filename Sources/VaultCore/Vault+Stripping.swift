import EvaultCrypto
import Foundation
import IdentityStripping

/// The seam between the vault and identity stripping: the vault supplies the
/// pseudonym key, its keep list and its pseudonym registry; the stripper
/// works on text alone.
extension Vault {
    var pseudonymizer: Pseudonymizer {
        // The key's length is checked when the keyring is built.
        guard let key = try? PseudonymKey(keyring.pseudonymKey) else {
            preconditionFailure("keyring holds a 32-byte pseudonym key")
        }
        return Pseudonymizer(key: key)
    }

    /// Strips `text` with the vault's key, keep list and registry, recording any
    /// new pseudonyms (only keyed hashes and pseudonyms are stored, never names).
    /// With `persist: false` (the `strip` command) nothing at all is written.
    public func strip(_ text: String, options: SealOptions, persist: Bool = true) throws -> StripResult {
        let run = { () throws -> StripResult in
            var registry = try self.loadRegistry()
            let stripOptions = StripOptions(declared: options.identities, keep: try self.keepList() + options.keep,
                                            disabled: options.disabledDetectors, witness: options.witness, level: options.level)
            let result = IdentityStripper(pseudonymizer: self.pseudonymizer, options: stripOptions).strip(text, registry: &registry)
            if persist { try self.saveRegistry(registry) }
            return result
        }
        return persist ? try locked(run) : try run()
    }

    /// The pseudonym the vault gives a declared person (the witness form when `witness` is set).
    public func witnessPseudonym(_ identity: DeclaredIdentity) throws -> String {
        try locked {
            var registry = try loadRegistry()
            let p = pseudonymizer.witnessPseudonym(for: identity.name, registry: &registry)
            try saveRegistry(registry)
            return p
        }
    }

    /// The pseudonym of a person named `name` in this vault, for `who` and `list --who`.
    public func pseudonym(of name: String) throws -> String {
        let hash = pseudonymizer.hash(of: name, kind: .person)
        if let known = try loadRegistry().pseudonym(forHash: hash) { return known }
        return pseudonymizer.pseudonymWithoutRegistry(for: name, kind: .person)
    }

    // MARK: Keep list

    public func keepList() throws -> [String] {
        try custody.state().keep
    }

    public func addToKeepList(_ names: [String]) throws {
        try locked {
            try custody.batch {
                var list = try keepList()
                for name in names where !list.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
                    var d = EventDetails()
                    d.name = name
                    try custody.record(NewEvent(kind: .keepAdd, details: d))
                    list.append(name)
                }
            }
        }
    }

    /// Removes names; returns those that were not on the list.
    public func removeFromKeepList(_ names: [String]) throws -> [String] {
        try locked {
            try custody.batch {
                let list = try keepList()
                var missing: [String] = []
                for name in names {
                    guard let found = list.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
                        missing.append(name)
                        continue
                    }
                    var d = EventDetails()
                    d.name = found
                    try custody.record(NewEvent(kind: .keepRemove, details: d))
                }
                return missing
            }
        }
    }

    // MARK: Pseudonym registry

    func loadRegistry() throws -> PseudonymRegistry {
        try custody.state().registry
    }

    /// Records every assignment `registry` has that the log does not (keyed hashes and pseudonyms only).
    func saveRegistry(_ registry: PseudonymRegistry) throws {
        let known = try custody.state().registryByHash
        let new = VaultState.assignments(of: registry).filter { known[$0.key] == nil }
        guard !new.isEmpty else { return }
        try custody.batch {
            for (hash, pseudonym) in new.sorted(by: { $0.key < $1.key }) {
                var d = EventDetails()
                d.hash = hash
                d.pseudonym = pseudonym
                try custody.record(NewEvent(kind: .pseudonym, details: d))
            }
        }
    }
}
