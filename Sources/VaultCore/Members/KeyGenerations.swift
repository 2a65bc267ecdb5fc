import AgeFormat
import EvaultCrypto

/// Generations of the vault's keys. Removing a member retires the current age
/// identity, signing key and (derived from the identity) entry-authentication
/// key; files written before stay under the generation that wrote them, and are
/// read with it. The pseudonym key is the same in every generation.
extension Vault {
    /// Every generation's keys, newest first.
    var keyrings: [Keyring] { [keyring] + retired.reversed() }

    /// The number of the current generation (1 until the first removal).
    public var keyGeneration: Int { retired.count + 1 }

    /// The generation whose identity opens this age file's header; the current
    /// one when none does (its error then names the problem).
    func keyring(opening sealed: [UInt8]) -> Keyring {
        guard !retired.isEmpty else { return keyring }
        for k in keyrings {
            do {
                _ = try AgeReader(input: MemorySource(sealed), identities: [k.identity])
                return k
            } catch AgeError.noIdentityMatched {
                continue
            } catch {
                return keyring
            }
        }
        return keyring
    }

    /// Like `keyring(opening:)`, reading only the header of the file at `path`.
    func keyring(openingFile path: String) -> Keyring {
        guard !retired.isEmpty else { return keyring }
        for k in keyrings {
            guard let file = try? FileStream.openForReading(path: path) else { return keyring }
            do {
                _ = try AgeReader(input: file, identities: [k.identity])
                return k
            } catch AgeError.noIdentityMatched {
                continue
            } catch {
                return keyring
            }
        }
        return keyring
    }

    /// This machine's memory of the vault, saved under whichever generation was current then.
    func loadDeviceMemory() throws -> DeviceMemory? {
        var failure: Error?
        for k in keyrings {
            do { return try DeviceMemory.load(vaultID: vaultID, keyring: k) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
        return nil
    }
}

extension Vault {
    /// Whether index.age was written under a retired generation: a stale cache
    /// to rebuild, not damage. (It is never read under retired keys: a removed
    /// member could have written it.)
    func indexIsUnderRetiredKeys() -> Bool {
        guard !retired.isEmpty, let sealed = try? Vault.readSmallFile(layout.index, name: "index.age") else { return false }
        return keyring(opening: sealed).recipient != keyring.recipient
    }
}
