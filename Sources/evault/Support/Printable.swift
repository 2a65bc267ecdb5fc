/// Text from the user's files (names, paths) made safe for one terminal line:
/// control characters (escape sequences, newlines) become "?", and long text is cut.
enum Printable {
    static func line(_ text: String, limit: Int = 200) -> String {
        let safe = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .format ? "?" : $0
        }))
        return safe.count > limit ? String(safe.prefix(limit - 3)) + "..." : safe
    }
}
