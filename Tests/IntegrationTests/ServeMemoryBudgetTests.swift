import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The memory budget for partial lines and unsent replies (issue 13, cases 1 and 2): learnd stops
/// reading clients at `ingest.max_buffered_bytes` instead of growing, keeps answering `status`,
/// accounts for every record once the clients finish, and gives the memory back when they leave.
final class ServeMemoryBudgetTests: XCTestCase {
    func testProducersHoldingPartialLinesStayWithinTheBudget() throws {
        // One learner (train.tuning off): what is measured is the buffers, not a population's model memory.
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10", "--set", "train.tuning=off",
                                                         "--set", "ingest.max_buffered_bytes=2097152"])
        let baseline = try XCTUnwrap(daemon.rssBytes)
        // 400 producers each send 60,000 bytes of one line and no newline: 24 MB if all were kept.
        let partial = "a," + String(repeating: "1", count: 59_998)
        var hostile: [SocketClient] = []
        for _ in 0..<400 {
            let client = try SocketClient(connectingTo: daemon.ingestPath)
            try client.send(partial)
            hostile.append(client)
        }
        let status = try daemon.status()
        let connections = try XCTUnwrap(status["connections"] as? [String: Any])
        XCTAssertEqual(connections["ingest"] as? Int, 400)
        XCTAssertGreaterThanOrEqual(connections["buffered_bytes"] as? Int ?? 0, 2_097_152, "the budget is spent")
        XCTAssertLessThan(connections["buffered_bytes"] as? Int ?? .max, 2_097_152 + 2 * 65_536, "by at most a read and a line")
        let peak = try XCTUnwrap(daemon.rssBytes)
        XCTAssertLessThan(peak - baseline, 12 << 20, "RSS growth with 400 partial lines of 60 KB")

        // A well-behaved producer waits (backpressure); status still answers at once.
        let good = try SocketClient(connectingTo: daemon.ingestPath)
        try good.send(ServeIngestTests.digits.prefix(50).joined(separator: "\n") + "\n")
        good.finishSending()
        let asked = Date()
        XCTAssertEqual(try daemon.status()["ok"] as? Bool, true)
        XCTAssertLessThan(Date().timeIntervalSince(asked), 0.1)

        // The holders leave: each partial line is taken at end of input (and rejected); every
        // record of every connection is accounted, and the memory goes back.
        hostile = []
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 30) {
            let r = try daemon.status()["records"] as! [String: Any]
            return (r["learned"] as! Int) + (r["predicted"] as! Int) + (r["rejected"] as! Int) == 450
        }, "\((try? daemon.status()["records"]) ?? "-")")
        XCTAssertEqual(try daemon.records("read"), 450)
        XCTAssertEqual(try daemon.records("learned"), 50)
        XCTAssertTrue(RunningDaemon.eventually(timeout: 10) { (daemon.rssBytes ?? .max) - baseline < 4 << 20 },
                      "RSS back near its baseline: \(daemon.rssBytes ?? 0) against \(baseline)")
    }

    func testControlClientThatDoesNotReadIsNoLongerRead() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"])
        let baseline = try XCTUnwrap(daemon.rssBytes)
        let client = try SocketClient(connectingTo: daemon.controlPath)
        let requests = 20_000
        let sent = Locked(false)
        Thread.detachNewThread {   // blocks once learnd stops reading it
            try? client.send(String(repeating: #"{"cmd":"status"}"# + "\n", count: requests))
            sent.update { $0 = true }
        }
        Thread.sleep(forTimeInterval: 2)
        XCTAssertFalse(sent.value, "learnd stopped reading a client that does not read its responses")
        let growth = try XCTUnwrap(daemon.rssBytes) - baseline
        XCTAssertLessThan(growth, 8 << 20, "RSS growth while a control client does not read")
        XCTAssertEqual(try daemon.status()["ok"] as? Bool, true, "other control clients are answered")

        // Reading now, the client gets every response, in order.
        var answered = 0
        while answered < requests, let line = client.readLine(timeout: 10) {
            XCTAssertTrue(line.hasPrefix(#"{"ok":true,"#), String(line.prefix(80)))
            answered += 1
        }
        XCTAssertEqual(answered, requests)
        XCTAssertTrue(sent.value)
    }
}
