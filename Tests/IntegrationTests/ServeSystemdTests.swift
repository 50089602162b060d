import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// learnd serve and systemd's protocol, with the test standing in for systemd.
final class ServeSystemdTests: XCTestCase {
    func testReadyOnlyOnceTheSocketsAcceptAndStatusCarriesCounters() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"])
        // READY=1 has arrived (the harness waited for it): both sockets must accept right now.
        XCTAssertNoThrow(try SocketClient(connectingTo: daemon.ingestPath))
        XCTAssertEqual(try daemon.status()["ok"] as? Bool, true)
        let client = try SocketClient(connectingTo: daemon.ingestPath)
        try client.send(ServeIngestTests.digits.prefix(100).joined(separator: "\n") + "\n")
        client.finishSending()
        let lines = daemon.notify.receive(timeout: 8) { $0.contains("STATUS=learned 100") }
        XCTAssertTrue(lines.contains { $0.hasPrefix("STATUS=learned 100,") && $0.contains("accuracy") && $0.contains("sparsity") },
                      "\(lines)")
    }

    func testWatchdogPingsWhileLearningAndStopsWhenTheLearnerIsStuck() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"], environment: ["WATCHDOG_USEC": "400000"])
        let healthy = daemon.notify.receive(timeout: 1.5).filter { $0.contains("WATCHDOG=1") }
        XCTAssertGreaterThanOrEqual(healthy.count, 4, "pings every 200 ms while idle with an empty queue")
        XCTAssertEqual(try daemon.control(#"{"cmd":"fault","stall":true}"#)["ok"] as? Bool, true)
        let client = try SocketClient(connectingTo: daemon.ingestPath)
        try client.send(ServeIngestTests.digits.prefix(50).joined(separator: "\n") + "\n")
        _ = daemon.notify.receive(timeout: 0.6)   // let the last ping before the stall pass
        let stuck = daemon.notify.receive(timeout: 1.5).filter { $0.contains("WATCHDOG=1") }
        XCTAssertEqual(stuck, [], "no WATCHDOG=1 while the learner is stuck with work queued")
        XCTAssertEqual(try daemon.control(#"{"cmd":"fault","stall":false}"#)["ok"] as? Bool, true)
        let resumed = daemon.notify.receive(timeout: 1.5).filter { $0.contains("WATCHDOG=1") }
        XCTAssertGreaterThan(resumed.count, 0, "pings resume with progress")
    }

    func testSighupReloadsLiveKeysAndSigtermCheckpointsAndExits() throws {
        let dir = try Harness.tempDir(self)
        let configPath = dir.appendingPathComponent("learnd.toml").path
        try "[model]\noutputs = 10\n[train]\ntuning = \"off\"\nlearning_rate = 0.05\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--config", configPath])
        let client = try SocketClient(connectingTo: daemon.ingestPath)
        try client.send(ServeIngestTests.digits.prefix(300).joined(separator: "\n") + "\n")
        client.finishSending()
        XCTAssertTrue(try RunningDaemon.eventually { try daemon.records("learned") == 300 })

        try "[model]\noutputs = 10\n[train]\ntuning = \"off\"\nlearning_rate = 0.01\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let reload = daemon.notify.receive(timeout: 5) { $0.contains("READY=1") }
        let reloading = try XCTUnwrap(reload.firstIndex { $0.contains("RELOADING=1") }, "\(reload)")
        XCTAssertTrue(reload[reloading].contains("MONOTONIC_USEC="), reload[reloading])
        XCTAssertTrue(reload.last?.contains("READY=1") ?? false)
        let config = try XCTUnwrap(try daemon.control(#"{"cmd":"config"}"#)["config"] as? String)
        XCTAssertTrue(config.contains("learning_rate = 0.01"), config)
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 5) {
            abs((try daemon.status()["learning_rate"] as? Double ?? 0) - 0.01) < 1e-6
        }, "the learner took the new learning rate")

        daemon.signal(SIGTERM)
        let stopping = daemon.notify.receive(timeout: 5) { $0.contains("STOPPING=1") }
        XCTAssertTrue(stopping.contains { $0.contains("STOPPING=1") })
        XCTAssertEqual(daemon.waitExit(), 0, daemon.stderr)
        XCTAssertEqual(daemon.checkpoints.count, 1, "a final checkpoint: \(daemon.stderr)")

        // Started again, it restores that checkpoint.
        let again = try RunningDaemon(self, dir: dir, arguments: ["--config", configPath])
        XCTAssertEqual(try again.records("learned"), 300)
        again.signal(SIGTERM)
        XCTAssertEqual(again.waitExit(), 0)
    }

    func testReloadRefusesAShapeChange() throws {
        let dir = try Harness.tempDir(self)
        let configPath = dir.appendingPathComponent("learnd.toml").path
        try "[model]\nhidden = [32]\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--config", configPath])
        try "[model]\nhidden = [64]\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let reply = try daemon.control(#"{"cmd":"reload"}"#)
        XCTAssertEqual(reply["ok"] as? Bool, false)
        XCTAssertTrue((reply["error"] as? String ?? "").contains("model.hidden"), "\(reply)")
        XCTAssertTrue((try daemon.control(#"{"cmd":"config"}"#)["config"] as? String ?? "").contains("hidden = [32]"))
        XCTAssertTrue(daemon.stderr.contains("model.hidden"), daemon.stderr)
    }

    func testSocketActivationForBothSockets() throws {
        let dir = try Harness.tempDir(self)
        let ingest = dir.appendingPathComponent("act-ingest.sock").path, control = dir.appendingPathComponent("act-control.sock").path
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"],
                                       waitReady: false, executable: "/usr/bin/systemd-socket-activate",
                                       prefix: ["-l", ingest, "-l", control, "--fdname=ingest:control", "-E", "NOTIFY_SOCKET",
                                                "-E", "SWIFT_BACKTRACE", "-E", "LEARND_TEST_FAULTS", Harness.binary("learnd")])
        // systemd-socket-activate listens and starts learnd on the first connection.
        XCTAssertTrue(RunningDaemon.eventually(timeout: 10) { FileManager.default.fileExists(atPath: control) })
        let client = try SocketClient(connectingTo: ingest)
        try client.send(ServeIngestTests.digits.prefix(20).joined(separator: "\n") + "\n?" + ServeIngestTests.digits[0].drop { $0 != "," } + "\n")
        client.finishSending()
        XCTAssertEqual(client.readLine(timeout: 10)?.first, "=", "a prediction comes back on the activated ingest socket")
        let status = try SocketClient(connectingTo: control).request(#"{"cmd":"status"}"#)
        XCTAssertEqual((status["records"] as? [String: Any])?["learned"] as? Int, 20)
        _ = daemon
    }
}
