import ArgumentParser
import EvaultCrypto
import VaultCore

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Write the custody log's signed checkpoints, to publish or hand to an editor or partner.",
        discussion: """
        One C2SP tlog-checkpoint per device log (origin evault/VAULT-ID/DEVICE-ID), signed with the \
        vault's Ed25519 key (the minisign key `evault keys show` prints). Keep it: `evault verify \
        --checkpoint FILE` later proves the log was only appended to since.

        With --tsa URL (repeatable), evault asks each RFC 3161 time-stamp authority to stamp the \
        SHA-256 of the checkpoints' text without their signature lines (the TSA certificate is \
        requested) and keeps each whole reply beside the checkpoint as FILE.tsr, FILE.2.tsr, …; \
        check one with `openssl ts -verify -digest HEX -in FILE.tsr -CAfile TSA-CA.pem`. A TSA learns \
        your network address and the time you asked, never anything about the vault's contents. \
        evault contacts no network unless --tsa is given.
        """
    )

    @OptionGroup var unlock: UnlockOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the checkpoint here (new file) instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("An RFC 3161 time-stamp authority (http://…); repeatable. Needs -o.", valueName: "URL"))
    var tsa: [String] = []

    func validate() throws {
        if !tsa.isEmpty && output == nil { throw ValidationError("--tsa needs -o FILE: the replies are kept beside it") }
    }

    func run() throws {
        let text = try unlock.unlock().checkpointText()
        var replies: [(String, [UInt8])] = []
        let digest = TimeStampRequest.digest(ofCheckpointFile: text)
        for (i, url) in tsa.enumerated() {
            let reply = try HTTPPost.post(url, body: TimeStampRequest.der(sha256: digest), contentType: "application/timestamp-query")
            guard reply.first == 0x30 else { throw CommandFailure("\(url) did not answer with a time-stamp reply") }
            replies.append(((output ?? "") + (i == 0 ? ".tsr" : ".\(i + 1).tsr"), reply))
        }
        try CustodyOutput.write(text, to: output)
        for (path, reply) in replies {
            try Vault.writePublicFile(reply, to: path)
            Terminal.note("wrote \(path) (RFC 3161 reply over sha256 \(digest.hex))")
        }
    }
}

/// Reads a small text file given on the command line (a checkpoint).
enum CheckpointInput {
    static func read(_ path: String) throws -> String {
        let bytes: [UInt8]
        do { bytes = try FileStream.openForReading(path: path).readToEnd(limit: 1 << 20) } catch {
            throw VaultError.unreadableInput(path: path, reason: "cannot read it (or larger than 1 MiB)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw VaultError.unreadableInput(path: path, reason: "not a checkpoint (not UTF-8 text)")
        }
        return text
    }
}
