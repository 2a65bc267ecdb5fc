import AgeFormat
import EvaultCrypto
import Foundation
import Minisign

extension Vault {
    /// Every partner, sorted by name.
    public func partners() throws -> [Partner] {
        try loadPartnerList().partners.sorted { $0.name < $1.name }
    }

    public func partner(named name: String) throws -> Partner {
        guard let p = try loadPartnerList().partners.first(where: { $0.name == name }) else {
            throw ExportError.unknownPartner(name)
        }
        return p
    }

    /// Adds a partner after checking both keys parse. The recipient is stored in
    /// its canonical form; the minisign key as its one-line base64.
    @discardableResult
    public func addPartner(name: String, ageRecipient: String, minisignPublicKey: String?, now: Date = Date()) throws -> Partner {
        try Partner.validate(name: name)
        let recipient: AgeX25519Recipient
        do { recipient = try AgeX25519Recipient(parsing: ageRecipient.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
            throw ExportError.invalidRecipient("\(error)")
        }
        var minisign: MinisignPublicKey?
        if let minisignPublicKey {
            do { minisign = try MinisignPublicKey(parsing: minisignPublicKey) } catch {
                throw ExportError.invalidMinisignKey("\(error)")
            }
        }
        let partner = Partner(name: name, ageRecipient: recipient.encoded, minisignPublicKey: minisign?.base64,
                              addedAt: Timestamp.format(now), salt: Hex.encode(randomBytes(32)), pseudonyms: [:])
        try locked {
            let base = try loadPartnerList()
            var list = base
            if list.partners.contains(where: { $0.name == name }) { throw ExportError.partnerExists(name) }
            list.partners.append(partner)
            try savePartnerList(list, base: base)
        }
        return partner
    }

    /// Removes a partner. Its pseudonym salt goes with it: a partner added again
    /// under the same name gets new pseudonyms.
    public func removePartner(name: String) throws {
        try locked {
            let base = try loadPartnerList()
            var list = base
            guard list.partners.contains(where: { $0.name == name }) else { throw ExportError.unknownPartner(name) }
            list.partners.removeAll { $0.name == name }
            try savePartnerList(list, base: base)
        }
    }

    /// The partner list the custody log says.
    func loadPartnerList() throws -> PartnerList {
        PartnerList(partners: try custody.state().partners)
    }

    /// Records what the caller changed, `base` (the list it loaded) to `list`,
    /// as events. Never the difference from the log's list now: a sync tool may
    /// have brought another device's partners in between, and they are not
    /// this command's to remove (nor a partner removed meanwhile to add back).
    func savePartnerList(_ list: PartnerList, base: PartnerList) throws {
        let current = try custody.state().partners
        try custody.batch {
            for p in base.partners where !list.partners.contains(where: { $0.name == p.name && $0.salt == p.salt }) {
                var d = EventDetails()
                d.partnerName = p.name
                d.partnerSalt = p.salt
                d.partner = p
                try custody.record(NewEvent(kind: .partnerRemove, details: d))
            }
            for p in list.partners {
                if let old = current.first(where: { $0.name == p.name && $0.salt == p.salt }) {
                    let new = p.pseudonyms.filter { old.pseudonyms[$0.key] == nil }
                    guard !new.isEmpty else { continue }
                    var d = EventDetails()
                    d.partnerName = p.name
                    d.partnerSalt = p.salt
                    d.partnerPseudonyms = new
                    try custody.record(NewEvent(kind: .partnerPseudonyms, details: d))
                } else if !base.partners.contains(where: { $0.name == p.name && $0.salt == p.salt }) {
                    var d = EventDetails()
                    d.partner = p
                    try custody.record(NewEvent(kind: .partnerAdd, details: d))
                }
            }
        }
    }
}
