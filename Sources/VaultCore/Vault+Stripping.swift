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
        guard let data = try readState(at: layout.stateFile("keep")) else { return [] }
        return try JSONCoding.decode([String].self, from: Array(data))
    }

    public func addToKeepList(_ names: [String]) throws {
        try locked {
            var list = try keepList()
            for name in names where !list.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
                list.append(name)
            }
            try writeState(Data(try JSONCoding.encode(list.sorted())), at: layout.stateFile("keep"))
        }
    }

    /// Removes names; returns those that were not on the list.
    public func removeFromKeepList(_ names: [String]) throws -> [String] {
        try locked {
            var list = try keepList()
            var missing: [String] = []
            for name in names {
                let before = list.count
                list.removeAll { $0.caseInsensitiveCompare(name) == .orderedSame }
                if list.count == before { missing.append(name) }
            }
            try writeState(Data(try JSONCoding.encode(list)), at: layout.stateFile("keep"))
            return missing
        }
    }

    // MARK: Pseudonym registry

    func loadRegistry() throws -> PseudonymRegistry {
        guard let data = try readState(at: layout.stateFile("pseudonyms")) else { return PseudonymRegistry() }
        return try JSONDecoder().decode(PseudonymRegistry.self, from: data)
    }

    func saveRegistry(_ registry: PseudonymRegistry) throws {
        try writeState(Data(try JSONCoding.encode(registry, pretty: false)), at: layout.stateFile("pseudonyms"))
    }
}
