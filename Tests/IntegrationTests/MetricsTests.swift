import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `metrics` and `learnctl metrics` against a real daemon; `promtool check metrics` (Debian's prometheus
/// package, installed by Tools/setup) must accept the text at every stage: empty, after feeding, after restore.
final class MetricsTests: XCTestCase {
    static let digitsCount = 1437
    /// Lines every learnd rejects, by reason: two of the wrong width, one that does not parse.
    static let badLines = "1,2,3\n4,5\n7,x,y,z" + String(repeating: ",1", count: 61) + "\n"
    static let badCount = (width: 2, parse: 1)

    /// `learnctl metrics --socket ... ARGS`, checked by promtool; the sample lines as "name{labels}" → value.
    static func scrape(_ daemon: RunningDaemon, _ arguments: [String] = []) throws -> [String: Double] {
        let result = try LearnctlLiveTests.learnctl("metrics", daemon, arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        try promtoolAccepts(result.stdout)
        return samples(result.stdout)
    }

    static func promtoolAccepts(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let check = try Harness.runProgram("/usr/bin/promtool", ["check", "metrics"], stdin: Data(text.utf8))
        XCTAssertEqual(check.status, 0, "promtool check metrics: \(check.stdout)\(check.stderr)\n\(text)", file: file, line: line)
        XCTAssertEqual(check.stdout + check.stderr, "", file: file, line: line)
    }

    static func samples(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            out[String(line[..<space])] = Double(line[line.index(after: space)...])
        }
        return out
    }

    func testPromtoolAcceptsEveryStageAndCountersSurviveRestores() throws {
        let dir = try Harness.tempDir(self)
        var daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        let empty = try Self.scrape(daemon)
        XCTAssertEqual(empty["learnd_records_total{outcome=\"learned\"}"], 0)
        XCTAssertEqual(empty["learnd_records_total{outcome=\"rejected\"}"], 0)
        XCTAssertNil(empty["learnd_last_checkpoint_timestamp_seconds"])

        _ = try LearnctlLiveTests.learnctl("feed", daemon, [Harness.fixture("digits_ci_train.csv")])
        let bad = dir.appendingPathComponent("bad.csv").path
        try Self.badLines.write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertEqual(try LearnctlLiveTests.learnctl("feed", daemon, [bad]).status, 1)
        let fed = try Self.scrape(daemon)
        XCTAssertEqual(fed["learnd_records_total{outcome=\"learned\"}"], Double(Self.digitsCount))
        XCTAssertEqual(fed["learnd_records_total{outcome=\"rejected\"}"], 3)
        XCTAssertEqual(fed["learnd_records_rejected_total{kind=\"width\"}"], Double(Self.badCount.width))
        XCTAssertEqual(fed["learnd_records_rejected_total{kind=\"parse\"}"], Double(Self.badCount.parse))
        XCTAssertEqual(fed["learnd_replay_records"], 1000)
        XCTAssertEqual(fed["learnd_connections_accepted_total{socket=\"ingest\"}"], 2)
        let status = try daemon.status()
        XCTAssertEqual(fed["learnd_drift_detections_total"], Double(try XCTUnwrap((status["drift"] as? [String: Any])?["detections"] as? Int)))
        XCTAssertEqual(try XCTUnwrap(fed["learnd_accuracy_ratio{window=\"all\"}"]), try XCTUnwrap(status["accuracy"] as? Double),
                       accuracy: 1e-12)
        XCTAssertGreaterThan(fed["learnd_resident_memory_bytes"] ?? 0, 1_048_576)

        let before = Date().timeIntervalSince1970
        XCTAssertEqual(try LearnctlLiveTests.learnctl("checkpoint", daemon).status, 0)
        let written = try Self.scrape(daemon)
        XCTAssertEqual(written["learnd_checkpoints_written_total"], 1)
        let stamp = try XCTUnwrap(written["learnd_last_checkpoint_timestamp_seconds"])
        XCTAssertEqual(stamp, before, accuracy: 5)
        XCTAssertGreaterThan(written["learnd_last_checkpoint_size_bytes"] ?? 0, 10_000)

        // Restart: the learner's counters come back from the final checkpoint, as status's do.
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitExit(), 0)
        daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        let restarted = try Self.scrape(daemon)
        for key in ["learnd_records_total{outcome=\"learned\"}", "learnd_records_total{outcome=\"rejected\"}",
                    "learnd_records_rejected_total{kind=\"width\"}", "learnd_drift_detections_total"] {
            XCTAssertEqual(restarted[key], fed[key], key)
        }
        XCTAssertEqual(restarted["learnd_checkpoints_written_total"], 0, "this process has written none")

        // Restore on request into a fresh daemon: the same.
        let checkpoint = daemon.stateDir + "/" + (try XCTUnwrap(daemon.checkpoints.last))
        let fresh = try RunningDaemon(self, arguments: ["--set", "model.outputs=10", "--fresh"])
        XCTAssertEqual(try Self.scrape(fresh)["learnd_records_total{outcome=\"learned\"}"], 0)
        XCTAssertEqual(try LearnctlLiveTests.learnctl("restore", fresh, [checkpoint]).status, 0)
        let restored = try Self.scrape(fresh)
        XCTAssertEqual(restored["learnd_records_total{outcome=\"learned\"}"], Double(Self.digitsCount))
        XCTAssertEqual(restored["learnd_records_total{outcome=\"rejected\"}"], 3)
    }

    func testOutputFileIsReplacedAtomicallyAndOpenMetricsEnds() throws {
        let daemon = try RunningDaemon(self)
        let out = daemon.dir.appendingPathComponent("textfile/learnd.prom").path
        try FileManager.default.createDirectory(atPath: daemon.dir.appendingPathComponent("textfile").path,
                                                withIntermediateDirectories: true)
        for _ in 0..<2 {
            let run = try LearnctlLiveTests.learnctl("metrics", daemon, ["-o", out])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(run.stdout, "")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: out)
        XCTAssertEqual((attributes[.posixPermissions] as? Int).map { $0 & 0o644 }, 0o644)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: daemon.dir.appendingPathComponent("textfile").path),
                       ["learnd.prom"], "no temporary file left behind")
        try Self.promtoolAccepts(try String(contentsOfFile: out, encoding: .utf8))

        let open = try LearnctlLiveTests.learnctl("metrics", daemon, ["--openmetrics"])
        XCTAssertTrue(open.stdout.hasSuffix("\n# EOF\n"), open.stdout)
        XCTAssertTrue(open.stdout.contains("# TYPE learnd_records counter\n"))
        XCTAssertTrue(open.stdout.contains("# UNIT learnd_resident_memory_bytes bytes\n"))

        let missing = try LearnctlLiveTests.learnctl("metrics", daemon, ["-o", daemon.dir.path + "/no/such/dir/x.prom"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("learnctl: Failed to write metrics to "), missing.stderr)
        let unknown = try daemon.control(#"{"cmd":"metrics","format":"xml"}"#)
        XCTAssertEqual(unknown["error"] as? String, "unknown metrics format \"xml\" (prometheus, openmetrics)")
    }

    /// `metrics.socket`: curl --unix-socket reads GET /metrics; other paths and methods get 404/405; a client
    /// that sends garbage gets a 400, and the daemon keeps serving. The socket file goes at stop.
    func testHTTPListenerOnAUnixSocket() throws {
        let dir = try Harness.tempDir(self)
        let socket = dir.appendingPathComponent("metrics.sock").path
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "metrics.socket=\"\(socket)\""])
        _ = try LearnctlLiveTests.learnctl("feed", daemon, [Harness.fixture("digits_ci_train.csv")])
        func curl(_ arguments: [String]) throws -> Harness.Result {
            try Harness.runProgram("/usr/bin/curl", ["-sS", "--max-time", "10", "--unix-socket", socket] + arguments)
        }
        let scrape = try curl(["http://localhost/metrics"])
        XCTAssertEqual(scrape.status, 0, scrape.stderr)
        try Self.promtoolAccepts(scrape.stdout)
        XCTAssertEqual(Self.samples(scrape.stdout)["learnd_records_total{outcome=\"learned\"}"], Double(Self.digitsCount))
        let headers = try curl(["-D", "-", "-o", "/dev/null", "http://localhost/metrics"])
        XCTAssertTrue(headers.stdout.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"), headers.stdout)
        let open = try curl(["-H", "Accept: application/openmetrics-text; version=1.0.0", "http://localhost/metrics"])
        XCTAssertTrue(open.stdout.hasSuffix("# EOF\n"))
        XCTAssertEqual(try curl(["-o", "/dev/null", "-w", "%{http_code}", "http://localhost/"]).stdout, "404")
        XCTAssertEqual(try curl(["-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "http://localhost/metrics"]).stdout, "405")

        let raw = try SocketClient(connectingTo: socket)
        try raw.send("HELLO\n\n")
        XCTAssertEqual(raw.readLine(), "HTTP/1.1 400 Bad Request\r")
        XCTAssertEqual(try curl(["-o", "/dev/null", "-w", "%{http_code}", "http://localhost/metrics"]).stdout, "200")

        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitExit(), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: socket))
    }
}
