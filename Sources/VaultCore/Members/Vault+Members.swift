import AgeFormat
import EvaultCrypto
import Foundation
import Minisign

/// The member who unlocked the vault with their personal key.
public struct ActingMember: Sendable {
    public let id: String
    public let key: PersonalKey
}

extension VaultLayout {
    var members: String { FilePathText.join(root, "members") }
    func memberSlot(_ id: String) -> String { FilePathText.join(members, id + ".age") }
}

extension LockedVault {
    /// Unlocks with a member's personal key: the key slot that opens with it
    /// holds the vault's keys; the custody log must still list that member.
    func unlock(member key: PersonalKey, path: String) throws -> Vault {
        for id in MemberSlot.ids(layout) {
            let slotPath = layout.memberSlot(id)
            let sealed = try Vault.readSmallFile(slotPath, name: "members/\(id).age")
            guard let contents = try MemberSlot.open(sealed, identity: key.identity, name: "members/\(id).age") else { continue }
            let keyring = try KeyFile.decode(contents, path: "members/\(id).age")
            let vault = Vault(layout: layout, keyring: keyring)
            _ = try vault.readState(at: layout.vaultInfo)
            try vault.upgradeIfNeeded()
            guard let record = try vault.memberRoster().member(id: id), record.ageRecipient == key.recipient.encoded else {
                throw MemberError.removed(path: path)
            }
            vault.acting = ActingMember(id: id, key: key)
            return vault
        }
        throw MemberError.notAMember(path: path)
    }
}

extension Vault {
    /// The members the custody log says, sorted by name.
    public func members() throws -> [MemberRecord] {
        try memberRoster().members.sorted { $0.name < $1.name }
    }

    func memberRoster() throws -> MemberRoster {
        MemberRoster(events: try custody.logs().values.flatMap(\.events))
    }

    /// Adds a member: writes their key slot (the vault's keys, encrypted to their
    /// recipient) and a `member-add` event. No entry file is touched.
    @discardableResult
    public func addMember(name: String, ageRecipient: String, minisignPublicKey: String, now: Date = Date()) throws -> MemberRecord {
        guard MemberRecord.isValidName(name) else { throw MemberError.badName(name) }
        let recipient: AgeX25519Recipient
        do { recipient = try AgeX25519Recipient(parsing: ageRecipient.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
            throw MemberError.invalidRecipient("\(error)")
        }
        let minisign: MinisignPublicKey
        do { minisign = try MinisignPublicKey(parsing: minisignPublicKey) } catch {
            throw MemberError.invalidMinisignKey("\(error)")
        }
        let record = MemberRecord(id: MemberRecord.newID(), name: name, ageRecipient: recipient.encoded,
                                  minisignPublicKey: minisign.base64, addedAt: Timestamp.format(now))
        try locked {
            let roster = try memberRoster()
            if roster.member(named: name) != nil { throw MemberError.exists(name) }
            if let same = roster.members.first(where: { $0.ageRecipient == record.ageRecipient }) {
                throw MemberError.exists("\(name)'s key (it is \(same.name)'s key)")
            }
            let slot = try MemberSlot.seal(vaultKeyFile: KeyFile.encode(keyring, created: record.addedAt), to: recipient)
            try FileSystem.makeDirectory(layout.members)
            try AtomicFile.write(slot, to: layout.memberSlot(record.id), replace: false)
            var details = EventDetails()
            details.member = record
            do { try custody.record(NewEvent(kind: .memberAdd, at: now, details: details)) } catch {
                FileSystem.remove(layout.memberSlot(record.id))
                throw error
            }
        }
        return record
    }

    /// Removes a member: their key slot goes and a `member-remove` event is
    /// logged. The vault's keys are NOT rotated yet (see FORMAT.md "Members and
    /// key slots"): a removed member who kept a copy of their slot can still
    /// open everything.
    @discardableResult
    public func removeMember(name: String, reencrypt: Bool) throws -> MemberRecord {
        if reencrypt { throw MemberError.notImplemented("member remove --reencrypt (rewriting every file under new keys)") }
        return try locked {
            let roster = try memberRoster()
            guard let record = roster.member(named: name) else { throw MemberError.unknown(name) }
            if acting?.id == record.id, roster.members.count == 1 { throw MemberError.removingYourself(name) }
            if roster.members.count == 1 { throw MemberError.lastMember(name) }
            var details = EventDetails()
            details.member = record
            try custody.record(NewEvent(kind: .memberRemove, details: details))
            FileSystem.remove(layout.memberSlot(record.id))
            return record
        }
    }

    /// Signs an event about to be logged as the acting member: Ed25519 over the
    /// event's kind, time, writer, salt, entry, commitment and details digest
    /// (FORMAT.md "Members and key slots").
    func signAsMember(_ details: inout EventDetails, kind: EventKind, at: String, writer: String, salt: [UInt8],
                      entry: String?, commitment: String?) throws {
        guard let acting else { return }
        details.by = acting.id
        details.signature = nil
        let message = try MemberSignature.message(details, kind: kind, at: at, writer: writer, salt: salt, entry: entry, commitment: commitment)
        details.signature = Base64.encode(acting.key.signingKey.signature(for: message), padded: true)
    }
}

/// What a member's signature on a log event covers.
enum MemberSignature {
    static func message(_ details: EventDetails, kind: EventKind, at: String, writer: String, salt: [UInt8],
                        entry: String?, commitment: String?) throws -> [UInt8] {
        var unsigned = details
        unsigned.signature = nil
        let body = try JSONCoding.encode(unsigned, pretty: false)
        var m = Array("evault-member-event/1\u{0}\(kind.rawValue)\u{0}\(at)\u{0}\(writer)\u{0}\(Hex.encode(salt))\u{0}".utf8)
        m += Array("\(entry ?? "")\u{0}\(commitment ?? "")\u{0}".utf8)
        m += SHA256Hasher.hash(body).bytes
        return m
    }

    /// The member who signed `event`, when the signature verifies under the key
    /// the log recorded for them (members ever added, removed ones included).
    static func signer(of event: LogEvent, among everyone: [String: MemberRecord]) -> MemberRecord? {
        guard let by = event.details.by, let record = everyone[by], let sig = event.details.signature,
              let signature = Base64.decode(Substring(sig), padded: true), let salt = Hex.decode(event.leaf.salt),
              let key = try? MinisignPublicKey(parsing: record.minisignPublicKey),
              let message = try? message(event.details, kind: event.leaf.kind, at: event.leaf.at, writer: event.leaf.writer,
                                         salt: salt, entry: event.leaf.entry, commitment: event.leaf.commitment),
              key.key.isValidSignature(signature, for: message) else { return nil }
        return record
    }
}
