import Foundation

/// One line of `evault exports`: what went to whom, when, with which hashes.
/// Stored encrypted in `state/exports.age`.
public struct ExportRecord: Codable, Equatable, Sendable {
    public var exportedAt: String
    public var to: [String]
    /// The file written, as given on the command line.
    public var file: String
    /// SHA-256 of the bundle file and of its signed manifest.
    public var bundleSHA256: String
    public var manifestSHA256: String
    public var linkable: Bool
    public var entries: [Item]

    public struct Item: Codable, Equatable, Sendable {
        public var id: String
        public var exported: String
        /// Kept in the vault only: the SHA-256 of the sealed original never goes out.
        public var originalSHA256: String
        public var fileSHA256: String?
        /// The commitment the manifest carried (absent for format-1 entries and old records).
        public var commitment: String?

        public init(id: String, exported: String, originalSHA256: String, fileSHA256: String?, commitment: String? = nil) {
            self.id = id
            self.exported = exported
            self.originalSHA256 = originalSHA256
            self.fileSHA256 = fileSHA256
            self.commitment = commitment
        }

        enum CodingKeys: String, CodingKey {
            case id, exported, commitment
            case originalSHA256 = "original_sha256", fileSHA256 = "file_sha256"
        }
    }

    enum CodingKeys: String, CodingKey {
        case to, file, linkable, entries
        case exportedAt = "exported_at", bundleSHA256 = "bundle_sha256", manifestSHA256 = "manifest_sha256"
    }
}

struct ExportLog: Codable {
    var version = 1
    var exports: [ExportRecord] = []
}

extension Vault {
    /// Every export made from this vault, oldest first.
    public func exportRecords() throws -> [ExportRecord] {
        try loadExportLog().exports
    }

    /// The export record the custody log says (section 8).
    func loadExportLog() throws -> ExportLog {
        ExportLog(exports: try custody.state().exports)
    }

    func appendExportRecord(_ record: ExportRecord) throws {
        var details = EventDetails()
        details.export = record
        try custody.record(NewEvent(kind: .export, details: details))
    }
}
