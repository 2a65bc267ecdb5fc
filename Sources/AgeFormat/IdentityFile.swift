import EvaultCrypto

/// age identity files: one "AGE-SECRET-KEY-1…" per line; lines starting with
/// "#" and blank lines are skipped. Parsed from secret storage, line by line,
/// so the keys never become Strings.
public enum AgeIdentityFile {
    public static func parse(_ text: SecureBytes) throws -> [AgeX25519Identity] {
        var identities = [AgeX25519Identity]()
        try text.withUnsafeBytes { all in
            var lineNumber = 0
            var start = 0
            while start < all.count {
                lineNumber += 1
                var end = start
                while end < all.count && all[end] != UInt8(ascii: "\n") { end += 1 }
                var contentEnd = end
                if contentEnd > start && all[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
                let line = UnsafeRawBufferPointer(rebasing: all[start..<contentEnd])
                start = end + 1
                if line.isEmpty || line[0] == UInt8(ascii: "#") { continue }
                do {
                    identities.append(try AgeX25519Identity(parsingASCII: line))
                } catch {
                    throw AgeError.invalidIdentityFile(line: lineNumber)
                }
            }
        }
        guard !identities.isEmpty else { throw AgeError.noIdentitiesInFile }
        return identities
    }
}
