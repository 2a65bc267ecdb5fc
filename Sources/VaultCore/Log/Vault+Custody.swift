import EvaultCrypto
import Foundation

extension Vault {
    /// Logs a new entry: the leaf names it by id and by the commitment to its
    /// content member; the entry salt that opens the commitment stays in the
    /// encrypted details. `salt` is the entry's own `commitment_salt`, so the log
    /// and an export commit to the original with the same value (a format-1
    /// entry has none: a fresh salt is drawn).
    func recordEntry(_ kind: EventKind, id: EntryID, member: String, sha256: SHA256Digest,
                     salt entrySalt: CommitmentSalt? = nil, at: Date) throws {
        try custody.record(entryEvent(kind, id: id, member: member, sha256: sha256, salt: entrySalt, at: at))
    }

    /// The seal or import event of an entry (also used to adopt one, Vault+Adopt).
    func entryEvent(_ kind: EventKind, id: EntryID, member: String, sha256: SHA256Digest,
                    salt entrySalt: CommitmentSalt?, at: Date) -> NewEvent {
        let salt = entrySalt ?? CommitmentSalt.random()
        var details = EventDetails()
        details.entrySalt = salt.hex
        let commitment = Commitment(memberSalt: salt.memberSalt(member), sha256: sha256)
        return NewEvent(kind: kind, at: at, entry: id.rawValue, commitment: commitment.hex, details: details)
    }

    /// Runs `body` as one command: its events become one log segment.
    public func asOneCommand<T>(_ body: () throws -> T) throws -> T {
        try custody.batch(body)
    }
}
