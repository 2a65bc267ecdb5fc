import ArgumentParser
import Foundation
import EvaultCrypto
import VaultCore

/// Names read from a file or standard input instead of the command line, where
/// `ps` and the shell history would show them to anyone on the machine. The
/// path may be `-` (standard input) or `/dev/fd/N` (a shell pipe: the name never
/// touches the disk). Errors name the option, never the content.
enum NameInput {
    static let limit = 16 << 20

    /// The text of `path`: UTF-8, no NUL bytes, not blank.
    static func text(_ path: String, option: String) throws -> String {
        var bytes: [UInt8]
        let label = path == "-" ? "standard input (\(option))" : path
        do {
            let source = path == "-" ? FileStream(descriptor: 0) : try FileStream.openForReading(path: path)
            bytes = try source.readToEnd(limit: limit)
        } catch ByteStreamError.inputTooLarge {
            throw VaultError.tooLarge(what: label, limit: limit)
        } catch {
            throw VaultError.unreadableInput(path: label, reason: "cannot read the \(option) input")
        }
        defer { wipe(&bytes) }
        if bytes.contains(0) { throw VaultError.unreadableInput(path: label, reason: "\(option) input is binary, not a text of names") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw VaultError.unreadableInput(path: label, reason: "\(option) input is not UTF-8 text")
        }
        guard !text.allSatisfy(\.isWhitespace) else { throw VaultError.unreadableInput(path: label, reason: "\(option) input is empty") }
        return text
    }

    /// One name: the first non-blank line of `path`, trimmed.
    static func name(_ path: String, option: String) throws -> String {
        let text = try text(path, option: option)
        let line = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        return line.trimmingCharacters(in: .whitespaces)
    }

    /// At most one input of a command may read standard input.
    static func checkOneStdin(_ inputs: [String?]) throws {
        if inputs.compactMap({ $0 }).filter({ $0 == "-" }).count > 1 {
            throw ValidationError("only one input can read standard input (-)")
        }
    }
}
