import Foundation
import XCTest

/// Every invalid kind of record is rejected with its line number; valid ones are learned;
/// nothing is lost: learned + predicted + rejected == records read.
final class StreamBadInputTests: XCTestCase {
    func testEveryInvalidKindIsRejectedWithItsLineNumber() throws {
        let dir = try Harness.tempDir(self)
        var lines: [String] = ["label,f1,f2,f3,f4"]          // 1: header, skipped
        var expectRejected: [Int: String] = [:]               // line -> fragment of the reason
        var learned = 0, predicted = 0
        func valid(_ label: String) { lines.append("\(label),\(lines.count % 7),0.5,-1.25,3e-2"); learned += 1 }
        func bad(_ line: String, _ reason: String) { lines.append(line); expectRejected[lines.count] = reason }
        valid("a"); valid("b")
        bad("a,1,2,3", "expected 4 features, got 3")
        bad("b,1,2,3,4,5", "expected 4 features, got 5")
        valid("c")
        bad("a,1,x,3,4", "feature 2")
        bad("a,1,2,nan,4", "feature 3")
        bad("b,inf,2,3,4", "feature 1")
        bad("b,1,2,3,", "feature 4")
        bad("a," + String(repeating: "1", count: 70_000), "longer than")
        lines.append(",1,2,3,4"); predicted += 1                   // empty label: predict only
        lines.append("?,1,2,3,4"); predicted += 1                  // "?" label: predict only
        bad("d,1,2,3,4", "class capacity 3 reached")
        bad("\u{01}\u{02}garbage\u{7F},\u{FF}", "")
        lines.append("# a comment, skipped")
        valid("a")
        var data = Data(lines.joined(separator: "\n").utf8)
        data.append(contentsOf: [0x0A, 0xC3, 0x28, 0x2C, 0x31, 0x0A])  // invalid UTF-8 line
        expectRejected[lines.count + 1] = ""
        let path = dir.appendingPathComponent("mixed.csv").path
        try data.write(to: URL(fileURLWithPath: path))

        let result = try Harness.run(["stream", path, "--set", "model.outputs=3", "--report", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try XCTUnwrap(result.json)
        XCTAssertEqual(report["learned"] as? Int, learned)
        XCTAssertEqual(report["predicted"] as? Int, predicted)
        XCTAssertEqual(report["rejected"] as? Int, expectRejected.count)
        XCTAssertEqual(report["records"] as? Int, learned + predicted + expectRejected.count)

        let rejections = result.stderr.split(separator: "\n").filter { $0.hasPrefix(path + ":") }
        XCTAssertEqual(rejections.count, expectRejected.count, result.stderr)
        for (line, fragment) in expectRejected {
            let hit = rejections.first { $0.hasPrefix("\(path):\(line): ") }
            XCTAssertNotNil(hit, "line \(line) reported")
            if let hit, !fragment.isEmpty { XCTAssertTrue(hit.contains(fragment), "line \(line): \(hit)") }
        }
    }

    func testMissingFileIsAClearError() throws {
        let result = try Harness.run(["stream", "/nonexistent/records.csv"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("/nonexistent/records.csv"), result.stderr)
    }

    func testUnknownConfigKeyNamesTheKey() throws {
        let result = try Harness.run(["stream", Harness.fixture("digits_ci_test.csv"), "--set", "train.learnig_rate=0.1"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("train.learnig_rate"), result.stderr)
    }

    func testStdinIsAccepted() throws {
        let body = try Data(contentsOf: URL(fileURLWithPath: Harness.fixture("digits_ci_test.csv")))
        let result = try Harness.run(["stream", "-", "--report", "json", "--quiet"], stdin: body)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.json?["learned"] as? Int, 360)
    }
}

/// Issue 13, case 8 with `model.inputs = "auto"`: the first record fixes the width; a width whose model would
/// need more than `model.max_memory` is refused record by record (kind `width`, naming the key), never built.
final class StreamAutoWidthMemoryTests: XCTestCase {
    func testAWidthTooLargeForMaxMemoryIsRejectedNotBuilt() throws {
        let dir = try Harness.tempDir(self)
        let wide = (0..<4000).map { "\($0 % 5)" }.joined(separator: ",")
        let lines = ["a," + wide, "b," + wide, "?," + wide]
        let path = dir.appendingPathComponent("wide.csv").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let result = try Harness.run(["stream", path, "--set", "model.max_memory=8388608", "--report", "json"])
        XCTAssertEqual(result.status, 1, "no model was built, so the run fails: \(result.stderr)")
        XCTAssertEqual(result.stderr.components(separatedBy: "a model of 4000 inputs cannot be built: model.max_memory").count,
                       4, "each of the 3 records refused with its line: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("no valid record in the input"), result.stderr)
        // The same records fit a model with room for them.
        let roomy = try Harness.run(["stream", path, "--set", "model.max_memory=1073741824", "--report", "json"])
        XCTAssertEqual(try XCTUnwrap(roomy.json)["learned"] as? Int, 2, roomy.stderr)
    }
}
