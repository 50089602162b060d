import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(Glibc)
import Glibc
#endif

/// learnctl's live commands against a real `learnd serve`: feed, status, predict, checkpoint,
/// restore and plot.
final class LearnctlLiveTests: XCTestCase {
    static let digitsCount = 1437

    /// Runs `learnctl COMMAND --socket CONTROL ARGS...`.
    static func learnctl(_ command: String, _ daemon: RunningDaemon, _ arguments: [String] = [],
                         stdin: Data? = nil) throws -> Harness.Result {
        try Harness.run([command, "--socket", daemon.controlPath] + arguments, tool: "learnctl", stdin: stdin)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    /// A JSON value as text with sorted keys, for comparisons.
    static func canonical(_ value: Any?) throws -> String {
        let value = try XCTUnwrap(value)
        return String(decoding: try JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]), as: UTF8.self)
    }

    func testFeedDigitsReportsExactlyWhatStatusCounts() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"])
        let feed = try Self.learnctl("feed", daemon, ["--json", Harness.fixture("digits_ci_train.csv")])
        XCTAssertEqual(feed.status, 0, feed.stdout + feed.stderr)
        let summary = try Self.json(feed.stdout)
        XCTAssertEqual(summary["sent"] as? Int, Self.digitsCount)
        XCTAssertEqual(summary["learned"] as? Int, Self.digitsCount)
        XCTAssertEqual(summary["predicted"] as? Int, 0)
        XCTAssertEqual(summary["rejected"] as? Int, 0)

        // learnd has processed every record by the time feed returns: status agrees at once.
        let status = try Self.learnctl("status", daemon, ["--json"])
        XCTAssertEqual(status.status, 0, status.stderr)
        let json = try Self.json(status.stdout)
        XCTAssertEqual(json["ok"] as? Bool, true)
        let records = try XCTUnwrap(json["records"] as? [String: Any])
        XCTAssertEqual(records["read"] as? Int, Self.digitsCount)
        XCTAssertEqual(records["learned"] as? Int, Self.digitsCount)
        XCTAssertEqual(records["predicted"] as? Int, 0)
        XCTAssertEqual(records["rejected"] as? Int, 0)
        let history = try XCTUnwrap(json["history"] as? [String: Any], "status carries the history")
        XCTAssertEqual(history["period_seconds"] as? Int, 2)
        XCTAssertGreaterThanOrEqual((history["samples"] as? [Any])?.count ?? 0, 1)

        let text = try Self.learnctl("status", daemon)
        XCTAssertEqual(text.status, 0, text.stderr)
        for expected in ["64-128-10 classify", "\(Self.digitsCount) learned, 0 predicted, 0 rejected", "accuracy:",
                         "classes:     10: 0, 1", "replay:      1000 of 1000", "sparsity:", ", up ", "RSS", "checkpoint:"] {
            XCTAssertTrue(text.stdout.contains(expected), "\(expected) in\n\(text.stdout)")
        }
    }

    func testFeedReportsRejectedLinesWithTheirNumbersAndExitsOne() throws {
        let dir = try Harness.tempDir(self)
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        let digits = ServeIngestTests.digits
        let header = try String(contentsOfFile: Harness.fixture("digits_ci_train.csv"), encoding: .utf8)
            .split(separator: "\n")[0]
        let fields = digits[7].split(separator: ",", omittingEmptySubsequences: false)
        let lines = [
            String(header),                                                              // 1: header
            digits[0], digits[1], digits[2], digits[3], digits[4],                       // 2-6: learned
            "# a comment",                                                               // 7
            "",                                                                          // 8
            fields.dropLast().joined(separator: ","),                                    // 9: 63 features
            digits[5],                                                                   // 10: learned
            (fields.prefix(5) + ["nan"] + fields.dropFirst(6)).joined(separator: ","),   // 11: nan
            "?" + digits[6].drop { $0 != "," },                                          // 12: predicted
            "\u{1}\u{2}garbage",                                                         // 13: rejected
        ]
        let bad = dir.appendingPathComponent("bad.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: bad, atomically: true, encoding: .utf8)

        // Two files in one run: line numbers are per file.
        let predictions = dir.appendingPathComponent("predictions.txt").path
        let feed = try Self.learnctl("feed", daemon, [Harness.fixture("digits_ci_train.csv"), bad, "--predictions", predictions])
        XCTAssertEqual(feed.status, 1, "a rejected record makes feed fail: \(feed.stdout)\(feed.stderr)")
        XCTAssertTrue(feed.stdout.contains("sent \(Self.digitsCount + 10) records from 2 files"), feed.stdout)
        XCTAssertTrue(feed.stdout.contains("\(Self.digitsCount + 6) learned, 1 predicted, 3 rejected"), feed.stdout)
        XCTAssertTrue(feed.stdout.contains("\(bad):9: expected 64 features, got 63"), feed.stdout)
        XCTAssertTrue(feed.stdout.contains("\(bad):11: feature 5"), feed.stdout)
        XCTAssertTrue(feed.stdout.contains("\(bad):13: "), feed.stdout)
        let predicted = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(predicted.count, 1)
        XCTAssertTrue(predicted.first?.hasPrefix("\(bad):12: ") ?? false, "\(predicted)")
        XCTAssertEqual(predicted.first?.split(separator: " ").last?.split(separator: ",").count, 2, "LABEL,CONFIDENCE")

        let records = try XCTUnwrap(try daemon.status()["records"] as? [String: Any])
        XCTAssertEqual(records["learned"] as? Int, Self.digitsCount + 6)
        XCTAssertEqual(records["predicted"] as? Int, 1)
        XCTAssertEqual(records["rejected"] as? Int, 3)

        // --allow-rejects, JSON summary, standard input.
        let again = try Self.learnctl("feed", daemon, ["-", "--allow-rejects", "--json"],
                                      stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        let summary = try Self.json(again.stdout)
        XCTAssertEqual(summary["sent"] as? Int, 10)
        XCTAssertEqual(summary["learned"] as? Int, 6)
        XCTAssertEqual(summary["predicted"] as? Int, 1)
        XCTAssertEqual(summary["rejected"] as? Int, 3)
        let rejections = try XCTUnwrap(summary["rejections"] as? [[String: Any]])
        XCTAssertEqual(rejections.map { $0["line"] as? Int }, [9, 11, 13])
        XCTAssertEqual(rejections.first?["file"] as? String, "stdin")
        XCTAssertEqual(try daemon.records("rejected"), 6)
    }

    func testFeedRateLimitsRecordsPerSecond() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"])
        let dir = try Harness.tempDir(self)
        let file = dir.appendingPathComponent("some.csv").path
        try (ServeIngestTests.digits.prefix(100).joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let started = Date()
        let feed = try Self.learnctl("feed", daemon, ["--rate", "100", file])
        XCTAssertEqual(feed.status, 0, feed.stdout + feed.stderr)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.95, "100 records at 100/s take about a second")
        XCTAssertEqual(try daemon.records("learned"), 100)
    }

    func testPredictAgreesWithEvalOfACheckpointTakenNow() throws {
        let dir = try Harness.tempDir(self)
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        XCTAssertEqual(try Self.learnctl("feed", daemon, [Harness.fixture("digits_ci_train.csv")]).status, 0)

        let checkpoint = try Self.learnctl("checkpoint", daemon)
        XCTAssertEqual(checkpoint.status, 0, checkpoint.stderr)
        let wrote = try XCTUnwrap(checkpoint.stdout.split(separator: " ").dropFirst().first.map(String.init), checkpoint.stdout)
        XCTAssertTrue(checkpoint.stdout.hasPrefix("wrote \(daemon.stateDir)/learnd-"), checkpoint.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: wrote), wrote)

        let sample = stride(from: 0, to: ServeIngestTests.digits.count, by: 37).map { ServeIngestTests.digits[$0] }
        let features = sample.map { String($0.drop { $0 != "," }.dropFirst()) }
        // One record as arguments...
        let single = try Self.learnctl("predict", daemon, [features[0]])
        XCTAssertEqual(single.status, 0, single.stderr)
        // ... and many on standard input, one line each.
        let many = try Self.learnctl("predict", daemon, ["-"], stdin: Data((features.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(many.status, 0, many.stderr)
        let live = many.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(live.count, sample.count)
        XCTAssertEqual(single.stdout.split(separator: " ").first.map(String.init), live[0][0])

        let test = dir.appendingPathComponent("test.csv").path, out = dir.appendingPathComponent("eval.jsonl").path
        try (sample.joined(separator: "\n") + "\n").write(toFile: test, atomically: true, encoding: .utf8)
        let eval = try Harness.run(["eval", wrote, test, "--predictions", out], tool: "learnctl")
        XCTAssertEqual(eval.status, 0, eval.stderr)
        let offline = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { try Self.json(String($0)) }
        XCTAssertEqual(offline.count, sample.count)
        for (n, (l, o)) in zip(live, offline).enumerated() {
            XCTAssertEqual(l[0], o["label"] as? String, "record \(n)")
            XCTAssertEqual(Double(l[1])!, o["confidence"] as! Double, accuracy: 1e-4, "record \(n)")
        }

        let json = try Self.learnctl("predict", daemon, ["--json", features[1]])
        XCTAssertEqual(try Self.json(json.stdout)["prediction"] as? String, live[1][0])
        let wrong = try Self.learnctl("predict", daemon, ["1,2,3"])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.contains("expected 64 features, got 3"), wrong.stderr)
        let negative = try Self.learnctl("predict", daemon, ["-1,2,3"])
        XCTAssertTrue(negative.stderr.contains("expected 64 features, got 3"), "a leading minus is a value: \(negative.stderr)")
    }

    func testRestoreOfACorruptFileIsRefusedAndTheRunningStateStays() throws {
        let dir = try Harness.tempDir(self)
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        let first = dir.appendingPathComponent("first.csv").path
        try (ServeIngestTests.digits.prefix(300).joined(separator: "\n") + "\n").write(toFile: first, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Self.learnctl("feed", daemon, [first]).status, 0)
        let checkpoint = try Self.learnctl("checkpoint", daemon)
        XCTAssertEqual(checkpoint.status, 0, checkpoint.stderr)
        let good = String(checkpoint.stdout.split(separator: " ")[1])
        XCTAssertEqual(try Self.learnctl("feed", daemon, [Harness.fixture("digits_ci_train.csv")]).status, 0)

        let before = try daemon.status()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        bytes[bytes.count / 2] ^= 0x5A
        let corrupt = dir.appendingPathComponent("corrupt.ckpt")
        try bytes.write(to: corrupt)
        // A relative path is resolved by learnctl, since learnd runs elsewhere.
        let refused = try Harness.runProgram("/bin/sh", ["-c", "cd '\(dir.path)' && '\(Harness.binary("learnctl"))' restore "
                                                         + "--socket '\(daemon.controlPath)' corrupt.ckpt"])
        XCTAssertEqual(refused.status, 1, refused.stdout)
        XCTAssertTrue(refused.stderr.contains("refused \(corrupt.path)"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("the running state is unchanged"), refused.stderr)
        let after = try daemon.status()
        for key in ["records", "accuracy", "recent_accuracy", "loss", "replay", "model"] {
            XCTAssertEqual(try Self.canonical(after[key]), try Self.canonical(before[key]), key)
        }

        let restored = try Self.learnctl("restore", daemon, [good])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertTrue(restored.stdout.hasPrefix("restored \(good), 300 records learned"), restored.stdout)
        XCTAssertEqual(try daemon.records("learned"), 300)
    }

    func testNoDaemonAndRefusedAccessAreClearMessages() throws {
        let dir = try Harness.tempDir(self)
        let missing = dir.appendingPathComponent("control.sock").path
        for command in [["status"], ["watch", "--count", "1"], ["feed", "-"], ["predict", "1,2"], ["checkpoint"], ["plot", "-o", "x.svg"]] {
            let result = try Harness.run([command[0], "--socket", missing] + command.dropFirst(), tool: "learnctl", stdin: Data())
            XCTAssertEqual(result.status, 1, "\(command)")
            XCTAssertTrue(result.stderr.contains("no learnd listening on \(missing): start it with `learnd serve` or "
                                                 + "`systemctl start learnd.socket`, or pass --socket"), "\(command): \(result.stderr)")
        }
        // Discovery by learnd's rules: $RUNTIME_DIRECTORY/control.sock.
        let daemon = try RunningDaemon(self, dir: dir)
        let found = try Harness.run(["status"], tool: "learnctl", environment: ["RUNTIME_DIRECTORY": dir.path])
        XCTAssertEqual(found.status, 0, found.stderr)
        XCTAssertTrue(found.stdout.contains("on \(daemon.controlPath)"), found.stdout)

        // Another user: refused by the socket's mode, with what to do.
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let other = try Harness.runProgram("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                                Harness.binary("learnctl"), "status", "--socket", daemon.controlPath])
        guard !other.stderr.hasPrefix("setpriv:") else { throw XCTSkip("uid 65534 cannot run learnctl here: \(other.stderr)") }
        XCTAssertEqual(other.status, 1, other.stdout)
        XCTAssertTrue(other.stderr.contains("run as root, as learnd's user, or add your uid to control.allow_uids"), other.stderr)
        // A socket open to all, and learnd refuses the peer itself (SO_PEERCRED).
        let open = try RunningDaemon(self, arguments: ["--set", "control.mode=0o666"])
        let refused = try Harness.runProgram("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                                  Harness.binary("learnctl"), "status", "--socket", open.controlPath])
        XCTAssertEqual(refused.status, 1, refused.stdout)
        XCTAssertTrue(refused.stderr.contains("permission denied: uid 65534"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("run as root, as learnd's user, or add your uid to control.allow_uids"), refused.stderr)
    }

    func testPlotWritesWellFormedSVGWithOnePolylinePerCurve() throws {
        let dir = try Harness.tempDir(self)
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        XCTAssertEqual(try Self.learnctl("feed", daemon, ["--rate", "1000", Harness.fixture("digits_ci_train.csv")]).status, 0)
        // Two samples with a score (a sample before the first record learned has none).
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 10) {
            let samples = ((try daemon.status()["history"] as? [String: Any])?["samples"] as? [[String: Any]]) ?? []
            return samples.filter { $0["accuracy"] as? Double != nil }.count >= 2
        })
        let svg = dir.appendingPathComponent("curves.svg")
        let plot = try Self.learnctl("plot", daemon, ["-o", svg.path])
        XCTAssertEqual(plot.status, 0, plot.stderr)
        XCTAssertTrue(plot.stdout.hasPrefix("wrote \(svg.path): 5 curves"), plot.stdout)

        let parser = XMLParser(data: try Data(contentsOf: svg))
        let collector = SVGCollector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        XCTAssertEqual(collector.root, "svg")
        XCTAssertEqual(collector.polylines.map(\.id).sorted(),
                       ["accuracy", "loss", "recent_accuracy", "records_per_second", "sparsity"])
        for line in collector.polylines {
            let points = line.points.split(separator: " ")
            XCTAssertGreaterThanOrEqual(points.count, 2, line.id)
            XCTAssertTrue(points.allSatisfy { $0.split(separator: ",").count == 2 && $0.split(separator: ",").allSatisfy { Double($0) != nil } },
                          line.points)
        }
    }
}

/// Collects the root element and the polylines of an SVG file.
final class SVGCollector: NSObject, XMLParserDelegate {
    var root: String?
    var polylines: [(id: String, points: String)] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = name }
        if name == "polyline" { polylines.append((attributes["id"] ?? "", attributes["points"] ?? "")) }
    }
}
