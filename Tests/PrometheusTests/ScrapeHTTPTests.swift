import XCTest
@testable import Prometheus

final class ScrapeHTTPTests: XCTestCase {
    private func parse(_ s: String) -> ScrapeHTTP.Parsed { ScrapeHTTP.parse(Array(s.utf8)[...]) }

    func testCurlRequest() {
        XCTAssertEqual(parse("GET /metrics HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"),
                       .request(method: "GET", target: "/metrics", accept: "*/*"))
        XCTAssertEqual(parse("GET /metrics?x=1 HTTP/1.0\n\n"), .request(method: "GET", target: "/metrics?x=1", accept: nil))
        XCTAssertEqual(parse("GET /metrics HTTP/1.1\r\naccept:application/openmetrics-text\r\n\r\n"),
                       .request(method: "GET", target: "/metrics", accept: "application/openmetrics-text"))
    }

    func testIncompleteHeadNeedsMore() {
        XCTAssertEqual(parse(""), .needMore)
        XCTAssertEqual(parse("GET /metrics HTTP/1.1\r\nHost: x\r\n"), .needMore)
    }

    func testBadHeads() {
        XCTAssertEqual(parse("hello\n\n"), .bad(status: 400, reason: "not an HTTP/1.x request line"))
        XCTAssertEqual(parse("GET /metrics SPDY/3\r\n\r\n"), .bad(status: 400, reason: "not an HTTP/1.x request line"))
        let long = "GET /metrics HTTP/1.1\r\nX: " + String(repeating: "a", count: ScrapeHTTP.maxHeadBytes) + "\r\n"
        XCTAssertEqual(parse(long), .bad(status: 431, reason: "request head over 8192 bytes"))
        XCTAssertEqual(parse(long + "\r\n"), .bad(status: 431, reason: "request head over 8192 bytes"))
    }

    func testResponses() {
        let body = "learnd_loss 0.5\n"
        let ok = String(decoding: ScrapeHTTP.respond(to: parse("GET /metrics HTTP/1.1\r\n\r\n")) { _ in body }, as: UTF8.self)
        XCTAssertEqual(ok, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                       + "Content-Length: 16\r\nConnection: close\r\n\r\nlearnd_loss 0.5\n")
        let head = String(decoding: ScrapeHTTP.respond(to: parse("HEAD /metrics HTTP/1.1\r\n\r\n")) { _ in body }, as: UTF8.self)
        XCTAssertTrue(head.hasSuffix("Content-Length: 16\r\nConnection: close\r\n\r\n"))
        var asked: ExpositionFormat?
        _ = ScrapeHTTP.respond(to: parse("GET /metrics HTTP/1.1\r\nAccept: application/openmetrics-text\r\n\r\n")) {
            asked = $0
            return ""
        }
        XCTAssertEqual(asked, .openMetrics)
        let missing = String(decoding: ScrapeHTTP.respond(to: parse("GET / HTTP/1.1\r\n\r\n")) { _ in XCTFail(); return "" },
                             as: UTF8.self)
        XCTAssertTrue(missing.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        let post = String(decoding: ScrapeHTTP.respond(to: parse("POST /metrics HTTP/1.1\r\n\r\n")) { _ in "" }, as: UTF8.self)
        XCTAssertTrue(post.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
        XCTAssertTrue(post.contains("Allow: GET, HEAD\r\n"))
    }
}
