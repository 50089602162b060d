import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The one "needs a new model" rule on the real binary: a restart with a changed key either works
/// or exits 1 with one line naming the key (issue 13, case 9); a live `restore` of a checkpoint
/// made with other model settings is refused naming them, unless asked to adopt them (case 15).
final class ServeModelSettingsTests: XCTestCase {
    /// One learner (`train.tuning = "off"`): a changed learning rate is checked as the rate in use
    /// (a tuned population keeps each member's own rate on restart, README "Step size: tuned online").
    static let regress = ["--set", "model.task=regress", "--set", "model.outputs=1", "--set", "model.inputs=2",
                          "--set", "model.hidden=[8]", "--set", "train.tuning=off"]

    /// A regress daemon that learned 50 records and stopped, leaving its final checkpoint in `dir`.
    private func learnedState(_ dir: URL) throws {
        let daemon = try RunningDaemon(self, dir: dir, arguments: Self.regress)
        let client = try SocketClient(connectingTo: daemon.ingestPath)
        try client.send((0..<50).map { k in "\(Double(k % 7) * 0.5),\(k % 7),\(k % 3)" }.joined(separator: "\n") + "\n")
        client.finishSending()
        XCTAssertTrue(try RunningDaemon.eventually { try daemon.records("learned") == 50 })
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitExit(), 0)
        XCTAssertEqual(daemon.checkpoints.count, 1)
    }

    func testRestartWithAChangedKeyWorksOrNamesTheKey() throws {
        let dir = try Harness.tempDir(self)
        try learnedState(dir)
        for (override, key) in [("train.normalize_targets=false", "train.normalize_targets"),
                                ("metrics.recent_window=7", "metrics.recent_window"), ("model.seed=5", "model.seed"),
                                ("train.optimizer=adam", "train.optimizer"), ("model.hidden=[9]", "model.hidden")] {
            let refused = try RunningDaemon(self, dir: dir, arguments: Self.regress + ["--set", override], waitReady: false)
            XCTAssertEqual(refused.waitExit(), 1, override)
            let lines = refused.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, refused.stderr)
            XCTAssertTrue(lines.first?.contains("other values of \(key), which need a new model") ?? false, refused.stderr)
        }
        let tuned = try RunningDaemon(self, dir: dir, arguments: Self.regress + ["--set", "train.learning_rate=0.01",
                                                                                 "--set", "drift.detector=adwin"])
        XCTAssertEqual(try tuned.records("learned"), 50, "a live key changed: restored and retuned")
        XCTAssertEqual(try tuned.status()["learning_rate"] as? Double ?? 0, 0.01, accuracy: 1e-6)
        tuned.signal(SIGTERM)
        XCTAssertEqual(tuned.waitExit(), 0)
    }

    func testLiveRestoreOfOtherSettingsIsRefusedUnlessAdopted() throws {
        let dir = try Harness.tempDir(self)
        try learnedState(dir)
        let saved = URL(fileURLWithPath: dir.appendingPathComponent("state").path)
            .appendingPathComponent(try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("state").path)
                .first { $0.hasSuffix(".ckpt") })).path
        let other = try RunningDaemon(self, arguments: Self.regress + ["--set", "train.optimizer=adam", "--set", "replay.capacity=50"])
        let refused = try other.control(#"{"cmd":"restore","path":"\#(saved)"}"#)
        XCTAssertEqual(refused["ok"] as? Bool, false)
        let error = try XCTUnwrap(refused["error"] as? String)
        XCTAssertTrue(error.contains("its train.optimizer, replay.capacity differ from the running configuration"), error)
        XCTAssertTrue(error.contains("\"adopt\": true"), error)
        XCTAssertEqual(try other.records("learned"), 0, "running state untouched")

        let cli = try Harness.run(["restore", "--socket", other.controlPath, saved], tool: "learnctl")
        XCTAssertEqual(cli.status, 1, cli.stdout)
        XCTAssertTrue(cli.stderr.contains("train.optimizer"), cli.stderr)
        let adopted = try Harness.run(["restore", "--adopt", "--socket", other.controlPath, saved], tool: "learnctl")
        XCTAssertEqual(adopted.status, 0, adopted.stderr)
        XCTAssertTrue(adopted.stdout.hasPrefix("restored \(saved), 50 records learned"), adopted.stdout)
        XCTAssertEqual(try other.records("learned"), 50)
        XCTAssertTrue(other.stderr.contains("adopted its train.optimizer, replay.capacity until the next restart"), other.stderr)

        // A width or task of its own is never adopted.
        let wider = try RunningDaemon(self, arguments: Self.regress.dropLast(4) + ["--set", "model.inputs=3", "--set", "model.hidden=[8]"])
        let never = try wider.control(#"{"cmd":"restore","path":"\#(saved)","adopt":true}"#)
        XCTAssertEqual(never["ok"] as? Bool, false)
        XCTAssertTrue((never["error"] as? String ?? "").contains("its model.inputs differ"), "\(never)")
    }
}
