import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Issue 13 on the real binaries: absurd settings (cases 6-8), odd files given to restore (3, 4), checkpoints
/// with out-of-range values (10) and one extreme record in the digits stream (14).
final class HostileInputTests: XCTestCase {
    /// `learnd config` with `--set`s: (exit status, stderr).
    private func config(_ sets: [String]) throws -> (Int32, String) {
        let result = try Harness.run(["config"] + sets.flatMap { ["--set", $0] })
        return (result.status, result.stderr)
    }

    /// Cases 6 and 7: every unbounded number has a largest value the code represents; one past it is refused
    /// with one line naming the key; the largest itself runs.
    func testDurationsAndCountsAreBoundedByWhatTheCodeRepresents() throws {
        for (key, largest, beyond) in [("checkpoint.every_seconds", "1e9", "1e16"), ("shutdown_timeout", "1e9", "1.5e9"),
                                       ("prune.every", "9007199254740992", "9007199254740993"),
                                       ("protect.min_interval", "9007199254740992", "9007199254740993"),
                                       ("drift.boost_records", "9007199254740992", "9223372036854775807"),
                                       ("checkpoint.every_records", "9007199254740992", "9007199254740993")] {
            XCTAssertEqual(try config(["\(key)=\(largest)"]).0, 0, key)
            let (status, stderr) = try config(["\(key)=\(beyond)"])
            XCTAssertEqual(status, 1, key)
            XCTAssertTrue(stderr.contains("\(key): must be <="), stderr)
            XCTAssertEqual(stderr.split(separator: "\n").count, 1, stderr)
        }
        XCTAssertEqual(try config(["prune.start=9007199254740992", "prune.end=9007199254740992"]).0, 0)
        XCTAssertTrue(try config(["checkpoint.every_seconds=1e-6"]).1.contains("must be 0 (off) or >= 0.001"))
        // The largest values run: a checkpoint with counts at 2^53 encodes, and SIGTERM's timer does not trap.
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10", "--set", "checkpoint.every_seconds=1e9",
                                                         "--set", "shutdown_timeout=1e9", "--set", "prune.every=9007199254740992",
                                                         "--set", "prune.end=9007199254740992",
                                                         "--set", "drift.boost_records=9007199254740992"])
        let client = try SocketClient(connectingTo: daemon.ingestPath)
        try client.send(ServeIngestTests.digits.prefix(50).joined(separator: "\n") + "\n")
        XCTAssertTrue(try RunningDaemon.eventually { try daemon.records("learned") == 50 })
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitExit(timeout: 20), 0, daemon.stderr)
        XCTAssertEqual(daemon.checkpoints.count, 1, "the final checkpoint encoded: \(daemon.stderr)")
    }

    /// Case 8: a model too large for `model.max_memory` is refused at load with one line naming the keys and
    /// the bytes it needs; raising the limit accepts it; a reload with it is refused and learnd runs on.
    func testAModelTooLargeIsRefusedAtLoadAndOnReload() throws {
        for sets in [["model.hidden=[65536,65536,65536]"], ["model.inputs=1048576", "model.hidden=[65536]"]] {
            let (status, stderr) = try config(sets)
            XCTAssertEqual(status, 1, "\(sets)")
            XCTAssertTrue(stderr.contains("model.max_memory: the model needs about"), stderr)
            XCTAssertTrue(stderr.contains("model.inputs/hidden/outputs") && stderr.contains("bytes"), stderr)
            XCTAssertEqual(stderr.split(separator: "\n").count, 1, stderr)
        }
        XCTAssertEqual(try config(["model.inputs=64", "model.hidden=[2048,2048]"]).0, 1)
        XCTAssertEqual(try config(["model.inputs=64", "model.hidden=[2048,2048]", "model.max_memory=1000000000"]).0, 0)
        XCTAssertEqual(try config(["model.max_memory=1048575"]).0, 1)
        XCTAssertEqual(try config(["model.max_memory=1099511627776"]).0, 0)

        let dir = try Harness.tempDir(self)
        let file = dir.appendingPathComponent("learnd.toml").path
        try "[model]\noutputs = 10\n".write(toFile: file, atomically: true, encoding: .utf8)
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--config", file])
        for bad in ["[model]\noutputs = 10\nhidden = [65536, 65536, 65536]\n", "[checkpoint]\nevery_seconds = 1e16\n",
                    "[prune]\nevery = 9007199254740993\n"] {
            try bad.write(toFile: file, atomically: true, encoding: .utf8)
            let reply = try daemon.control(#"{"cmd":"reload"}"#)
            XCTAssertEqual(reply["ok"] as? Bool, false, "\(bad): \(reply)")
            daemon.signal(SIGHUP)
            // Read the notifications (RELOADING=1 ... READY=1): the kernel queues only 10 unread datagrams, and
            // sd_notify blocks on a full queue, as it would under a notify socket nobody reads.
            let reload = daemon.notify.receive(timeout: 0.5)
            XCTAssertEqual(reload.filter { $0.contains("READY=1") }.count, 2, "control reload, then SIGHUP: \(reload)")
            XCTAssertNotNil(try daemon.status()["records"], "still answering after a refused reload")
        }
        XCTAssertNil(daemon.waitExit(timeout: 0.2), "learnd runs on")
    }

    /// Cases 3 and 4: restore of a FIFO nobody writes, a device, a directory and a 2 GB sparse file is refused in
    /// under 100 ms with one line, and ingest goes on; learnctl verify refuses them as quickly.
    func testRestoreOpensOnlyRegularFilesWithoutBlocking() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"])
        let fifo = daemon.dir.appendingPathComponent("fifo.ckpt").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let sparse = daemon.dir.appendingPathComponent("sparse.ckpt").path
        FileManager.default.createFile(atPath: sparse, contents: nil)
        XCTAssertEqual(truncate(sparse, 2 << 30), 0)
        for (path, why) in [(fifo, "not a regular file (FIFO)"), ("/dev/zero", "not a regular file (device)"),
                            ("/dev/urandom", "not a regular file (device)"), (daemon.dir.path, "not a regular file (directory)"),
                            (sparse, "larger than the limit")] {
            let started = Date()
            let reply = try daemon.control(#"{"cmd":"restore","path":"\#(path)"}"#)
            let elapsed = Date().timeIntervalSince(started)
            XCTAssertEqual(reply["ok"] as? Bool, false, path)
            let error = reply["error"] as? String ?? ""
            XCTAssertTrue(error.contains(why), error)
            XCTAssertFalse(error.contains("\n"), error)
            XCTAssertLessThan(elapsed, 0.1, "\(path) refused in \(elapsed) s")
            let verifyStart = Date()
            let verify = try Harness.run(["verify", path], tool: "learnctl")
            XCTAssertEqual(verify.status, 1, path)
            XCTAssertTrue((verify.stdout + verify.stderr).contains(why), verify.stdout + verify.stderr)
            XCTAssertLessThan(Date().timeIntervalSince(verifyStart), 2, "learnctl verify \(path) returns")
        }
        let client = try SocketClient(connectingTo: daemon.ingestPath)
        try client.send(ServeIngestTests.digits.prefix(20).joined(separator: "\n") + "\n")
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 10) { try daemon.records("learned") == 20 })
    }

    /// Case 4 at start: a FIFO named like the newest checkpoint is set aside as `.broken`, not waited on.
    func testAFIFOInTheStateDirectoryIsSetAsideAtStart() throws {
        let dir = try Harness.tempDir(self)
        let state = dir.appendingPathComponent("state").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let fifo = state + "/learnd-20260101T000000Z-000009.ckpt"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: fifo + ".broken"), daemon.stderr)
        XCTAssertTrue(daemon.stderr.contains("not a regular file (FIFO)"), daemon.stderr)
    }

    /// Case 10: a checkpoint whose recent score is 1e300 (a value the old validation let through, and status then
    /// trapped on) is refused by verify and renamed `.broken` at start, and learnd runs.
    func testACheckpointWithAnOutOfRangeMetricIsRefusedEverywhere() throws {
        let dir = try Harness.tempDir(self)
        let state = dir.appendingPathComponent("state").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let good = dir.appendingPathComponent("good.ckpt").path
        let made = try Harness.run(["stream", "--set", "model.outputs=10", "--quiet", "--checkpoint-out", good,
                                    Harness.fixture("digits_ci_train.csv")])
        XCTAssertEqual(made.status, 0, made.stderr)
        let bad = state + "/learnd-20260101T000000Z-000001.ckpt"
        try Self.patchFirstRecentScore(of: good, to: 1e300, writing: bad)
        let verify = try Harness.run(["verify", bad], tool: "learnctl")
        XCTAssertEqual(verify.status, 1, verify.stdout)
        XCTAssertTrue((verify.stdout + verify.stderr).contains("recent scores must be 0 or 1"), verify.stdout + verify.stderr)
        for command in [["inspect", bad], ["export", bad, "--format", "json", "--output", dir.appendingPathComponent("x").path],
                        ["plot", "--checkpoint", bad, "--output", dir.appendingPathComponent("x.svg").path]] {
            let result = try Harness.run(command, tool: "learnctl")
            XCTAssertEqual(result.status, 1, "\(command): \(result.stderr)")
        }
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: bad + ".broken"), daemon.stderr)
        usleep(1_200_000)  // past the first STATUS= line, where the old build trapped
        XCTAssertNotNil(try daemon.status()["records"])
    }

    /// Writes `source` with the first recent score of its `METR` section replaced, re-framed as v1 frames it
    /// (lz4 CLI: 64 KiB independent blocks, block and content checksums, content size).
    static func patchFirstRecentScore(of source: String, to value: Double, writing target: String) throws {
        let container = try Harness.runProgram("/usr/bin/lz4", ["-dc", source]).stdoutBytes
        var bytes = container
        let tag = Array("METR".utf8)
        let at = try XCTUnwrap((0..<(bytes.count - 4)).first { Array(bytes[$0..<($0 + 4)]) == tag })
        // tag, u64 length, u32 window, u64 count, u64 correct, f64 loss, f64 squared error, u32 R, then scores.
        let score = at + 4 + 8 + 4 + 8 + 8 + 8 + 8 + 4
        withUnsafeBytes(of: value.bitPattern.littleEndian) { for (k, b) in $0.enumerated() { bytes[score + k] = b } }
        let raw = target + ".container"
        try Data(bytes).write(to: URL(fileURLWithPath: raw))
        defer { try? FileManager.default.removeItem(atPath: raw) }
        let framed = try Harness.runProgram("/usr/bin/lz4", ["-c", "-B4", "-BX", "--content-size", raw])
        XCTAssertEqual(framed.status, 0)
        try Data(framed.stdoutBytes).write(to: URL(fileURLWithPath: target))
    }

    /// Case 14: one record with every feature at 1e4 (and one at 1e6) in the shuffled digits stream leaves the
    /// final test accuracy within 1 point of the clean run; status counts it.
    func testOneExtremeRecordCannotWreckTheModel() throws {
        let dir = try Harness.tempDir(self)
        let text = try String(contentsOfFile: Harness.fixture("digits_ci_train.csv"), encoding: .utf8)
        var rows = text.split(separator: "\n").map(String.init)
        let header = rows.removeFirst()
        // A fixed interleaving of the class-ordered file: position i takes row (i * 7919) mod n (7919 is prime).
        rows = rows.indices.map { rows[$0 * 7919 % rows.count] }
        func accuracy(_ extreme: String?) throws -> Double {
            var stream = rows
            if let extreme {
                let width = stream[0].split(separator: ",").count - 1
                stream.insert(([String(stream[700].prefix { $0 != "," })] + Array(repeating: extreme, count: width))
                              .joined(separator: ","), at: 700)
            }
            let file = dir.appendingPathComponent("stream-\(extreme ?? "clean").csv").path
            try ([header] + stream).joined(separator: "\n").appending("\n").write(toFile: file, atomically: true, encoding: .utf8)
            let result = try Harness.run(["stream", "--set", "model.outputs=10", "--eval", Harness.fixture("digits_ci_test.csv"),
                                          "--report", "json", "--quiet", file])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.json?["learned"] as? Int, stream.count, "every record learned")
            let evaluations = try XCTUnwrap(result.json?["evaluations"] as? [[String: Any]])
            return try XCTUnwrap(evaluations.last?["accuracy"] as? Double)
        }
        let clean = try accuracy(nil)
        XCTAssertGreaterThan(clean, 0.9)
        for extreme in ["1e4", "1e6"] {
            XCTAssertEqual(try accuracy(extreme), clean, accuracy: 0.01, "one record of \(extreme)")
        }
    }
}
