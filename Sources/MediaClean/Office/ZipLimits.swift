/// Bounds that keep a hostile zip (a zip bomb, or millions of members) from
/// exhausting memory or time. Office documents are far below all of them.
enum ZipLimits {
    static let archiveBytes = 256 << 20
    static let members = 10_000
    static let memberBytes = 256 << 20
    static let totalBytes = 1 << 30
    /// Real documents compress XML about 10:1; bombs go past 1000:1.
    static let ratio = 200
    /// Ratios are only checked on members big enough to matter.
    static let ratioFloor = 1 << 20
    /// Nested documents (a spreadsheet inside a Word file) are cleaned this deep.
    static let nesting = 2
}
