import EvaultCrypto

/// The entries sealed by one command: added to the index once at the end, and
/// the vault's SHA-256s, loaded once when first asked, so that a document
/// already sealed (earlier, or earlier in this run) is recognised.
struct SealBatch {
    private let vault: Vault
    private(set) var summaries: [EntrySummary] = []
    private var known: [String: [String]]?

    init(vault: Vault) { self.vault = vault }

    /// Ids of entries whose original has this SHA-256 (oldest first).
    mutating func entries(with digest: SHA256Digest) throws -> [String]? {
        if known == nil {
            var map: [String: [String]] = [:]
            for s in try vault.summaries().entries.sorted(by: { $0.metadata.sealedAt < $1.metadata.sealedAt }) {
                map[s.sha256, default: []].append(s.id)
            }
            known = map
        }
        return known?[digest.hex]
    }

    mutating func add(_ summary: EntrySummary) {
        summaries.append(summary)
        known?[summary.sha256, default: []].append(summary.id)
    }

    /// The index is a cache refreshed from entries/ on every load, so a failure
    /// to update it here loses nothing; the entries themselves are durable.
    func finish() {
        if !summaries.isEmpty { try? vault.addToIndex(summaries) }
    }
}
