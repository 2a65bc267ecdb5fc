import AgeFormat
import EvaultCrypto
import Foundation
import Minisign

/// The member who unlocked the vault with their personal key.
public struct ActingMember: Sendable {
    public let id: String
    public let key: PersonalKey
}

extension LockedVault {
    /// Unlocks with a member's personal key. Every key slot that opens with it
    /// contributes its generations of keys (two removals made concurrently on two
    /// laptops leave two slots); the current keys are those that open vault.age,
    /// and the custody log must still list the member.
    ///
    /// Slot file names are not trusted: a damaged slot is skipped; a slot anyone
    /// could have encrypted to the member's public recipient adds nothing unless
    /// it shares the vault's first generation (which only present or past key
    /// holders know; FORMAT.md "Members and key slots" says what that allows).
    func unlock(member key: PersonalKey, path: String) throws -> Vault {
        var failure: Error?
        var opened: [(slot: MemberSlot, keyrings: [Keyring])] = []
        for slot in MemberSlot.all(layout) {
            let name = "members/" + slot.fileName
            do {
                guard let contents = try MemberSlot.open(try Vault.readSmallFile(layout.memberSlot(slot), name: name),
                                                         identity: key.identity, name: name) else { continue }
                opened.append((slot, try MemberSlot.keyrings(from: contents, name: name)))
            } catch {
                failure = failure ?? error
            }
        }
        for (slot, keyrings) in opened {
            guard let current = keyrings.first, let first = keyrings.last else { continue }
            let vault = Vault(layout: layout, keyring: current)
            vault.retired = Array(keyrings.dropFirst().reversed())
            // vault.age under keys this slot lacks: the vault's keys were rotated when this member was removed.
            guard (try? vault.checkVaultInfo()) != nil else {
                failure = failure ?? MemberError.removed(path: path)
                continue
            }
            // Generations from concurrent removals, after the first generation (which the vault id is derived from).
            var known = Set(keyrings.map(\.recipient.encoded))
            for (_, other) in opened where keyrings.count > 1 && other.last?.recipient.encoded == first.recipient.encoded {
                for k in other.reversed() where known.insert(k.recipient.encoded).inserted { vault.retired.append(k) }
            }
            try vault.upgradeIfNeeded()
            guard let record = try vault.memberRoster().member(id: slot.id), record.ageRecipient == key.recipient.encoded else {
                throw MemberError.removed(path: path)
            }
            vault.acting = ActingMember(id: slot.id, key: key)
            return vault
        }
        throw failure ?? MemberError.notAMember(path: path)
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

    /// Checks that these keys are the vault's: vault.age, under whichever
    /// generation wrote it, authenticates (a slot anyone could have encrypted to
    /// a member's public recipient does not pass).
    func checkVaultInfo() throws {
        let sealed = try Vault.readSmallFile(layout.vaultInfo, name: "vault.age")
        let generation = keyring(opening: sealed)
        let reader: AgeReader
        do { reader = try AgeReader(input: MemorySource(sealed), identities: [generation.identity]) } catch {
            throw VaultError.damagedVaultFile(name: "vault.age", reason: "the key slot's keys do not open it")
        }
        let plain = try reader.readToEnd(limit: 1 << 20)
        guard plain.count >= Authenticator.tagLength,
              constantTimeEquals(Authenticator(keyring: generation).stateTag(name: "vault.age", content: Array(plain.dropLast(Authenticator.tagLength))),
                                 Array(plain.suffix(Authenticator.tagLength))) else {
            throw VaultError.damagedVaultFile(name: "vault.age", reason: "not written with the key slot's keys")
        }
    }

    /// Adds a member: writes their key slot (every generation of the vault's
    /// keys, encrypted to their recipient) and a `member-add` event. No entry
    /// file is touched.
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
            let slot = MemberSlot(id: record.id, generation: keyGeneration, keyring: keyring)
            try writeSlot(slot, to: recipient, created: record.addedAt)
            var details = EventDetails()
            details.member = record
            do { try custody.record(NewEvent(kind: .memberAdd, at: now, details: details)) } catch {
                FileSystem.remove(layout.memberSlot(slot))
                throw error
            }
        }
        return record
    }

    private func writeSlot(_ slot: MemberSlot, to recipient: AgeX25519Recipient, created: String) throws {
        let sealed = try MemberSlot.seal(MemberSlot.plaintext(keyrings, created: created), to: recipient)
        try FileSystem.makeDirectory(layout.members)
        try AtomicFile.write(sealed, to: layout.memberSlot(slot), replace: false)
    }

    /// Removes a member and rotates what they held and can abuse: a new age
    /// identity for new files, a new signing key (the old one signs a statement
    /// naming it, in the log) and so a new entry-authentication key. The
    /// remaining members get new key slots; the removed member's slots go. The
    /// pseudonym key stays: rotating it would change every pseudonym.
    @discardableResult
    public func removeMember(name: String, reencrypt: Bool, progress: ((Int, Int) -> Void)? = nil) throws -> MemberRecord {
        let record: MemberRecord = try locked {
            let roster = try memberRoster()
            guard let record = roster.member(named: name) else { throw MemberError.unknown(name) }
            if acting?.id == record.id, roster.members.count == 1 { throw MemberError.removingYourself(name) }
            if roster.members.count == 1 { throw MemberError.lastMember(name) }
            try rotateKeys(removing: record, remaining: roster.members.filter { $0.id != record.id })
            return record
        }
        if reencrypt { try reencryptAll(progress: progress) }
        return record
    }

    private func rotateKeys(removing record: MemberRecord, remaining: [MemberRecord]) throws {
        guard let infoData = try readState(at: layout.vaultInfo), var info = try? JSONCoding.decode(VaultInfo.self, from: Array(infoData)) else {
            throw VaultError.damagedVaultFile(name: "vault.age", reason: "cannot be read")
        }
        let old = keyring
        let oldSlots = MemberSlot.all(layout)
        let fresh = try Keyring(identity: .generate(), signingKey: Ed25519.PrivateKey(), pseudonymKey: old.pseudonymKey)
        let rotation = KeyRotation(vaultID: vaultID, generation: keyGeneration + 1, new: fresh, signedBy: old)
        retired.append(old)
        keyring = fresh
        let now = Timestamp.format(Date())
        var written: [MemberSlot] = []
        do {
            for m in remaining {
                let slot = MemberSlot(id: m.id, generation: keyGeneration, keyring: keyring)
                try writeSlot(slot, to: try AgeX25519Recipient(parsing: m.ageRecipient), created: now)
                written.append(slot)
            }
            try custody.batch {
                var removal = EventDetails()
                removal.member = record
                try custody.record(NewEvent(kind: .memberRemove, details: removal))
                var change = EventDetails()
                change.rotation = rotation
                try custody.record(NewEvent(kind: .keyRotation, details: change))
            }
        } catch {
            written.forEach { FileSystem.remove(layout.memberSlot($0)) }
            keyring = old
            retired.removeLast()
            throw error
        }
        // Committed: the log says it. Then the vault's public facts, then the old slots.
        info.recipient = fresh.recipient.encoded
        info.minisignPublicKey = fresh.minisignPublicKey.base64
        try writeState(Data(try JSONEncoder().encode(info)), at: layout.vaultInfo)
        for slot in oldSlots { FileSystem.remove(layout.memberSlot(slot)) }
        FileSystem.syncDirectory(layout.members)
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
