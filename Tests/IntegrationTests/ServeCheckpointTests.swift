import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Checkpoints under `learnd serve`: a corrupt newest file falls back to the previous one, and
/// SIGKILL at any instant of continuous checkpointing leaves only valid checkpoints.
final class ServeCheckpointTests: XCTestCase {
    func testCorruptNewestCheckpointFallsBackAndIsRenamed() throws {
        let dir = try Harness.tempDir(self)
        let first = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        let client = try SocketClient(connectingTo: first.ingestPath)
        try client.send(ServeIngestTests.digits.prefix(100).joined(separator: "\n") + "\n")
        client.finishSending()
        XCTAssertTrue(try RunningDaemon.eventually { try first.records("learned") == 100 })
        XCTAssertEqual(try first.control(#"{"cmd":"checkpoint"}"#)["ok"] as? Bool, true)
        let more = try SocketClient(connectingTo: first.ingestPath)
        try more.send(ServeIngestTests.digits[100..<150].joined(separator: "\n") + "\n")
        more.finishSending()
        XCTAssertTrue(try RunningDaemon.eventually { try first.records("learned") == 150 })
        first.signal(SIGTERM)
        XCTAssertEqual(first.waitExit(), 0)
        let files = first.checkpoints
        XCTAssertEqual(files.count, 2, "\(files)")
        let newest = URL(fileURLWithPath: first.stateDir).appendingPathComponent(files.last!)
        var bytes = try Data(contentsOf: newest)
        bytes[bytes.count / 2] ^= 0x5A
        try bytes.write(to: newest)

        let second = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10"])
        XCTAssertEqual(try second.records("learned"), 100, "restored the previous checkpoint")
        XCTAssertTrue(FileManager.default.fileExists(atPath: newest.path + ".broken"))
        XCTAssertTrue(second.stderr.contains("Invalid checkpoint"), second.stderr)
        let refused = try second.control(#"{"cmd":"restore","path":"\#(newest.path).broken"}"#)
        XCTAssertEqual(refused["ok"] as? Bool, false, "a bad file is refused")
        XCTAssertEqual(try second.records("learned"), 100, "running state untouched")
    }

    /// The writer yields the CPU to ingest: its thread runs 10 nice levels below the learner's.
    func testCheckpointWriterThreadRunsAtLowerPriorityThanTheLearner() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"])
        // name -> nice; the threads name themselves as they start, which may follow READY.
        func threads() throws -> [String: Int] {
            var table: [String: Int] = [:]
            for tid in try FileManager.default.contentsOfDirectory(atPath: "/proc/\(daemon.pid)/task") {
                let task = "/proc/\(daemon.pid)/task/\(tid)"
                let name = try String(contentsOfFile: task + "/comm", encoding: .utf8).trimmingCharacters(in: .newlines)
                // stat: "pid (comm) state ..." with nice the 19th field; comm may hold spaces.
                let stat = try String(contentsOfFile: task + "/stat", encoding: .utf8)
                table[name] = Int(stat[stat.range(of: ")")!.upperBound...].split(separator: " ")[16])
            }
            return table
        }
        // Each thread names itself as it starts; the writer then lowers its priority. Wait for
        // all of that (at most 10 s).
        _ = try RunningDaemon.eventually(timeout: 10) {
            let t = try threads()
            guard let writer = t["learnd-ckpt"], let learner = t["learnd-learner"] else { return false }
            return writer != learner
        }
        let threads = try threads()
        XCTAssertEqual(threads.count, 3, "\(threads)")
        let learner = try XCTUnwrap(threads["learnd-learner"], "\(threads)")
        XCTAssertEqual(threads["learnd-ckpt"], min(learner + 10, 19), "\(threads)")
        XCTAssertEqual(threads["learnd"], learner, "the I/O thread keeps the daemon's priority")
        XCTAssertFalse(daemon.stderr.contains("runs at the daemon's priority"), daemon.stderr)
    }

    /// SIGKILL at random instants while checkpoints are written continuously under load.
    func testKilledAtRandomInstantsAlwaysRestartsFromAValidCheckpoint() throws {
        let iterations = Int(ProcessInfo.processInfo.environment["LEARND_TORTURE_ITERATIONS"] ?? "") ?? 50
        let dir = try Harness.tempDir(self)
        var generator = SystemRandomNumberGenerator()
        var learnedBefore = 0, restoredBefore = 0, newestSaved = 0, verified = 0
        for iteration in 0..<iterations {
            let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10", "--set", "checkpoint.every_records=40",
                                                                       "--set", "checkpoint.keep=3"])
            let restored = try daemon.records("learned")
            // Never older than what the previous start restored, never newer than what was learned.
            XCTAssertGreaterThanOrEqual(restored, restoredBefore, "iteration \(iteration)")
            XCTAssertLessThanOrEqual(restored, max(learnedBefore, restoredBefore) + 600, "iteration \(iteration)")
            // The learned count is never behind the newest checkpoint left on disk by the kill.
            XCTAssertGreaterThanOrEqual(restored, newestSaved, "iteration \(iteration): restored behind the newest checkpoint")
            restoredBefore = restored
            let client = try SocketClient(connectingTo: daemon.ingestPath)
            try client.send(ServeIngestTests.digits.shuffled().prefix(600).joined(separator: "\n") + "\n")
            usleep(UInt32.random(in: 5_000...120_000, using: &generator))
            learnedBefore = (try? daemon.records("learned")) ?? learnedBefore
            daemon.signal(SIGKILL)
            XCTAssertNotNil(daemon.waitExit(timeout: 5))
            for file in daemon.checkpoints {
                let verify = try Harness.run(["verify", daemon.stateDir + "/" + file], tool: "learnctl")
                XCTAssertEqual(verify.status, 0, "iteration \(iteration): \(file): \(verify.stdout)\(verify.stderr)")
                verified += 1
            }
            newestSaved = try daemon.checkpoints.last.map { try Self.learned(inCheckpoint: daemon.stateDir + "/" + $0) } ?? 0
            XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: daemon.stateDir).contains { $0.hasSuffix(".broken") },
                           "iteration \(iteration): no checkpoint was ever found broken")
        }
        XCTAssertGreaterThan(restoredBefore, 0, "checkpoints were written and restored")
        print("torture: \(iterations) kills, \(verified) checkpoint files verified, 0 corrupt, last restore \(restoredBefore) learned")
    }

    /// `records.learned` of a checkpoint file, from `learnctl inspect --json`.
    static func learned(inCheckpoint path: String) throws -> Int {
        let inspect = try Harness.run(["inspect", "--json", path], tool: "learnctl")
        XCTAssertEqual(inspect.status, 0, inspect.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any]
        return try XCTUnwrap((json?["records"] as? [String: Any])?["learned"] as? Int, "records.learned of \(path)")
    }
}
