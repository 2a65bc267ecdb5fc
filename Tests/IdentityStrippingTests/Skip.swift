import Foundation
import Testing

/// A test that cannot run says so through the test framework (Swift Testing's
/// cancellation, which reports it as skipped) with the reason: it never passes
/// silently. Under `CI=true` a missing interop tool fails the run instead.
enum Skip {
    struct MissingInteropTool: Error, CustomStringConvertible {
        let description: String
    }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Skips the running test (or test case) with `reason`.
    static func because(_ reason: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Never {
        try Test.cancel(Comment(rawValue: "skipped: \(reason)"), sourceLocation: sourceLocation)
    }

    /// An interop tool (age, minisign, exiftool, tar, ...) is missing: skipped
    /// locally, a failure under CI=true.
    static func missingTool(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Never {
        if isCI { throw MissingInteropTool(description: "\(what) is not installed, and CI=true requires every interop tool (make deps)") }
        try because("\(what) is not installed (make deps installs it)", sourceLocation: sourceLocation)
    }

    /// For `.enabled(if:)` traits: runs the test when the tool is there, and
    /// under CI=true even when it is not (so that it fails).
    static func toolTrait(_ path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: path) || isCI
    }
}
