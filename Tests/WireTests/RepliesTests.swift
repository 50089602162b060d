import XCTest
@testable import Wire
import TestSupport

final class RepliesTests: XCTestCase {
    func testPredictionCSV() {
        XCTAssertEqual(Reply.prediction(label: "idle", confidence: 0.93, json: false), "=idle,0.93")
        XCTAssertEqual(Reply.prediction(label: "3", confidence: 0.912_345, json: false), "=3,0.9123")
        XCTAssertEqual(Reply.prediction(label: "3", confidence: 0.999_96, json: false), "=3,1")
        XCTAssertEqual(Reply.prediction(label: "a", confidence: 0.000_04, json: false), "=a,0")
        XCTAssertEqual(Reply.prediction(label: "a", confidence: 0.000_1, json: false), "=a,0.0001")
        XCTAssertEqual(Reply.prediction(label: "a", confidence: 0.5, json: false), "=a,0.5")
        XCTAssertEqual(Reply.prediction(label: "a", confidence: .nan, json: false), "=a,nan")
    }

    func testPredictionJSON() throws {
        let reply = Reply.prediction(label: "idle", confidence: 0.93, json: true)
        XCTAssertEqual(reply, #"{"prediction":"idle","confidence":0.93}"#)
        XCTAssertEqual(try JSON.parse(reply)["confidence"], .number(0.93))
        XCTAssertEqual(Reply.prediction(label: "é\"x", confidence: 1, json: true), #"{"prediction":"é\"x","confidence":1}"#)
        XCTAssertEqual(Reply.prediction(label: "a", confidence: .infinity, json: true), #"{"prediction":"a","confidence":null}"#)
    }

    func testRegression() throws {
        XCTAssertEqual(Reply.regression(values: [1.5, 2], json: false), "=1.5;2")
        XCTAssertEqual(Reply.regression(values: [-0.1, 1e-5, 3e20], json: false), "=-0.1;1e-05;3e+20")
        XCTAssertEqual(Reply.regression(values: [101.66], json: false), "=101.66")
        XCTAssertEqual(Reply.regression(values: [.nan, .infinity, -.infinity], json: false), "=nan;inf;-inf")
        XCTAssertEqual(Reply.regression(values: [1.5, 2], json: true), #"{"prediction":[1.5,2]}"#)
        XCTAssertEqual(Reply.regression(values: [.nan, 0.25], json: true), #"{"prediction":[null,0.25]}"#)
        // Values printed round-trip to the same float32.
        var rng = SplitMix64(seed: 9)
        for _ in 0..<10_000 {
            let v = Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &rng))
            let reply = Reply.regression(values: [v, -v], json: true)
            let parsed = try JSON.parse(reply)["prediction"]?.arrayValue?.compactMap(\.doubleValue).map(Float.init)
            XCTAssertEqual(parsed, [v, -v], reply)
            let csv = Reply.regression(values: [v], json: false)
            XCTAssertEqual(Float(csv.dropFirst()), v, csv)
        }
    }

    func testRejection() throws {
        XCTAssertEqual(Reply.rejection(line: 17, reason: "expected 64 features, got 63", json: false),
                       "!17: expected 64 features, got 63")
        XCTAssertEqual(Reply.rejection(line: 17, reason: "expected 64 features, got 63", json: true),
                       #"{"error":"expected 64 features, got 63","line":17}"#)
        XCTAssertEqual(Reply.rejection(line: 2, reason: #"feature 3: not a number "a\"b""#, json: true),
                       #"{"error":"feature 3: not a number \"a\\\"b\"","line":2}"#)
        XCTAssertEqual(try JSON.parse(Reply.rejection(line: 2, reason: "x\ny", json: true))["error"], .string("x\ny"))
        XCTAssertEqual(Reply.rejection(line: 3, reason: "bad\r\nthing", json: false), "!3: bad  thing", "always one line")
    }

    func testRepliesForParserRejectionsAreSingleLines() {
        var p = RecordParser(task: .classify, format: .auto, inputs: 2)
        for bytes: [UInt8] in [[0x61, 0x2C, 0x0D, 0x0D, 0x2C, 0x31], [0x7B, 0x0D, 0x0D], Array("a,\u{0},1".utf8)] {
            guard case .rejected(let rejection, let json) = p(bytes: bytes) else { return XCTFail("\(bytes)") }
            let reply = Reply.rejection(line: 1, reason: rejection.reason, json: json)
            XCTAssertFalse(reply.utf8.contains(0x0A) || reply.utf8.contains(0x0D), reply)
        }
    }
}
