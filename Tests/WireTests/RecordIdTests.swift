import XCTest
@testable import Wire

/// Record ids (docs/records-and-replies.md, "Record ids"): predictions kept pending, truths, replies.
final class RecordIdTests: XCTestCase {
    private func parser(_ task: RecordTask = .classify, format: RecordFormat = .auto) -> RecordParser {
        RecordParser(task: task, format: format, inputs: 2)
    }
    private func bad(_ kind: RejectionKind, _ reason: String, json: Bool = false) -> LineOutcome {
        .rejected(Rejection(kind, reason), json: json)
    }
    /// A record with an id: a prediction (features) or a truth (`target`, no features).
    private func ided(_ id: String, _ target: RecordTarget = .none, _ features: [Float] = [],
                      json: Bool = false) -> LineOutcome {
        .record(Record(target: target, features: features, id: id), json: json)
    }
    private static let notPrintable = "record id contains a byte that is not printable ASCII without comma or "
        + "quote"
    private static let both = "record id \"a\": a prediction (no label, with features) or its truth (label only), "
        + "not both"

    func testCSVPredictionAndTruth() {
        var p = parser()
        XCTAssertEqual(p("@pump7-1042,?,0.31,2"), ided("pump7-1042", .none, [0.31, 2]))
        XCTAssertEqual(p(" @ a1 ,,1,2"), ided("a1", .none, [1, 2]))
        XCTAssertEqual(p("@pump7-1042,fail"), ided("pump7-1042", .label("fail"), []))
        XCTAssertTrue(Record(target: .label("x"), features: [], id: "a").isTruth)
        var r = parser(.regress(outputs: 2))
        XCTAssertEqual(r("@t,1.5,-2"), ided("t", .values([1.5, -2]), []))
        XCTAssertEqual(r("@t,?,?,3,4"), ided("t", .none, [3, 4]))
    }

    func testCSVRejections() {
        var p = parser()
        XCTAssertEqual(p("@,?,1,2"), bad(.badId, "empty record id"))
        XCTAssertEqual(p("@" + String(repeating: "x", count: 129) + ",?,1,2"),
                       bad(.badId, "record id longer than 128 bytes"))
        XCTAssertEqual(p("@" + String(repeating: "x", count: 128) + ",a"),
                       ided(String(repeating: "x", count: 128), .label("a"), []))
        XCTAssertEqual(p("@a\"b,?,1,2"), bad(.badId, Self.notPrintable))
        XCTAssertEqual(p("@a b,?,1,2"), bad(.badId, Self.notPrintable))
        XCTAssertEqual(p("@a"), bad(.parse, "record id \"a\" without a label or features"))
        XCTAssertEqual(p("@a,?"), bad(.parse, "the truth for id \"a\" has no label"))
        XCTAssertEqual(p("@a,cat,1,2"),
                       bad(.parse, Self.both))
        XCTAssertEqual(p("@a,?,1"), bad(.width, "expected 2 features, got 1"))
        var r = parser(.regress(outputs: 2))
        XCTAssertEqual(r("@t,1,x"), bad(.parse, "target 2: not a number \"x\""))
    }

    func testJSONPredictionAndTruth() {
        var p = parser()
        XCTAssertEqual(p(#"{"id": "j1", "x": [1, 2]}"#), ided("j1", .none, [1, 2], json: true))
        XCTAssertEqual(p(#"{"id": "j1", "label": "fail"}"#), ided("j1", .label("fail"), [], json: true))
        var r = parser(.regress(outputs: 1))
        XCTAssertEqual(r(#"{"id": "j1", "y": 2.5}"#), ided("j1", .values([2.5]), [], json: true))
        XCTAssertEqual(p(#"{"id": 5, "x": [1, 2]}"#), bad(.badId, "\"id\" must be a string", json: true))
        XCTAssertEqual(p(#"{"id": "a,b", "x": [1, 2]}"#), bad(.badId, "record id contains a comma", json: true))
        XCTAssertEqual(p(#"{"id": "é", "x": [1, 2]}"#),
                       bad(.badId, Self.notPrintable, json: true))
        XCTAssertEqual(p(#"{"id": "a"}"#), bad(.parse, "the truth for id \"a\" has no label", json: true))
        XCTAssertEqual(p(#"{"id": "a", "id": "b", "x": [1, 2]}"#), bad(.parse, "duplicate key \"id\"", json: true))
        XCTAssertEqual(p(#"{"id": "a", "label": "c", "x": [1, 2]}"#),
                       bad(.parse, Self.both, json: true))
    }

    func testRepliesEchoTheId() {
        XCTAssertEqual(Reply.prediction(label: "fail", confidence: 0.91, json: false, id: "pump7-1042"),
                       "=fail,0.91,@pump7-1042")
        XCTAssertEqual(Reply.prediction(label: "fail", confidence: 0.91, json: true, id: "p"),
                       #"{"id":"p","prediction":"fail","confidence":0.91}"#)
        XCTAssertEqual(Reply.regression(values: [1.5, 2], json: false, id: "r"), "=1.5;2,@r")
        XCTAssertEqual(Reply.regression(values: [1.5], json: true, id: "r"), #"{"id":"r","prediction":[1.5]}"#)
        XCTAssertEqual(Reply.prediction(label: "a", confidence: 1, json: false), "=a,1", "no id: unchanged")
    }

    /// Random lines after `@` (and random JSON ids) never trap, and every record obeys the id invariants.
    func testRandomIdLinesKeepTheInvariants() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("@,?\"{}:[] 0123456789.-eabcxyz\u{7f}\t".utf8) + [0xC3, 0xA9, 0x00]
        for _ in 0..<20_000 {
            let task: RecordTask = Bool.random(using: &rng) ? .classify : .regress(outputs: 2)
            var p = RecordParser(task: task, format: .auto, inputs: 2)
            var bytes: [UInt8] = [UInt8(ascii: "@")]
            for _ in 0..<Int.random(in: 0...24, using: &rng) { bytes.append(alphabet.randomElement(using: &rng)!) }
            if case .record(let r, _) = p(bytes: bytes) {
                let id = r.id ?? ""
                XCTAssertTrue((1...128).contains(id.utf8.count))
                XCTAssertTrue(id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x22 })
                XCTAssertEqual(r.isTruth, r.target != .none, "\(bytes)")
                XCTAssertTrue(r.isTruth || r.features.count == 2, "\(bytes)")
            }
        }
    }
}
