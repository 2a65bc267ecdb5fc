import Foundation

/// Runs poppler's tools on document bytes that are plaintext evidence: the bytes go
/// in through an anonymous memory file (memfd) as standard input, read by the tool as
/// /proc/self/fd/0, and results come back through a pipe. No named file is created.
enum ExternalTool {
    static let outputLimit = 512 << 20

    static func path(_ name: String) throws -> String {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        throw MediaCleanError.toolFailed("\(name) is not installed (poppler-utils)")
    }

    static func run(_ name: String, _ args: [String], input: [UInt8]) throws -> [UInt8] {
        let file = try AnonymousFile(input)
        let memory = FileHandle(fileDescriptor: file.descriptor, closeOnDealloc: false)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(name))
        process.arguments = args
        process.standardInput = memory
        process.standardError = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        do { try process.run() } catch { throw MediaCleanError.toolFailed("\(name) could not start") }
        var output = Data()
        let reader = out.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            output.append(chunk)
            if output.count > outputLimit {
                process.terminate()
                process.waitUntilExit()
                throw MediaCleanError.tooLarge("\(name) output")
            }
        }
        process.waitUntilExit()
        withExtendedLifetime(file) {}
        guard process.terminationStatus == 0 else {
            throw MediaCleanError.toolFailed("\(name) exited with status \(process.terminationStatus)")
        }
        return [UInt8](output)
    }
}
