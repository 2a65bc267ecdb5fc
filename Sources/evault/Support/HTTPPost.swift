#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A minimal HTTP/1.0 POST over a plain TCP socket, for RFC 3161 time-stamp
/// authorities (which sign their replies, so the transport needs no TLS).
/// evault opens no connection unless the user names a URL.
enum HTTPPost {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func post(_ url: String, body: [UInt8], contentType: String, timeout: Int = 30) throws -> [UInt8] {
        guard url.hasPrefix("http://") else { throw Failure(description: "\(url): only http:// time-stamp URLs are supported (replies are signed)") }
        let rest = url.dropFirst("http://".count)
        let hostPort = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let path = "/" + (rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? "")
        let parts = hostPort.split(separator: ":")
        guard let host = parts.first.map(String.init), !host.isEmpty else { throw Failure(description: "\(url): no host") }
        let port = parts.count > 1 ? String(parts[1]) : "80"

        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &result) == 0, let info = result else {
            throw Failure(description: "\(url): cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { throw Failure(description: "\(url): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            throw Failure(description: "\(url): cannot connect: \(String(cString: strerror(errno)))")
        }
        let head = "POST \(path) HTTP/1.0\r\nHost: \(hostPort)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let request = Array(head.utf8) + body
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: "\(url): sending failed") }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while response.count < 4 << 20 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: "\(url): no reply (timed out)") }
            response += buffer[0..<n]
        }
        guard let split = findHeaderEnd(response) else { throw Failure(description: "\(url): not an HTTP reply") }
        let status = String(decoding: response[..<split], as: UTF8.self).split(separator: "\r\n").first ?? ""
        guard status.split(separator: " ").dropFirst().first == "200" else {
            throw Failure(description: "\(url): the server answered \(status.filter { $0.isASCII && !$0.isNewline })")
        }
        return Array(response[(split + 4)...])
    }

    private static func findHeaderEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}
