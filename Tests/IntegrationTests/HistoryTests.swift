import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's history outlives it: every checkpoint carries it (section HIST), `learnctl plot
/// --checkpoint` draws it without a daemon, and a restarted or restored daemon shows it again. Drift
/// detections reach `status` and the log.
final class HistoryTests: XCTestCase {
    static let digitsCount = LearnctlLiveTests.digitsCount
    /// Digits, and only the checkpoints a test asks for.
    static let arguments = ["--set", "model.outputs=10", "--set", "checkpoint.every_seconds=0", "--set", "train.tuning=off"]

    static func learnctl(_ command: String, _ daemon: RunningDaemon, _ arguments: [String] = []) throws -> Harness.Result {
        try LearnctlLiveTests.learnctl(command, daemon, arguments)
    }

    /// `learnctl checkpoint` against `daemon`; the path of the file it wrote.
    static func checkpoint(_ daemon: RunningDaemon, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try learnctl("checkpoint", daemon)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return String(result.stdout.split(separator: " ")[1])
    }

    static func samples(_ status: [String: Any]) -> [[String: Any]] {
        ((status["history"] as? [String: Any])?["samples"] as? [[String: Any]]) ?? []
    }

    static func marks(_ status: [String: Any]) -> [[String: Any]] {
        ((status["history"] as? [String: Any])?["checkpoints"] as? [[String: Any]]) ?? []
    }

    /// `sample` as comparable text: time, learned and the accuracy.
    static func key(_ sample: [String: Any]) -> String {
        "\(sample["unix_seconds"] ?? "?") \(sample["learned"] ?? "?") \(sample["accuracy"] ?? "null")"
    }

    /// A daemon that has learned the digits and sampled its history after the last record.
    private func trainedDaemon(dir: URL) throws -> RunningDaemon {
        let daemon = try RunningDaemon(self, dir: dir, arguments: Self.arguments)
        let feed = try Self.learnctl("feed", daemon, ["--rate", "1000", Harness.fixture("digits_ci_train.csv")])
        XCTAssertEqual(feed.status, 0, feed.stdout + feed.stderr)
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 10) {
            Self.samples(try daemon.status()).contains { $0["learned"] as? Int == Self.digitsCount }
        }, "a sample after the last record")
        return daemon
    }

    func testACheckpointCarriesTheHistoryAndPlotDrawsItWithoutADaemon() throws {
        let dir = try Harness.tempDir(self)
        let daemon = try trainedDaemon(dir: dir)
        let path = try Self.checkpoint(daemon)
        let live = Self.samples(try daemon.status())
        let liveMarks = Self.marks(try daemon.status())
        XCTAssertEqual(liveMarks.last?["learned"] as? Int, Self.digitsCount, "the checkpoint is marked in status")
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitExit(), 0)

        // The file's history: what status showed (the live history may have one more sample since).
        let inspect = try XCTUnwrap(try Harness.run(["inspect", path, "--json"], tool: "learnctl").json)
        let history = try XCTUnwrap(inspect["history"] as? [String: Any], "inspect reports the history")
        let count = try XCTUnwrap(history["samples"] as? Int)
        XCTAssertGreaterThanOrEqual(count, 2)
        XCTAssertTrue(count == live.count || count == live.count - 1, "\(count) samples in the file, \(live.count) live")
        XCTAssertEqual(history["first_unix_seconds"] as? Int, live.first?["unix_seconds"] as? Int)
        XCTAssertEqual(history["last_unix_seconds"] as? Int, live[count - 1]["unix_seconds"] as? Int)
        XCTAssertEqual(history["checkpoints"] as? Int, 1, "its own mark")
        XCTAssertEqual((inspect["sections"] as? [[String: Any]])?.last?["tag"] as? String, "HIST")

        // Offline plot: no daemon is running any more.
        let svg = dir.appendingPathComponent("offline.svg")
        let plot = try Harness.run(["plot", "--checkpoint", path, "-o", svg.path], tool: "learnctl")
        XCTAssertEqual(plot.status, 0, plot.stderr)
        XCTAssertTrue(plot.stdout.hasPrefix("wrote \(svg.path): 5 curves over \(count) samples"), plot.stdout)
        let drawing = try SVGDrawing(svg)
        XCTAssertEqual(drawing.polylines.keys.sorted(), ["accuracy", "loss", "recent_accuracy", "records_per_second", "sparsity"])
        // The first sample may precede the first record: no accuracy yet, no point.
        let scored = live.prefix(count).filter { $0["accuracy"] as? Double != nil }
        XCTAssertEqual(drawing.points("accuracy").count, scored.count)
        XCTAssertEqual(drawing.points("records_per_second").count, count)
        // Values: the accuracy panel spans y 70 (1.0) to 240 (0.0) in a 900-pixel-wide drawing.
        for (point, sample) in zip(drawing.points("accuracy"), scored) {
            XCTAssertEqual(point.y, 240 - 170 * (sample["accuracy"] as! Double), accuracy: 0.051)
        }
        XCTAssertEqual(drawing.points("accuracy").last?.x ?? 0, 870, accuracy: 0.01, "the last sample at the right edge")
        XCTAssertEqual(drawing.lines(class: "checkpoint").count, 4, "one mark per panel")
        XCTAssertTrue(drawing.lines(class: "checkpoint").allSatisfy { abs($0 - 870) < 0.01 }, "at the end")

        // A checkpoint without history (learnd stream's) is refused with what to do.
        let plain = dir.appendingPathComponent("plain.ckpt").path
        XCTAssertEqual(try Harness.run(["stream", Harness.fixture("digits_ci_test.csv"), "--set", "model.outputs=10",
                                        "--checkpoint-out", plain, "--quiet"]).status, 0)
        let refused = try Harness.run(["plot", "--checkpoint", plain, "-o", svg.path], tool: "learnctl")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("carries no history"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("learnctl plot -o FILE.svg"), refused.stderr)
    }

    func testARestartedOrRestoredDaemonKeepsItsHistory() throws {
        let dir = try Harness.tempDir(self)
        let daemon = try trainedDaemon(dir: dir)
        let early = try Self.checkpoint(daemon)
        let before = Self.samples(try daemon.status()).map(Self.key)
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitExit(), 0)

        let restarted = try RunningDaemon(self, dir: dir, arguments: Self.arguments)
        XCTAssertTrue(restarted.stderr.contains("Restored "), restarted.stderr)
        let after = try restarted.status()
        let keys = Self.samples(after).map(Self.key)
        XCTAssertEqual(Array(keys.prefix(before.count)), before, "the pre-restart samples come first, unchanged")
        XCTAssertEqual(Self.marks(after).map { $0["learned"] as? Int }, [Self.digitsCount, Self.digitsCount],
                       "the requested and the shutdown checkpoint")
        XCTAssertEqual((after["records"] as? [String: Any])?["learned"] as? Int, Self.digitsCount)

        // New samples follow the restored ones.
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 10) { Self.samples(try restarted.status()).count > keys.count })

        // restore: the file's history replaces the running one.
        let inspect = try XCTUnwrap(try Harness.run(["inspect", early, "--json"], tool: "learnctl").json)
        let saved = try XCTUnwrap((inspect["history"] as? [String: Any])?["samples"] as? Int)
        let restore = try Self.learnctl("restore", restarted, [early])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        let restored = Self.samples(try restarted.status()).map(Self.key)
        XCTAssertEqual(Array(restored.prefix(saved)), Array(before.prefix(saved)))
        XCTAssertLessThanOrEqual(restored.count, saved + 1, "at most one sample taken since")
        XCTAssertEqual(Self.marks(try restarted.status()).count, 1, "the restored file's own mark")
    }

    /// ADWIN finds the weather stream's drift; status and the log report each detection, at the same
    /// records as `learnd stream` over the same file (same learner, same defaults).
    func testDriftDetectionsReachStatusAndTheLog() throws {
        let reference = try Harness.run(["stream", Harness.fixture("weather_rain_drift.csv"), "--set", "train.tuning=off",
                                         "--report", "json"])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let expected = try XCTUnwrap((reference.json?["drift"] as? [String: Any])?["last"] as? [Int])
        XCTAssertGreaterThan(expected.count, 0, "the weather stream drifts")

        let daemon = try RunningDaemon(self, arguments: ["--set", "train.tuning=off"])
        let feed = try Self.learnctl("feed", daemon, [Harness.fixture("weather_rain_drift.csv")])
        XCTAssertEqual(feed.status, 0, feed.stdout + feed.stderr)
        let status = try LearnctlLiveTests.json(try Self.learnctl("status", daemon, ["--json"]).stdout)
        let drift = try XCTUnwrap(status["drift"] as? [String: Any], "status has drift")
        XCTAssertEqual(drift["detector"] as? String, "adwin")
        XCTAssertEqual(drift["detections"] as? Int, expected.count)
        XCTAssertEqual(drift["last"] as? [Int], expected)

        let text = try Self.learnctl("status", daemon)
        XCTAssertTrue(text.stdout.contains("drift:       \(expected.count) event"), text.stdout)
        XCTAssertTrue(text.stdout.contains("last at record"), text.stdout)
        XCTAssertTrue(RunningDaemon.eventually(timeout: 5) {
            daemon.stderr.components(separatedBy: "Drift detected at record").count - 1 == expected.count
        }, daemon.stderr)
        for (n, record) in expected.enumerated() {
            XCTAssertTrue(daemon.stderr.contains("Drift detected at record \(record) (adwin, "), daemon.stderr)
            XCTAssertTrue(daemon.stderr.contains("detection \(n + 1) so far"), daemon.stderr)
        }
        // The history counts them once sampled, and plot marks them.
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 10) {
            Self.samples(try daemon.status()).last?["drift_detections"] as? Int == expected.count
        })
        let svg = try Harness.tempDir(self).appendingPathComponent("drift.svg")
        let plot = try Self.learnctl("plot", daemon, ["-o", svg.path])
        XCTAssertEqual(plot.status, 0, plot.stderr)
        XCTAssertEqual(try SVGDrawing(svg).lines(class: "drift").count, 4 * expected.count, "each detection in 4 panels")
    }
}

/// The polylines (by id, as points) and marked lines of an SVG file parsed as XML.
final class SVGDrawing: NSObject, XMLParserDelegate {
    var polylines: [String: String] = [:]
    var marks: [(cls: String, x: Double)] = []

    init(_ url: URL) throws {
        super.init()
        let parser = XMLParser(data: try Data(contentsOf: url))
        parser.delegate = self
        guard parser.parse() else { throw TestSocketError.noResponse("well-formed SVG: \(String(describing: parser.parserError))") }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "polyline" { polylines[attributes["id"] ?? ""] = attributes["points"] ?? "" }
        if name == "line", let cls = attributes["class"], let x = attributes["x1"].flatMap(Double.init) { marks.append((cls, x)) }
    }

    func points(_ id: String) -> [(x: Double, y: Double)] {
        (polylines[id] ?? "").split(separator: " ").compactMap { pair in
            let xy = pair.split(separator: ",").compactMap { Double($0) }
            return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
    }

    func lines(class cls: String) -> [Double] { marks.filter { $0.cls == cls }.map(\.x) }
}
