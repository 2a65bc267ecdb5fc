/// What a clean copy dropped, in human categories ("GPS position", "author"), never the values.
public struct CleanReport: Codable, Equatable, Sendable {
    /// Categories removed, sorted and without repeats.
    public var removed: [String]
    /// Identities replaced in the text layer (PDF, Office).
    public var namesInText: Int
    /// 1-based PDF pages rebuilt as images because their text held a redaction.
    public var rasterisedPages: [Int]
    /// What may carry identifying data but was knowingly left in place (H.264/H.265
    /// SEI user data inside the video frames), in human categories.
    public var kept: [String]

    public init(removed: [String] = [], namesInText: Int = 0, rasterisedPages: [Int] = [], kept: [String] = []) {
        self.removed = removed
        self.namesInText = namesInText
        self.rasterisedPages = rasterisedPages
        self.kept = kept
    }

    enum CodingKeys: String, CodingKey { case removed, namesInText, rasterisedPages, kept }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        removed = try c.decode([String].self, forKey: .removed)
        namesInText = try c.decode(Int.self, forKey: .namesInText)
        rasterisedPages = try c.decode([Int].self, forKey: .rasterisedPages)
        kept = try c.decodeIfPresent([String].self, forKey: .kept) ?? []
    }

    /// One line for people: "GPS position, camera serial; 3 names in text".
    public var summary: String {
        var parts = [String]()
        if !removed.isEmpty { parts.append(removed.joined(separator: ", ")) }
        if namesInText > 0 { parts.append("\(namesInText) name\(namesInText == 1 ? "" : "s") in text") }
        if !rasterisedPages.isEmpty {
            parts.append("text layer removed on page\(rasterisedPages.count == 1 ? "" : "s") "
                + rasterisedPages.map(String.init).joined(separator: ", "))
        }
        if !kept.isEmpty { parts.append("kept: " + kept.joined(separator: ", ")) }
        return parts.isEmpty ? "nothing to remove" : parts.joined(separator: "; ")
    }
}

/// Collects categories while a cleaner runs.
struct ReportBuilder {
    private var categories = Set<String>()
    private var keptCategories = Set<String>()
    var namesInText = 0
    var rasterisedPages = [Int]()

    mutating func removed(_ category: String) { categories.insert(category) }
    mutating func kept(_ category: String) { keptCategories.insert(category) }

    var report: CleanReport {
        CleanReport(removed: categories.sorted(), namesInText: namesInText, rasterisedPages: rasterisedPages.sorted(),
                    kept: keptCategories.sorted())
    }
}
