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
        let salt = entrySalt ?? CommitmentSalt.random()
        var details = EventDetails()
        details.entrySalt = salt.hex
        let commitment = Commitment(memberSalt: salt.memberSalt(member), sha256: sha256)
        try custody.record(NewEvent(kind: kind, at: at, entry: id.rawValue, commitment: commitment.hex, details: details))
    }

    /// Runs `body` as one command: its events become one log segment.
    public func asOneCommand<T>(_ body: () throws -> T) throws -> T {
        try custody.batch(body)
    }
}
