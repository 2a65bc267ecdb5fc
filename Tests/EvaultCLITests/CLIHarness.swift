import Foundation
import Testing

/// Runs the built `evault` binary the way a user does, in a private temporary
/// directory, and captures exit status, standard output and standard error.
struct CLIHarness {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["EVAULT_BIN"] { return path }
        for config in ["debug", "release"] {
            let path = packageRoot.appendingPathComponent(".build/\(config)/evault").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot.appendingPathComponent(".build/debug/evault").path
    }

    /// Finds a system tool, or nil (tests then call `Skip.missingTool`).
    static func tool(_ name: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] {
            let path = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    let directory: URL
    var vault: String { directory.appendingPathComponent("vault").path }
    var keyfile: String { directory.appendingPathComponent("test.key").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("evault-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var out: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs evault with `--vault` and `--keyfile` set through the environment.
    @discardableResult
    func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws -> Result {
        var env = environment ?? ["EVAULT_VAULT": vault, "EVAULT_KEYFILE": keyfile]
        env["PATH"] = "/usr/bin:/bin"
        env["HOME"] = directory.path
        env["TMPDIR"] = directory.appendingPathComponent("tmp").path
        try FileManager.default.createDirectory(atPath: directory.appendingPathComponent("tmp").path, withIntermediateDirectories: true)
        return try CLIHarness.external(CLIHarness.binary, arguments, stdin: stdin, in: directory, environment: env)
    }

    /// Starts evault in the background (for concurrency and interruption tests).
    func start(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLIHarness.binary)
        p.arguments = arguments
        p.environment = ["EVAULT_VAULT": vault, "EVAULT_KEYFILE": keyfile]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Runs evault and requires success.
    @discardableResult
    func ok(_ arguments: [String], stdin: Data? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let r = try run(arguments, stdin: stdin)
        #expect(r.status == 0, "evault \(arguments.joined(separator: " ")) failed: \(r.stderr)", sourceLocation: sourceLocation)
        return r
    }

    /// Runs evault and requires the one-line failure evault promises for bad input.
    @discardableResult
    func fails(_ arguments: [String], stdin: Data? = nil, containing text: String,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let r = try run(arguments, stdin: stdin)
        #expect(r.status != 0, "expected failure of evault \(arguments.joined(separator: " "))", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line on stderr, got: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(text), "stderr \(r.stderr) lacks \(text)", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"), sourceLocation: sourceLocation)
        return r
    }

    /// Runs a program (evault, age, tar, sha256sum, minisign) to completion.
    static func external(_ path: String, _ arguments: [String], stdin: Data? = nil, in directory: URL? = nil,
                         environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let errThread = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errThread.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }

    func write(_ name: String, _ contents: String) throws -> String {
        try write(name, Data(contents.utf8))
    }

    func write(_ name: String, _ contents: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url)
        return url.path
    }

    /// A vault with its keys in a key file: the fast way to a vault in tests.
    func initVault() throws {
        try ok(["init", "--vault", vault, "--keyfile", keyfile])
    }

    func listJSON(_ extra: [String] = []) throws -> [[String: Any]] {
        let r = try ok(["list", "--json"] + extra)
        return (try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]]) ?? []
    }

    func entryFiles() throws -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: vault + "/entries"))?.sorted() ?? []
    }

    /// Every file below `root`, recursively.
    static func allFiles(under root: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        return e.compactMap { $0 as? String }.map { root + "/" + $0 }
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }
}
