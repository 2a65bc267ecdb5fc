/// Media types by file extension: enough to label evidence in listings and
/// to decide which documents are text that can be stripped.
enum MediaType {
    private static let byExtension: [String: String] = [
        "txt": "text/plain", "md": "text/markdown", "html": "text/html", "htm": "text/html",
        "eml": "message/rfc822", "csv": "text/csv", "json": "application/json", "xml": "application/xml",
        "pdf": "application/pdf", "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt": "application/vnd.oasis.opendocument.text", "rtf": "application/rtf",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
        "heic": "image/heic", "webp": "image/webp", "tif": "image/tiff", "tiff": "image/tiff",
        "mp4": "video/mp4", "mov": "video/quicktime", "mkv": "video/x-matroska", "webm": "video/webm",
        "mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "opus": "audio/opus", "wav": "audio/wav",
        "zip": "application/zip", "tar": "application/x-tar", "gz": "application/gzip", "7z": "application/x-7z-compressed",
    ]

    /// Text documents that get a stripped version next to the original.
    static let strippableExtensions: Set<String> = ["txt", "md", "html", "htm", "eml"]

    static func fileExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    static func of(name: String) -> String {
        byExtension[fileExtension(name)] ?? "application/octet-stream"
    }

    static func isStrippableText(name: String) -> Bool {
        strippableExtensions.contains(fileExtension(name))
    }
}
