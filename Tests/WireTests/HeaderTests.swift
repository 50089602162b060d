import Foundation
import XCTest
@testable import Wire

final class HeaderTests: XCTestCase {
    func testFirstLineWithoutNumericFeaturesIsAHeader() {
        var p = RecordParser(task: .classify, format: .csv, inputs: nil)
        XCTAssertEqual(p("label,px0_0,px0_1"), .header(["px0_0", "px0_1"]))
        XCTAssertNil(p.inputs, "a header does not fix the width")
        XCTAssertEqual(p("0,1,2"), labelled("0", [1, 2]))
        XCTAssertEqual(p.inputs, 2)
    }

    func testOnlyTheFirstContentLineCanBeAHeader() {
        var p = RecordParser(task: .classify, format: .csv, inputs: 2)
        XCTAssertEqual(p("0,1,2"), labelled("0", [1, 2]))
        XCTAssertEqual(p("label,a,b"), rejectedCSV("feature 1: not a number \"a\""))
        var q = RecordParser(task: .classify, format: .csv, inputs: 2)
        XCTAssertEqual(q("label,a,b"), .header(["a", "b"]))
        XCTAssertEqual(q("label,a,b"), rejectedCSV("feature 1: not a number \"a\""), "a second header-like line is a rejection")
    }

    func testALineWithAnyNumericFeatureIsNotAHeader() {
        var p = RecordParser(task: .classify, format: .csv, inputs: 2)
        XCTAssertEqual(p("label,a,1"), rejectedCSV("feature 1: not a number \"a\""))
        var q = RecordParser(task: .classify, format: .csv, inputs: 2)
        XCTAssertEqual(q("3,nan,b"), rejectedCSV("feature 1: nan not allowed"), "nan/inf count as numbers for the header rule")
        var r = RecordParser(task: .classify, format: .csv, inputs: nil)
        XCTAssertEqual(r("label"), rejectedCSV("record has no features"), "no feature columns: not a header")
        XCTAssertEqual(r("label,a"), rejectedCSV("feature 1: not a number \"a\""), "eligibility ended with the first content line")
    }

    func testResetMakesTheNextLineEligibleAgain() {
        var p = RecordParser(task: .classify, format: .csv, inputs: 1)
        XCTAssertEqual(p("label,a"), .header(["a"]))
        XCTAssertEqual(p("0,1"), labelled("0", [1]))
        p.reset()
        XCTAssertEqual(p("# new file"), .skipped)
        XCTAssertEqual(p(""), .skipped)
        XCTAssertEqual(p("label,a"), .header(["a"]))
    }

    func testJSONAndOverlongLinesEndEligibility() {
        var p = RecordParser(task: .classify, format: .auto, inputs: 1)
        XCTAssertEqual(p(#"{"x": [1]}"#), predictOnly([1], json: true))
        XCTAssertEqual(p("label,a"), rejectedCSV("feature 1: not a number \"a\""))
        var q = RecordParser(task: .classify, format: .csv, inputs: 1)
        XCTAssertEqual(q.tooLong(), rejectedCSV("record longer than 65536 bytes"))
        XCTAssertEqual(q("label,a"), rejectedCSV("feature 1: not a number \"a\""))
    }

    func testHeaderIsCheckedAgainstFeatureNames() {
        let names = ["temp", "dew_point", "pressure"]
        func parser() -> RecordParser { RecordParser(task: .classify, format: .csv, inputs: nil, featureNames: names) }
        var p = parser()
        XCTAssertEqual(p.inputs, 3, "feature names fix the width")
        XCTAssertEqual(p("label, temp ,dew_point,pressure"), .header(names))
        p = parser()
        XCTAssertEqual(p("label,temp,dewpoint,pressure"), rejectedCSV(#"header feature 2 is "dewpoint", expected "dew_point""#))
        p = parser()
        XCTAssertEqual(p("label,temp,dew_point"), rejectedCSV("header has 2 feature columns, expected 3"))
        p = parser()
        XCTAssertEqual(p("label,temp,dew_point,pressure,wind"), rejectedCSV("header has 4 feature columns, expected 3"))
        p = parser()
        XCTAssertEqual(p("label,pressure,temp"), rejectedCSV(#"header feature 1 is "pressure", expected "temp""#))
    }

    func testByteOrderMarkOnTheFirstLineIsIgnored() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var p = RecordParser(task: .classify, format: .auto, inputs: nil)
        XCTAssertEqual(p(bytes: bom + Array("3,1,2".utf8)), labelled("3", [1, 2]))
        XCTAssertEqual(p(bytes: bom + Array("3,1,2".utf8)), labelled("\u{FEFF}3", [1, 2]), "only at the start of the stream")
        p.reset()
        XCTAssertEqual(p(bytes: bom + Array("label,a,b".utf8)), .header(["a", "b"]))
        p.reset()
        XCTAssertEqual(p(bytes: bom + Array(#"{"label": "a", "x": [1, 2]}"#.utf8)), labelled("a", [1, 2], json: true))
    }

    func testHeaderWidthIsCheckedAgainstInputs() {
        var p = RecordParser(task: .classify, format: .csv, inputs: 3)
        XCTAssertEqual(p("label,a,b"), rejectedCSV("header has 2 feature columns, expected 3"))
    }

    func testHeaderWithBadBytesIsRejected() {
        var p = RecordParser(task: .classify, format: .csv, inputs: nil)
        XCTAssertEqual(p(bytes: Array("label,a,".utf8) + [0xFF, 0xFE]), rejectedCSV("header feature 2 is not valid UTF-8"))
        var q = RecordParser(task: .classify, format: .csv, inputs: nil)
        XCTAssertEqual(q(bytes: Array("label,a\u{1}b".utf8)), rejectedCSV("header feature 1 contains a control character"))
    }

    func testFixtureHeadersAndRecords() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fixtures").standardized
        let cases: [(String, RecordTask, Int, String)] = [
            ("digits_ci_train.csv", .classify, 64, "px7_7"),
            ("weather_rain_drift.csv", .classify, 8, "maximum_temperature"),
            ("waterflow_regress.csv", .regress(outputs: 1), 26, "hour_cos"),
            ("trump_approval_regress.csv", .regress(outputs: 1), 6, "you_gov"),
        ]
        for (file, task, width, lastName) in cases {
            let bytes = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent(file)))
            var framer = LineFramer(maxLineBytes: 65536)
            framer.append(bytes)
            var parser = RecordParser(task: task, format: .auto, inputs: nil)
            var records = 0
            var lines = 0
            while let line = framer.finish() {
                guard case .line(let l) = line else { return XCTFail("\(file): unexpected \(line)") }
                lines += 1
                switch parser.parse(line: l) {
                case .header(let names):
                    XCTAssertEqual(lines, 1, file)
                    XCTAssertEqual(names.count, width, file)
                    XCTAssertEqual(names.last, lastName, file)
                case .record(let r, json: false):
                    records += 1
                    if case .label = r.target {} else if case .values(let v) = r.target { XCTAssertEqual(v.count, 1) } else {
                        XCTFail("\(file): record without target")
                    }
                default:
                    XCTFail("\(file) line \(lines): unexpected outcome")
                }
            }
            XCTAssertEqual(parser.inputs, width, file)
            XCTAssertEqual(records, lines - 1, file)
            XCTAssertGreaterThan(records, 300, file)
        }
    }
}
