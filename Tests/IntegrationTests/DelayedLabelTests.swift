import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Labels that come later (docs/records-and-replies.md, "Record ids") on the real daemon: predictions
/// on producers' connections, labels on another, matched exactly once, across restarts, bounded.
final class DelayedLabelTests: XCTestCase {
    static let arguments = ["--set", "model.outputs=10", "--set", "checkpoint.every_seconds=0"]

    /// `@ID,?,F1..F64` for digits line `n` (its label dropped), and `@ID,LABEL`, its truth.
    static func prediction(_ id: String, _ n: Int) -> String {
        let line = ServeIngestTests.digits[n % ServeIngestTests.digits.count]
        return "@\(id),?" + line[line.firstIndex(of: ",")!...]
    }
    static func truth(_ id: String, _ n: Int) -> String {
        let line = ServeIngestTests.digits[n % ServeIngestTests.digits.count]
        return "@\(id)," + line[..<line.firstIndex(of: ",")!]
    }

    static func labels(_ d: RunningDaemon) throws -> [String: Any] { try d.status()["labels"] as? [String: Any] ?? [:] }
    static func rejectedByKind(_ d: RunningDaemon) throws -> [String: Int] {
        (try d.status()["records"] as? [String: Any])?["rejected_by_kind"] as? [String: Int] ?? [:]
    }

    /// Sends predictions under `ids` (digits line = index) and returns the replies read back.
    static func predict(_ d: RunningDaemon, _ ids: [(String, Int)]) throws -> [String] {
        try predict(d.ingestPath, ids)
    }

    static func predict(_ path: String, _ ids: [(String, Int)]) throws -> [String] {
        let client = try SocketClient(connectingTo: path)
        try client.send(ids.map { prediction($0.0, $0.1) + "\n" }.joined())
        client.finishSending()
        return ids.compactMap { _ in client.readLine(timeout: 20) }
    }

    /// Sends lines on a fresh connection and reads `replies` lines back.
    static func send(_ d: RunningDaemon, _ lines: [String], replies: Int = 0) throws -> [String] {
        let client = try SocketClient(connectingTo: d.ingestPath)
        try client.send(lines.map { $0 + "\n" }.joined())
        client.finishSending()
        return (0..<replies).compactMap { _ in client.readLine(timeout: 20) }
    }

    func testSixteenProducersLabelsOnAnotherConnectionInRandomOrderMatchEachIdOnce() throws {
        let d = try RunningDaemon(self, arguments: Self.arguments)
        let known = ServeIngestTests.digits.count   // class-incremental: learn every class first
        _ = try Self.send(d, ServeIngestTests.digits)
        XCTAssertTrue(try RunningDaemon.eventually { try d.records("learned") == known })
        let producers = 16, each = 40
        let collected = Locked<[Int: [String]]>([:])
        let path = d.ingestPath
        DispatchQueue.concurrentPerform(iterations: producers) { p in
            let got = (try? Self.predict(path, (0..<each).map { ("p\(p)-\($0)", p * each + $0) })) ?? []
            collected.update { $0[p] = got }
        }
        let replies = collected.value.mapValues { $0 }
        for p in 0..<producers {
            let mine = replies[p] ?? []
            XCTAssertEqual(mine.count, each)
            let echoed = mine.map { String($0[$0.range(of: ",@")!.upperBound...]) }
            XCTAssertEqual(echoed, (0..<each).map { "p\(p)-\($0)" }, "every reply echoes its id, in order")
            XCTAssertTrue(mine.allSatisfy { $0.hasPrefix("=") }, "\(mine.prefix(3))")
        }
        XCTAssertEqual(try Self.labels(d)["pending"] as? Int, producers * each)
        var rng = SystemRandomNumberGenerator()
        let truths = (0..<producers).flatMap { p in (0..<each).map { Self.truth("p\(p)-\($0)", p * each + $0) } }
        _ = try Self.send(d, truths.shuffled(using: &rng))
        XCTAssertTrue(try RunningDaemon.eventually { try d.records("learned") == known + producers * each })
        let labels = try Self.labels(d)
        XCTAssertEqual(labels["matched"] as? Int, producers * each)
        XCTAssertEqual(labels["pending"] as? Int, 0)
        XCTAssertEqual(labels["expired"] as? Int, 0)
        XCTAssertEqual(labels["evicted"] as? Int, 0)
        XCTAssertEqual(try d.records("predicted"), producers * each)
        XCTAssertEqual(try d.records("rejected"), 0)
        let accuracy = try XCTUnwrap(labels["delayed_accuracy"] as? Double)
        XCTAssertTrue(accuracy > 0.5 && accuracy <= 1, "a model of every digit predicts most: \(accuracy)")
        // A second truth for a matched id is refused: each id is matched once.
        let again = try Self.send(d, [truths[0]], replies: 1)
        XCTAssertEqual(again.first?.contains("no pending prediction under id \"p0-0\""), true, "\(again)")
        XCTAssertEqual(try Self.rejectedByKind(d), ["unknown-id": 1])
        XCTAssertEqual(try Self.labels(d)["matched"] as? Int, producers * each)
    }

    func testRestartBetweenPredictionAndLabelKeepsTheMatchUnderSigtermAndKill9() throws {
        let dir = try Harness.tempDir(self)
        let first = try RunningDaemon(self, dir: dir, arguments: Self.arguments)
        XCTAssertEqual(try Self.predict(first, (0..<20).map { ("r\($0)", $0) }).count, 20)
        first.signal(SIGTERM)
        XCTAssertEqual(first.waitExit(), 0)

        let second = try RunningDaemon(self, dir: dir, arguments: Self.arguments)
        XCTAssertEqual(try Self.labels(second)["pending"] as? Int, 20, "SIGTERM's checkpoint kept the table")
        _ = try Self.send(second, (0..<10).map { Self.truth("r\($0)", $0) })
        XCTAssertTrue(try RunningDaemon.eventually { try second.records("learned") == 10 })
        XCTAssertEqual(try second.control(#"{"cmd":"checkpoint"}"#)["ok"] as? Bool, true)
        second.signal(SIGKILL)
        _ = second.waitExit()

        let third = try RunningDaemon(self, dir: dir, arguments: Self.arguments)
        var labels = try Self.labels(third)
        XCTAssertEqual(labels["pending"] as? Int, 10, "kill -9 after a checkpoint kept the rest")
        XCTAssertEqual(labels["matched"] as? Int, 10)
        _ = try Self.send(third, (10..<20).map { Self.truth("r\($0)", $0) })
        XCTAssertTrue(try RunningDaemon.eventually { try third.records("learned") == 20 })
        labels = try Self.labels(third)
        XCTAssertEqual(labels["matched"] as? Int, 20)
        XCTAssertEqual(labels["pending"] as? Int, 0)
        XCTAssertEqual(try third.records("rejected"), 0)
    }

    func testEvictionExpiryAndEveryBadCaseRejectedWithItsReasonAndCounted() throws {
        let d = try RunningDaemon(self, arguments: Self.arguments + ["--set", "labels.pending_capacity=5",
                                                                     "--set", "labels.pending_seconds=1"])
        XCTAssertEqual(try Self.predict(d, (1...8).map { ("e\($0)", $0) }).count, 8)
        var labels = try Self.labels(d)
        XCTAssertEqual(labels["pending"] as? Int, 5)
        XCTAssertEqual(labels["evicted"] as? Int, 3, "the oldest three made room")
        let long = String(repeating: "x", count: 129)
        let bad = try Self.send(d, [Self.truth("e1", 1), Self.prediction("e4", 4), Self.prediction(long, 1),
                                    #"{"id": 5, "x": [1]}"#, "@,?,1", "@e6,3" + Self.prediction("z", 1).dropFirst(4)],
                                replies: 6)
        XCTAssertEqual(bad.count, 6, "\(bad)")
        XCTAssertTrue(bad[0].hasPrefix("!1: no pending prediction under id \"e1\""), bad[0])
        XCTAssertEqual(bad[1], "!2: id \"e4\" already has a pending prediction")
        XCTAssertEqual(bad[2], "!3: record id longer than 128 bytes")
        XCTAssertTrue(bad[3].contains("\"id\\\" must be a string") || bad[3].contains("id"), bad[3])
        XCTAssertEqual(bad[4], "!5: empty record id")
        XCTAssertTrue(bad[5].contains("not both"), bad[5])
        // JSON: the reply echoes the id first.
        let json = try Self.send(d, [#"{"id": "j1", "x": [\#((0..<64).map { _ in "1" }.joined(separator: ","))]}"#],
                                 replies: 1)
        XCTAssertEqual(json.first?.hasPrefix(#"{"id":"j1","prediction":"#), true, "\(json)")
        // Expiry while nothing arrives: the status tick (every 2 s) has the learner drop what is too old.
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 10) { try Self.labels(d)["pending"] as? Int == 0 })
        labels = try Self.labels(d)
        XCTAssertEqual(labels["evicted"] as? Int, 4, "j1 evicted e4")
        XCTAssertEqual(labels["expired"] as? Int, 5, "e5...e8 and j1 outlived labels.pending_seconds")
        let expired = try Self.send(d, [Self.truth("e5", 5)], replies: 1)
        XCTAssertTrue(expired.first?.contains("no pending prediction under id \"e5\"") == true, "\(expired)")
        XCTAssertEqual(try Self.rejectedByKind(d), ["unknown-id": 2, "duplicate-id": 1, "bad-id": 3, "parse": 1])
    }

    /// RSS with the table full, against the same daemon with it empty (README, "Labels that come later").
    func testMemoryIsBoundedAtCapacity() throws {
        let capacity = 20_000
        let d = try RunningDaemon(self, arguments: Self.arguments + ["--set", "labels.pending_capacity=\(capacity)"])
        _ = try Self.send(d, Array(ServeIngestTests.digits.prefix(200)))
        XCTAssertTrue(try RunningDaemon.eventually { try d.records("learned") == 200 })
        let empty = try XCTUnwrap(d.rssBytes)
        let total = capacity + capacity / 4
        let client = try SocketClient(connectingTo: d.ingestPath)
        for chunk in stride(from: 0, to: total, by: 1000) {
            try client.send((chunk..<chunk + 1000).map { Self.prediction("m\($0)", $0) + "\n" }.joined())
            for _ in 0..<1000 { XCTAssertNotNil(client.readLine(timeout: 20)) }
        }
        XCTAssertTrue(try RunningDaemon.eventually { try d.records("predicted") == total })
        let labels = try Self.labels(d)
        XCTAssertEqual(labels["pending"] as? Int, capacity)
        XCTAssertEqual(labels["evicted"] as? Int, total - capacity)
        let full = try XCTUnwrap(d.rssBytes)
        let perEntry = Double(full - empty) / Double(capacity)
        print("pending table RSS: empty \(empty) B, full (\(capacity) entries of 64 features) \(full) B, "
              + "\(Int(perEntry)) B per entry")
        XCTAssertLessThan(perEntry, 1024, "an entry of 64 features stays under 1 KiB")
    }

    /// `learnctl feed` passes ids through unchanged: predictions (with their echoed ids) in one file, truths in
    /// another; `status` and `learnctl status` then show the matches.
    func testFeedPassesIdsThroughAndStatusShowsTheLabels() throws {
        let d = try RunningDaemon(self, arguments: Self.arguments)
        let dir = try Harness.tempDir(self)
        let questions = dir.appendingPathComponent("questions.csv").path
        let answers = dir.appendingPathComponent("answers.csv").path
        try ((0..<30).map { Self.prediction("f\($0)", $0) }.joined(separator: "\n") + "\n")
            .write(toFile: questions, atomically: true, encoding: .utf8)
        try ((0..<30).reversed().map { Self.truth("f\($0)", $0) }.joined(separator: "\n") + "\n")
            .write(toFile: answers, atomically: true, encoding: .utf8)
        let predictions = dir.appendingPathComponent("predictions.txt").path
        let asked = try LearnctlLiveTests.learnctl("feed", d, [questions, "--predictions", predictions])
        XCTAssertEqual(asked.status, 0, asked.stdout + asked.stderr)
        XCTAssertTrue(asked.stdout.contains("0 learned, 30 predicted, 0 rejected"), asked.stdout)
        let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.map { String($0.split(separator: ",").last ?? "") }, (0..<30).map { "@f\($0)" })
        let told = try LearnctlLiveTests.learnctl("feed", d, [answers])
        XCTAssertEqual(told.status, 0, told.stdout + told.stderr)
        XCTAssertTrue(told.stdout.contains("30 learned, 0 predicted, 0 rejected"), told.stdout)
        let status = try LearnctlLiveTests.learnctl("status", d)
        XCTAssertTrue(status.stdout.contains("pending 0 of 4096; matched 30, expired 0, evicted 0; delayed accuracy"),
                      status.stdout)
        let watch = try LearnctlLiveTests.learnctl("watch", d, ["--count", "1", "--plain"])
        XCTAssertTrue(watch.stdout.contains("matched 30, expired 0, evicted 0"), watch.stdout)
        let svg = dir.appendingPathComponent("curves.svg").path
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 10) {
            try LearnctlLiveTests.learnctl("plot", d, ["-o", svg]).status == 0
        }, "plot once the history has a sample")
        let drawing = try String(contentsOfFile: svg, encoding: .utf8)
        XCTAssertTrue(drawing.contains("labels: pending 0 of 4096; matched 30"), String(drawing.prefix(600)))
    }

    /// `learnd stream --delay 0` learns exactly as without it; N > 0 matches every record; the report shows it.
    func testStreamDelayZeroEqualsTheUndelayedRunAndLargerDelaysMatchEveryRecord() throws {
        func run(_ extra: [String]) throws -> [String: Any] {
            let weather = Harness.fixture("weather_rain_drift.csv")
            let r = try Harness.run(["stream", weather, "--quiet", "--report", "json"] + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
            var report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            for timing in ["seconds", "records_per_second"] { report.removeValue(forKey: timing) }
            return report
        }
        let plain = try run([])
        var zero = try run(["--delay", "0"])
        let labels = try XCTUnwrap(zero.removeValue(forKey: "labels") as? [String: Any])
        XCTAssertEqual(NSDictionary(dictionary: zero), NSDictionary(dictionary: plain),
                       "--delay 0 changes nothing learned")
        XCTAssertNil(plain["labels"])
        XCTAssertEqual(labels["matched"] as? Int, 18159)
        let hundred = try run(["--delay", "100"])
        let delayed = try XCTUnwrap(hundred["labels"] as? [String: Any])
        XCTAssertEqual(delayed["matched"] as? Int, 18159)
        XCTAssertEqual(delayed["pending"] as? Int, 0)
        XCTAssertEqual(hundred["learned"] as? Int, 18159)
        XCTAssertEqual(hundred["predicted"] as? Int, 0)
        let refused = try Harness.run(["stream", Harness.fixture("weather_rain_drift.csv"), "--delay", "10",
                                       "--set", "labels.pending_capacity=10"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("--delay 10 needs labels.pending_capacity above 10, got 10"),
                      refused.stderr)
    }
}
