/// The little HTTP/1.x that a scrape of `GET /metrics` over a Unix socket needs, as pure functions over bytes:
/// the request head in, one complete response out (then the server closes the connection).
public enum ScrapeHTTP {
    /// The longest request head read (request line and headers); longer is a 431.
    public static let maxHeadBytes = 8192

    /// What the bytes read so far hold.
    public enum Parsed: Equatable, Sendable {
        /// No blank line yet: read more (the connection's bytes so far are all of the head).
        case needMore
        /// The request line's method and target, and the `Accept` header (if any).
        case request(method: String, target: String, accept: String?)
        /// Not an HTTP/1.x request head, or too long: answer with this status and close.
        case bad(status: Int, reason: String)
    }

    /// Parses the request head at the start of `bytes` (CRLF or bare LF line ends; header names case-insensitive).
    public static func parse(_ bytes: ArraySlice<UInt8>) -> Parsed {
        guard let end = headEnd(bytes) else {
            return bytes.count > maxHeadBytes ? .bad(status: 431, reason: "request head over \(maxHeadBytes) bytes")
                                              : .needMore
        }
        guard end <= bytes.startIndex + maxHeadBytes else {
            return .bad(status: 431, reason: "request head over \(maxHeadBytes) bytes")
        }
        // Split on bytes: as a String, "\r\n" is one Character and would not split on "\n".
        var lines = bytes[bytes.startIndex..<end].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { line in String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self) }
        let parts = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            return .bad(status: 400, reason: "not an HTTP/1.x request line")
        }
        var accept: String?
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].lowercased() == "accept" {
                accept = String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
            }
        }
        return .request(method: String(parts[0]), target: String(parts[1]), accept: accept)
    }

    /// The index just past the line ends that close the head (`\r\n\r\n` or `\n\n`), or nil.
    private static func headEnd(_ bytes: ArraySlice<UInt8>) -> Int? {
        var previousWasNewline = false
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "\n"):
                if previousWasNewline { return index + 1 }
                previousWasNewline = true
            case UInt8(ascii: "\r"): continue
            default: previousWasNewline = false
            }
        }
        return nil
    }

    /// The response to a parsed request: 200 with the metrics for `GET`/`HEAD /metrics` (query ignored),
    /// 404 for another path, 405 for another method. `metrics` renders the body in the format asked for; it is
    /// called only for a 200.
    public static func respond(to parsed: Parsed, metrics: (ExpositionFormat) -> String) -> [UInt8] {
        switch parsed {
        case .needMore: return response(status: 400, body: "incomplete request\n")
        case .bad(let status, let reason): return response(status: status, body: reason + "\n")
        case .request(let method, let target, let accept):
            let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard path == "/metrics" else { return response(status: 404, body: "not found: try GET /metrics\n") }
            guard method == "GET" || method == "HEAD" else {
                return response(status: 405, body: "method \(method) not allowed: GET /metrics\n",
                                extra: "Allow: GET, HEAD\r\n")
            }
            let format = ExpositionFormat.negotiated(accept: accept)
            return response(status: 200, contentType: format.contentType, body: metrics(format),
                            headOnly: method == "HEAD")
        }
    }

    /// One complete HTTP/1.1 response that closes the connection.
    static func response(status: Int, contentType: String = "text/plain; charset=utf-8", body: String,
                         extra: String = "", headOnly: Bool = false) -> [UInt8] {
        let bodyBytes = Array(body.utf8)
        let head = "HTTP/1.1 \(status) \(reasonPhrase(status))\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(bodyBytes.count)\r\n\(extra)Connection: close\r\n\r\n"
        return Array(head.utf8) + (headOnly ? [] : bodyBytes)
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 431: return "Request Header Fields Too Large"
        default: return "Error"
        }
    }
}
