import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM saves what was learned (issue 13, cases 11 and 12): when the drain times out, the
/// final checkpoint is still written, with a line saying how many queued records were not
/// learned; when it cannot be written, learnd exits 1.
final class ServeShutdownTests: XCTestCase {
    /// 3,000 records queued behind a learner slowed to 5 ms a record.
    private func slowDaemonWithBacklog(_ extra: [String] = []) throws -> RunningDaemon {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10", "--set", "shutdown_timeout=1",
                                                         "--set", "ingest.queue=4000", "--set", "checkpoint.every_seconds=0"] + extra)
        XCTAssertEqual(try daemon.control(#"{"cmd":"fault","slow_ms":5}"#)["ok"] as? Bool, true)
        let client = try SocketClient(connectingTo: daemon.ingestPath)
        let lines = (0..<3000).map { ServeIngestTests.digits[$0 % ServeIngestTests.digits.count] }
        try client.send(lines.joined(separator: "\n") + "\n")
        client.finishSending()
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 10) { try daemon.records("read") == 3000 })
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 10) { try daemon.records("learned") > 0 })
        return daemon
    }

    func testDrainTimeoutStillSavesWhatWasLearned() throws {
        let daemon = try slowDaemonWithBacklog()
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitExit(timeout: 30), 0, daemon.stderr)
        XCTAssertEqual(daemon.checkpoints.count, 1, daemon.stderr)
        let path = URL(fileURLWithPath: daemon.stateDir).appendingPathComponent(try XCTUnwrap(daemon.checkpoints.first)).path
        let inspect = try Harness.run(["inspect", "--json", path], tool: "learnctl")
        let learned = try XCTUnwrap((inspect.json?["records"] as? [String: Any])?["learned"] as? Int, inspect.stdout)
        XCTAssertGreaterThan(learned, 0)
        XCTAssertLessThan(learned, 3000)
        let line = try XCTUnwrap(daemon.stderr.split(separator: "\n").first { $0.contains("queued records were not learned") },
                                 daemon.stderr)
        XCTAssertTrue(line.hasPrefix("\(3000 - learned) queued records were not learned; saving the \(learned) learned"), String(line))
    }

    func testUnwritableFinalCheckpointExitsNonZero() throws {
        let daemon = try slowDaemonWithBacklog()
        try FileManager.default.removeItem(atPath: daemon.stateDir)
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitExit(timeout: 30), 1, daemon.stderr)
        XCTAssertTrue(daemon.stderr.contains("Failed to write the final checkpoint: "), daemon.stderr)
        XCTAssertTrue(daemon.stderr.contains("learned records are not saved"), daemon.stderr)
    }
}
