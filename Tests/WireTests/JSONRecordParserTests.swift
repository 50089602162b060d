import XCTest
@testable import Wire
import TestSupport

final class JSONRecordParserTests: XCTestCase {
    private func jsonl(inputs: Int? = 2, names: [String]? = nil, task: RecordTask = .classify) -> RecordParser {
        RecordParser(task: task, format: .jsonl, inputs: inputs, featureNames: names)
    }

    func testClassifyRecords() {
        var p = jsonl()
        XCTAssertEqual(p(#"{"label": "idle", "x": [0.1, 2.5]}"#), labelled("idle", [0.1, 2.5], json: true))
        XCTAssertEqual(p(#"{"x": [0.1, 2.5], "label": 3}"#), labelled("3", [0.1, 2.5], json: true), "a number label is its JSON text")
        XCTAssertEqual(p(#"{"label": 2.5, "x": [1, 2]}"#), labelled("2.5", [1, 2], json: true))
        XCTAssertEqual(p(#"{"label": null, "x": [1, 2]}"#), predictOnly([1, 2], json: true))
        XCTAssertEqual(p(#"{"x": [1, 2]}"#), predictOnly([1, 2], json: true))
        XCTAssertEqual(p(#"{"label": "?", "x": [1, 2]}"#), predictOnly([1, 2], json: true))
        XCTAssertEqual(p(#"{"label": "", "x": [1, 2]}"#), predictOnly([1, 2], json: true))
        XCTAssertEqual(p(#"  {"ts": "2024-01-01", "x": [1, 2], "label": "a"}  \#r"#), labelled("a", [1, 2], json: true),
                       "unknown keys are ignored; surrounding blanks and CR allowed")
        XCTAssertEqual(p(#"{"label": "\u00e9t\u00e9", "x": [1e0, -2E-1]}"#), labelled("été", [1, -0.2], json: true))
    }

    func testClassifyRejections() {
        var p = jsonl()
        XCTAssertEqual(p(#"{"label": "idle", "x": [0.1, "2"]}"#), rejectedJSON("feature 2: not a number"))
        XCTAssertEqual(p(#"{"label": "idle", "x": [null, 2]}"#), rejectedJSON("feature 1: not a number"))
        XCTAssertEqual(p(#"{"label": "idle", "x": [1, 1e39]}"#), rejectedJSON("feature 2: out of float32 range"))
        XCTAssertEqual(p(#"{"label": "idle"}"#), rejectedJSON("missing \"x\""))
        XCTAssertEqual(p(#"{"label": "idle", "x": "1,2"}"#), rejectedJSON("\"x\" must be an array of numbers"))
        XCTAssertEqual(p(#"{"label": "idle", "x": {"a": 1, "b": 2}}"#),
                       rejectedJSON("\"x\" must be an array of numbers (no model.feature_names to key an object)"))
        XCTAssertEqual(p(#"{"label": "idle", "x": [1, 2, 3]}"#), rejectedJSON("expected 2 features, got 3"))
        XCTAssertEqual(p(#"{"label": true, "x": [1, 2]}"#), rejectedJSON("\"label\" must be a string, a number or null"))
        XCTAssertEqual(p(#"{"label": "a,b", "x": [1, 2]}"#), rejectedJSON("label contains a comma"))
        XCTAssertEqual(p(#"{"label": "a\"b", "x": [1, 2]}"#), rejectedJSON("label contains a quote"))
        XCTAssertEqual(p(#"{"label": "a\nb", "x": [1, 2]}"#), rejectedJSON("label contains a control character"))
        XCTAssertEqual(p(#"{"label": "\#(String(repeating: "é", count: 33))", "x": [1, 2]}"#), rejectedJSON("label longer than 64 bytes"))
        XCTAssertEqual(p(#"{"label": "a", "label": "b", "x": [1, 2]}"#), rejectedJSON("duplicate key \"label\""))
        XCTAssertEqual(p(#"{"x": [1, 2], "x": [1, 2]}"#), rejectedJSON("duplicate key \"x\""))
        XCTAssertEqual(p(#"[1, 2]"#), rejectedJSON("record must be a JSON object"))
        XCTAssertEqual(p(#"{"label": "idle", "x": [1, 2]"#), rejectedJSON("invalid JSON at byte 29: unexpected end of input"))
        XCTAssertEqual(p(#"{"label": "idle", x: [1, 2]}"#), rejectedJSON("invalid JSON at byte 18: expected a string key in object"))
        XCTAssertEqual(p(#"{"x": [1, 2]} trailing"#), rejectedJSON("invalid JSON at byte 14: unexpected data after the JSON value"))
        XCTAssertEqual(p(bytes: Array(#"{"label": ""#.utf8) + [0xFF] + Array(#"", "x": [1, 2]}"#.utf8)),
                       rejectedJSON("invalid JSON at byte 11: invalid UTF-8 in string"))
        let deep = "{\"x\": " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        XCTAssertEqual(p(deep), rejectedJSON("invalid JSON at byte 69: nesting deeper than 64 levels"))
    }

    func testFeatureObjectsKeyedByNames() {
        var p = jsonl(inputs: nil, names: ["a", "b", "c"])
        XCTAssertEqual(p(#"{"label": "k", "x": {"c": 3, "a": 1, "b": 2}}"#), labelled("k", [1, 2, 3], json: true))
        XCTAssertEqual(p(#"{"label": "k", "x": [1, 2, 3]}"#), labelled("k", [1, 2, 3], json: true), "arrays still work")
        XCTAssertEqual(p(#"{"x": {"a": 1, "b": 2}}"#), rejectedJSON("missing feature \"c\""))
        XCTAssertEqual(p(#"{"x": {"a": 1, "b": 2, "c": 3, "d": 4}}"#), rejectedJSON("unknown feature \"d\""))
        XCTAssertEqual(p(#"{"x": {"a": 1, "a": 2, "c": 3}}"#), rejectedJSON("duplicate feature \"a\""))
        XCTAssertEqual(p(#"{"x": {"a": 1, "b": "2", "c": 3}}"#), rejectedJSON("feature 2: not a number (\"b\")"))
        XCTAssertEqual(p(#"{"x": 5}"#), rejectedJSON("\"x\" must be an array of numbers or an object keyed by feature names"))
    }

    func testRegressionTargets() {
        var p = jsonl(task: .regress(outputs: 2))
        XCTAssertEqual(p(#"{"y": [1.5, -2], "x": [3, 4]}"#), .record(Record(target: .values([1.5, -2]), features: [3, 4]), json: true))
        XCTAssertEqual(p(#"{"x": [3, 4]}"#), predictOnly([3, 4], json: true))
        XCTAssertEqual(p(#"{"y": null, "x": [3, 4], "label": "ignored"}"#), predictOnly([3, 4], json: true))
        XCTAssertEqual(p(#"{"y": [1], "x": [3, 4]}"#), rejectedJSON("\"y\" must have 2 numbers, got 1"))
        XCTAssertEqual(p(#"{"y": [1, null], "x": [3, 4]}"#), rejectedJSON("target 2: not a number"))
        XCTAssertEqual(p(#"{"y": [1, 1e300], "x": [3, 4]}"#), rejectedJSON("target 2: out of float32 range"))
        XCTAssertEqual(p(#"{"y": "1", "x": [3, 4]}"#), rejectedJSON("\"y\" must be an array of 2 numbers"))
        var single = jsonl(task: .regress(outputs: 1))
        XCTAssertEqual(single(#"{"y": 7.5, "x": [3, 4]}"#), .record(Record(target: .values([7.5]), features: [3, 4]), json: true))
    }

    func testAutoFormatDispatch() {
        var p = RecordParser(task: .classify, format: .auto, inputs: nil)
        XCTAssertEqual(p(#" {"label": "a", "x": [1, 2]}"#), labelled("a", [1, 2], json: true))
        XCTAssertEqual(p.inputs, 2, "a JSON record fixes the width too")
        XCTAssertEqual(p("b,3,4"), labelled("b", [3, 4]))
        XCTAssertEqual(p(#"{"x": [1]}"#), rejectedJSON("expected 2 features, got 1"))
        XCTAssertEqual(p("b,3"), rejectedCSV("expected 2 features, got 1"))
        XCTAssertEqual(p("# comment"), .skipped)
    }

    func testJSONLinesFormatTreatsEveryContentLineAsJSON() {
        var p = jsonl()
        XCTAssertEqual(p("a,1,2"), rejectedJSON("invalid JSON at byte 0: unexpected character 'a'"))
        XCTAssertEqual(p("# still a comment"), .skipped)
        XCTAssertEqual(p(""), .skipped)
        XCTAssertEqual(p.tooLong(), rejectedJSON("record longer than 65536 bytes"))
    }

    func testJSONAndCSVGiveTheSameFloats() {
        var rng = SplitMix64(seed: 8)
        var csv = RecordParser(task: .classify, format: .csv, inputs: 1)
        var json = jsonl(inputs: 1)
        for _ in 0..<20_000 {
            let text = "\(Int.random(in: -99999...99999, using: &rng)).\(Int.random(in: 0...9999, using: &rng))e\(Int.random(in: -12...12, using: &rng))"
            guard case .record(let a, _) = csv("k,\(text)"), case .record(let b, _) = json(#"{"label":"k","x":[\#(text)]}"#) else {
                return XCTFail(text)
            }
            XCTAssertEqual(a.features[0].bitPattern, b.features[0].bitPattern, text)
            XCTAssertEqual(a.features[0].bitPattern, Float(text)!.bitPattern, text)
        }
    }
}
