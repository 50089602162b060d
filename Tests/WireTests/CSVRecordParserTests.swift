import XCTest
@testable import Wire
import TestSupport

final class CSVRecordParserTests: XCTestCase {
    private func classify(inputs: Int? = nil, names: [String]? = nil, max: Int = 65536) -> RecordParser {
        RecordParser(task: .classify, format: .csv, inputs: inputs, featureNames: names, maxRecordBytes: max)
    }

    func testLabelledAndPredictOnlyRecords() {
        var p = classify(inputs: 3)
        XCTAssertEqual(p("idle,1,-0.5,3.2e-4"), labelled("idle", [1, -0.5, Float("3.2e-4")!]))
        XCTAssertEqual(p("fault-A,+2,.5,0"), labelled("fault-A", [2, 0.5, 0]))
        XCTAssertEqual(p(" 3 , 1 ,\t2, 3 "), labelled("3", [1, 2, 3]), "spaces/tabs around fields are ignored")
        XCTAssertEqual(p("?,1,2,3"), predictOnly([1, 2, 3]))
        XCTAssertEqual(p(",1,2,3"), predictOnly([1, 2, 3]))
        XCTAssertEqual(p("é-ü,1,2,3"), labelled("é-ü", [1, 2, 3]))
        XCTAssertEqual(p("x,1,2,3\r"), labelled("x", [1, 2, 3]), "one trailing CR is stripped")
        XCTAssertEqual(p(String(repeating: "L", count: 64) + ",1,2,3"), labelled(String(repeating: "L", count: 64), [1, 2, 3]))
    }

    func testLabelRejections() {
        var p = classify(inputs: 1)
        XCTAssertEqual(p(String(repeating: "L", count: 65) + ",1"), rejectedCSV("label longer than 64 bytes"))
        XCTAssertEqual(p("a\"b,1"), rejectedCSV("label contains a quote"))
        XCTAssertEqual(p("a\tb,1"), rejectedCSV("label contains a control character"))
        XCTAssertEqual(p("a\u{7F},1"), rejectedCSV("label contains a control character"))
        XCTAssertEqual(p("a\rb,1"), rejectedCSV("label contains a control character"))
        XCTAssertEqual(p(bytes: [0x61, 0xFF, 0x2C, 0x31]), rejectedCSV("label is not valid UTF-8"))
        XCTAssertEqual(p(bytes: [0xC3, 0x2C, 0x31]), rejectedCSV("label is not valid UTF-8"), "truncated sequence")
    }

    func testFeatureRejectionsNameTheFeature() {
        var p = classify(inputs: 7)
        XCTAssertEqual(p("a,1,2,abc,4,5,6,7"), rejectedCSV("feature 3: not a number \"abc\""))
        XCTAssertEqual(p("a,1,2,3,4,,6,7"), rejectedCSV("feature 5: empty"))
        XCTAssertEqual(p("a,1,2,3,4,5,6,"), rejectedCSV("feature 7: empty"))
        XCTAssertEqual(p("a,1,NaN,3,4,5,6,7"), rejectedCSV("feature 2: nan not allowed"))
        XCTAssertEqual(p("a,1,2,3,4,5,6,-inf"), rejectedCSV("feature 7: inf not allowed"))
        XCTAssertEqual(p("a,1,2,3,Infinity,5,6,7"), rejectedCSV("feature 4: inf not allowed"))
        XCTAssertEqual(p("a,1,2,3,1e39,5,6,7"), rejectedCSV("feature 4: out of float32 range"))
        XCTAssertEqual(p("a,1,x,y,4,5,6,7"), rejectedCSV("feature 2: not a number \"x\""), "first bad feature wins")
        XCTAssertEqual(p("a,1,\"2\",3,4,5,6,7"), rejectedCSV(#"feature 2: not a number "\"2\"""#))
        XCTAssertEqual(p("a,1,2,3,4,5,6,7\r\r"), rejectedCSV(#"feature 7: not a number "7\x0D""#), "only one CR is stripped")
        let long = String(repeating: "z", count: 100)
        XCTAssertEqual(p("a,\(long),2,3,4,5,6,7"), rejectedCSV("feature 1: not a number \"\(String(repeating: "z", count: 40))...\""))
    }

    func testWidth() {
        var p = classify(inputs: 64)
        let sixtyThree = Array(repeating: "1", count: 63).joined(separator: ",")
        XCTAssertEqual(p("a,\(sixtyThree)"), rejectedCSV("expected 64 features, got 63"))
        XCTAssertEqual(p("a,\(sixtyThree),1,1"), rejectedCSV("expected 64 features, got 65"))
        XCTAssertEqual(p("a"), rejectedCSV("expected 64 features, got 0"))
        XCTAssertEqual(p("a,\(sixtyThree),x"), rejectedCSV("feature 64: not a number \"x\""))
        XCTAssertEqual(p("a,x,\(sixtyThree)"), rejectedCSV("feature 1: not a number \"x\""))
        XCTAssertEqual(p("a,x,\(sixtyThree),2"), rejectedCSV("expected 64 features, got 65"), "width is checked before features")
        XCTAssertEqual(p("a\"q,x"), rejectedCSV("label contains a quote"), "label is checked before width")
    }

    func testAutoWidthIsFixedByFirstValidRecord() {
        var p = classify()
        XCTAssertNil(p.inputs)
        XCTAssertEqual(p("a"), rejectedCSV("record has no features"))
        XCTAssertEqual(p("a,1,nan"), rejectedCSV("feature 2: nan not allowed"))
        XCTAssertNil(p.inputs, "an invalid record does not fix the width")
        XCTAssertEqual(p("a\"b,1,2,3"), rejectedCSV("label contains a quote"))
        XCTAssertNil(p.inputs)
        XCTAssertEqual(p("?,1,2"), predictOnly([1, 2]))
        XCTAssertEqual(p.inputs, 2, "a predict-only record is valid and fixes the width")
        XCTAssertEqual(p("b,1,2,3"), rejectedCSV("expected 2 features, got 3"))
        p.reset()
        XCTAssertEqual(p.inputs, 2, "reset keeps the width")
        XCTAssertEqual(p("b,4,5"), labelled("b", [4, 5]))
    }

    func testCommentsAndBlankLines() {
        var p = classify(inputs: 1)
        for line in ["", "\r", "   ", " \t\r", "# a comment", "#", "  # indented comment", "#label,x"] {
            XCTAssertEqual(p(line), .skipped, line.debugDescription)
        }
        XCTAssertEqual(p("label,x"), .header(["x"]), "comments and blank lines keep header eligibility")
    }

    func testRegression() {
        var p = RecordParser(task: .regress(outputs: 2), format: .csv, inputs: 2)
        XCTAssertEqual(p("1.5,-2,3,4"), .record(Record(target: .values([1.5, -2]), features: [3, 4]), json: false))
        XCTAssertEqual(p(",,3,4"), predictOnly([3, 4]))
        XCTAssertEqual(p("?, ?,3,4"), predictOnly([3, 4]))
        XCTAssertEqual(p("?,1,3,4"), rejectedCSV("target 1: missing while other targets are given"))
        XCTAssertEqual(p("1,,3,4"), rejectedCSV("target 2: missing while other targets are given"))
        XCTAssertEqual(p("1,abc,3,4"), rejectedCSV("target 2: not a number \"abc\""))
        XCTAssertEqual(p("nan,1,3,4"), rejectedCSV("target 1: nan not allowed"))
        XCTAssertEqual(p("1,inf,3,4"), rejectedCSV("target 2: inf not allowed"))
        XCTAssertEqual(p("1,1e40,3,4"), rejectedCSV("target 2: out of float32 range"))
        XCTAssertEqual(p("1"), rejectedCSV("expected 2 targets, got 1"))
        XCTAssertEqual(p("1,2"), rejectedCSV("expected 2 features, got 0"))
        XCTAssertEqual(p("1,2,3,x"), rejectedCSV("feature 2: not a number \"x\""))
        XCTAssertEqual(p("1,2,3"), rejectedCSV("expected 2 features, got 1"))
    }

    func testRegressionHeaderIgnoresTargetColumns() {
        var p = RecordParser(task: .regress(outputs: 1), format: .csv, inputs: nil)
        XCTAssertEqual(p("target_flow,flow_lag1,hour_sin"), .header(["flow_lag1", "hour_sin"]))
        var q = RecordParser(task: .regress(outputs: 1), format: .csv, inputs: nil)
        XCTAssertEqual(q("1.0,flow_lag1,hour_sin"), .header(["flow_lag1", "hour_sin"]), "a numeric target column does not matter")
        XCTAssertEqual(q("101.66,101.84,0.258819"), .record(Record(target: .values([101.66]), features: [101.84, 0.258819]), json: false))
    }

    func testLineLengthLimit() {
        var p = classify(max: 10)
        XCTAssertEqual(p("a,1,2,3,45"), labelled("a", [1, 2, 3, 45]), "exactly the limit")
        XCTAssertEqual(p("a,1,2,3,45\r"), labelled("a", [1, 2, 3, 45]), "CR not counted")
        XCTAssertEqual(p("a,1,2,3,456"), rejectedCSV("record longer than 10 bytes"))
        var q = classify()
        XCTAssertEqual(q("a," + String(repeating: "1", count: 65535)), rejectedCSV("record longer than 65536 bytes"))
        XCTAssertEqual(q.tooLong(), rejectedCSV("record longer than 65536 bytes"))
    }

    func testCSVFormatNeverReadsJSON() {
        var p = classify(inputs: 2)
        XCTAssertEqual(p("a,1,2"), labelled("a", [1, 2]))
        XCTAssertEqual(p("{\"label\": \"a\", \"x\": [1, 2]}"), rejectedCSV("label contains a quote"))
        XCTAssertEqual(p("{\"x\":1,2}"), rejectedCSV("label contains a quote"))
        XCTAssertEqual(p("{,1,2}"), rejectedCSV("feature 2: not a number \"2}\""))
    }

    func testBinaryGarbageIsRejectedNotFatal() {
        var rng = SplitMix64(seed: 1)
        var p = classify(inputs: 4)
        XCTAssertEqual(p(bytes: [0x61, 0x2C, 0x00, 0x2C, 0x31, 0x2C, 0x31, 0x2C, 0x31]), rejectedCSV(#"feature 1: not a number "\x00""#))
        XCTAssertEqual(p(bytes: [0x61, 0x2C, 0xFF, 0xC3, 0xA9, 0x2C, 0x31, 0x2C, 0x31, 0x2C, 0x31]),
                       rejectedCSV(#"feature 1: not a number "\xFFé""#))
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                Bool.random(using: &rng) ? UInt8.random(in: 0...255, using: &rng) : Array("0123456789,.-e".utf8).randomElement(using: &rng)!
            }.filter { $0 != 0x0A }
            switch p(bytes: bytes) {
            case .rejected(let rejection, _):
                XCTAssertFalse(rejection.reason.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, rejection.reason)
            case .record(let r, _):
                XCTAssertEqual(r.features.count, 4)
                XCTAssertTrue(r.features.allSatisfy(\.isFinite))
            case .skipped, .header:
                break
            }
        }
    }
}
