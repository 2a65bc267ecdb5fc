/// Where each file of a vault lives. Nothing in a name reveals content:
/// entries are named by random ids, state files by fixed names.
///
///     EVAULT              marker: format version and how keys are held (no secrets)
///     keys.age            the key file, age-encrypted under the passphrase (scrypt); absent with --keyfile
///     vault.age           public keys, encrypted to the vault: proves a key file belongs here
///     entries/ID.age      one immutable age file per entry
///     index.age           encrypted cache of entry metadata, rebuilt from entries
///     state/*.age         encrypted keep list, pseudonym registry, partners, export record
///     tmp/                partial writes (ciphertext only), removed when their writer is gone
///     log/WRITER/N.age    the custody log: one write-once segment per command per device
///     keys/WRITER.age     passphrase vaults: the key file under a passphrase set on that device
///     lock                advisory lock for read-modify-write of shared state
public struct VaultLayout: Sendable {
    public let root: String

    public init(root: String) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    var marker: String { path("EVAULT") }
    var keys: String { path("keys.age") }
    var vaultInfo: String { path("vault.age") }
    var entries: String { path("entries") }
    var index: String { path("index.age") }
    var state: String { path("state") }
    var tmp: String { path("tmp") }
    var lock: String { path("lock") }
    var log: String { path("log") }
    var keysDirectory: String { path("keys") }

    func logWriter(_ writer: String) -> String { FilePathText.join(log, writer) }
    func logSegment(writer: String, seq: Int) -> String { FilePathText.join(logWriter(writer), LogSegment.fileName(seq)) }
    func writerKeys(_ writer: String) -> String { FilePathText.join(keysDirectory, writer + ".age") }

    func entry(_ id: EntryID) -> String { FilePathText.join(entries, id.rawValue + ".age") }
    func stateFile(_ name: String) -> String { FilePathText.join(state, name + ".age") }

    private func path(_ name: String) -> String { FilePathText.join(root, name) }
}
