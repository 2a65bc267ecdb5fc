import EvaultCrypto
import Foundation
import IdentityStripping

extension Vault {
    /// Upgrades a format-1 vault once: its entries, keep list, pseudonym
    /// registry, partners and export record become the first segment of this
    /// device's log. Writing that segment is the commit point; only then are the
    /// marker and vault.age rewritten and the old state files removed, so an
    /// interruption leaves either the old vault or one whose upgrade finishes on
    /// the next open.
    func upgradeIfNeeded() throws {
        let marker = (try? FileStream.openForReading(path: layout.marker).readToEnd(limit: 4096)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard marker.contains("\nformat: 1\n") else { return }
        try locked {
            if try LogStoreFiles.listing(layout).isEmpty { try seedLogFromFormat1() }
            try finishUpgrade(keysMode: marker.contains("keys: passphrase") ? "passphrase" : "keyfile")
        }
    }

    private func seedLogFromFormat1() throws {
        let keep = try legacyState("keep", [String].self) ?? []
        let registry = try legacyState("pseudonyms", PseudonymRegistry.self) ?? PseudonymRegistry()
        let partners = try legacyState("partners", PartnerList.self)?.partners ?? []
        let exports = try legacyState("exports", ExportLog.self)?.exports ?? []
        let entries = try summaries()
        if let bad = entries.damaged.first { throw VaultError.damagedEntry(id: bad.id, reason: bad.reason + " (the vault was not upgraded)") }
        try custody.batch {
            try custody.record(NewEvent(kind: .migration))
            for s in entries.entries {
                guard let id = EntryID(s.id), let digest = SHA256Digest(hex: s.sha256) else { continue }
                let at = Timestamp.parse(s.metadata.sealedAt) ?? Date()
                try recordEntry(s.metadata.origin == nil ? .seal : .import, id: id, member: s.metadata.content, sha256: digest,
                                salt: s.metadata.salt, at: at)
            }
            for name in keep {
                var d = EventDetails()
                d.name = name
                try custody.record(NewEvent(kind: .keepAdd, details: d))
            }
            for (hash, pseudonym) in VaultState.assignments(of: registry).sorted(by: { $0.key < $1.key }) {
                var d = EventDetails()
                d.hash = hash
                d.pseudonym = pseudonym
                try custody.record(NewEvent(kind: .pseudonym, details: d))
            }
            for p in partners {
                var d = EventDetails()
                d.partner = p
                try custody.record(NewEvent(kind: .partnerAdd, details: d))
            }
            for r in exports {
                var d = EventDetails()
                d.export = r
                try custody.record(NewEvent(kind: .export, details: d))
            }
        }
    }

    private func finishUpgrade(keysMode: String) throws {
        if let data = try readState(at: layout.vaultInfo), var info = try? JSONCoding.decode(VaultInfo.self, from: Array(data)) {
            info.format = Vault.currentFormat
            try writeState(Data(try JSONEncoder().encode(info)), at: layout.vaultInfo)
        }
        try AtomicFile.write(Array(Vault.marker(keys: keysMode).utf8), to: layout.marker)
        for name in ["keep", "pseudonyms", "partners", "exports"] { FileSystem.remove(layout.stateFile(name)) }
        rmdir(layout.state)
    }

    private func legacyState<T: Decodable>(_ name: String, _ type: T.Type) throws -> T? {
        guard let data = try readState(at: layout.stateFile(name)) else { return nil }
        do { return try JSONCoding.decode(type, from: Array(data)) } catch {
            throw VaultError.damagedVaultFile(name: name + ".age", reason: "cannot be read for the upgrade to format 2")
        }
    }
}
