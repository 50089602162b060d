import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A slow model is not a stuck one (issue 13, case 13): while the learner works through a large
/// batch, `status` keeps moving and WATCHDOG=1 keeps coming, because the learner reports
/// progress by time (every 50 ms of work), not at the end of a batch.
final class ServeLivenessTests: XCTestCase {
    func testSlowLearnerKeepsStatusFreshAndTheWatchdogFed() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10", "--set", "ingest.queue=4000"],
                                       environment: ["WATCHDOG_USEC": "400000"])
        // 20 ms a record: one 64 KiB read (~300 records) is 6 s of work for one batch.
        XCTAssertEqual(try daemon.control(#"{"cmd":"fault","slow_ms":20}"#)["ok"] as? Bool, true)
        let client = try SocketClient(connectingTo: daemon.ingestPath)
        try client.send(ServeIngestTests.digits.prefix(600).joined(separator: "\n") + "\n")
        client.finishSending()
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 5) { try daemon.records("learned") > 0 })
        _ = daemon.notify.receive(timeout: 0.3)
        var learned = try daemon.records("learned")
        for step in 0..<8 {
            usleep(250_000)
            let now = try daemon.records("learned")
            XCTAssertGreaterThan(now, learned, "status moved within 250 ms (step \(step))")
            learned = now
        }
        let pings = daemon.notify.receive(timeout: 1.2).filter { $0.contains("WATCHDOG=1") }
        XCTAssertGreaterThanOrEqual(pings.count, 4, "pings every 200 ms while a slow learner works")
        XCTAssertLessThan(learned, 600, "still working: the test saw a batch in progress")
    }
}
