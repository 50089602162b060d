import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `learnd serve` ingest: many producers, every record accounted for, replies in order, slow
/// readers and backpressure.
final class ServeIngestTests: XCTestCase {
    /// Digits records as CSV lines (label first).
    static let digits: [String] = {
        let text = try! String(contentsOfFile: Harness.fixture("digits_ci_train.csv"), encoding: .utf8)
        return Array(text.split(separator: "\n").dropFirst().map(String.init))
    }()

    /// Malformed variants, in assorted ways; each must come back as a rejection.
    static func malformed(_ line: String, _ k: Int) -> (line: String, reason: String) {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        switch k % 5 {
        case 0: return (fields.dropLast().joined(separator: ","), "expected 64 features, got 63")
        case 1: return (line + ",7", "expected 64 features, got 65")
        case 2: return (fields.prefix(3).joined(separator: ",") + ",x," + fields.dropFirst(4).joined(separator: ","), "feature 3")
        case 3: return (fields.prefix(5).joined(separator: ",") + ",nan," + fields.dropFirst(6).joined(separator: ","), "feature 5")
        default: return ("\u{1}\u{2}garbage", "")
        }
    }

    func testSixteenProducersNothingLostRepliesInOrder() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"])
        let producers = 16, perProducer = 20_000
        let group = DispatchGroup()
        let failures = Locked<[String]>([]), malformed = Locked(0)
        let path = daemon.ingestPath
        for p in 0..<producers {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let (failure, bad) = try Self.produce(path, producer: p, count: perProducer)
                    malformed.update { $0 += bad }
                    if let failure { failures.update { $0.append(failure) } }
                } catch {
                    failures.update { $0.append("producer \(p): \(error)") }
                }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 240), .success, "producers finished")
        XCTAssertEqual(failures.value, [])
        let malformedTotal = malformed.value
        let total = producers * perProducer
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 60) {
            let r = try daemon.status()["records"] as! [String: Any]
            return (r["learned"] as! Int) + (r["predicted"] as! Int) + (r["rejected"] as! Int) == total
        }, "status accounts for every record: \((try? daemon.status()) ?? [:])")
        XCTAssertEqual(try daemon.records("rejected"), malformedTotal)
        XCTAssertEqual(try daemon.records("read"), total)
        XCTAssertEqual(malformedTotal, producers * perProducer / 100)
    }

    /// Sends `count` records (every 100th malformed) and checks that exactly the rejections come
    /// back, in order, with their line numbers. Returns a failure description or nil.
    static func produce(_ path: String, producer: Int, count: Int) throws -> (String?, Int) {
        let client = try SocketClient(connectingTo: path)
        var expected: [(line: Int, reason: String)] = []
        var payload = [UInt8]()
        payload.reserveCapacity(count * 200)
        for i in 0..<count {
            var line = digits[(i * 7 + producer) % digits.count]
            if i % 100 == 99 {
                let bad = malformed(line, i / 100 + producer)
                line = bad.line
                expected.append((i + 1, bad.reason))
            }
            payload += line.utf8
            payload.append(0x0A)
        }
        let collected = Locked<[String]>([])
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            while let line = client.readLine(timeout: 120) { collected.update { $0.append(line) } }
            done.signal()
        }
        try client.send(payload)
        client.finishSending()
        _ = done.wait(timeout: .now() + 180)
        let replies = collected.value
        guard replies.count == expected.count else {
            return ("producer \(producer): \(replies.count) replies, expected \(expected.count): \(replies.prefix(3))", expected.count)
        }
        for (reply, want) in zip(replies, expected)
        where !reply.hasPrefix("!\(want.line): ") || !(want.reason.isEmpty || reply.contains(want.reason)) {
            return ("producer \(producer): reply \(reply) does not match line \(want.line) \(want.reason)", expected.count)
        }
        return (nil, expected.count)
    }

    func testSlowReaderBlocksNobodyAndMemoryStaysBounded() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10"])
        // Teach it a little so predictions have a model.
        let teacher = try SocketClient(connectingTo: daemon.ingestPath)
        try teacher.send(Self.digits.prefix(200).joined(separator: "\n") + "\n")
        teacher.finishSending()
        XCTAssertTrue(try RunningDaemon.eventually { try daemon.records("learned") == 200 })

        // The slow reader: 100,000 predict-only records, never reads a reply.
        let slow = try SocketClient(connectingTo: daemon.ingestPath)
        let predictOnly = Self.digits.map { "?" + $0.drop { $0 != "," } }
        var peakRSS = 0
        let sender = Thread { [slow] in
            var batch = ""
            for i in 0..<100_000 {
                batch += predictOnly[i % predictOnly.count] + "\n"
                if i % 1000 == 999 { try? slow.send(batch); batch = "" }
            }
        }
        sender.start()
        // Meanwhile another producer gets through, and memory stays bounded.
        let other = try SocketClient(connectingTo: daemon.ingestPath)
        try other.send(Self.digits.joined(separator: "\n") + "\n")
        other.finishSending()
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 60) {
            peakRSS = max(peakRSS, daemon.rssBytes ?? 0)
            return try daemon.records("learned") == 200 + Self.digits.count
        }, "the other producer was not blocked")
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 120) {
            peakRSS = max(peakRSS, daemon.rssBytes ?? 0)
            return try daemon.records("predicted") == 100_000
        }, "all predict-only records were read and answered or dropped")
        let status = try daemon.status()
        XCTAssertGreaterThan(status["replies_dropped"] as? Int ?? 0, 0, "replies that did not fit were dropped and counted")
        XCTAssertLessThan(peakRSS, 64 << 20, "RSS stayed under 64 MiB (peak \(peakRSS >> 20) MiB)")
    }

    func testBackpressureSlowsProducersAndDropsNothing() throws {
        let daemon = try RunningDaemon(self, arguments: ["--set", "model.outputs=10", "--set", "ingest.queue=1"])
        XCTAssertEqual(try daemon.control(#"{"cmd":"fault","slow_ms":2}"#)["ok"] as? Bool, true)
        let client = try SocketClient(connectingTo: daemon.ingestPath)
        let n = 1000
        let started = Date()
        var queuedMax = 0
        let sender = Thread {
            try? client.send(Self.digits.prefix(n).joined(separator: "\n") + "\n")
            client.finishSending()
        }
        sender.start()
        XCTAssertTrue(try RunningDaemon.eventually(timeout: 60) {
            queuedMax = max(queuedMax, try daemon.records("queued"))
            return try daemon.records("learned") == n
        })
        // The learner takes ≥ 2 ms a record, so the producer could not finish faster than that.
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), Double(n) * 0.002)
        XCTAssertEqual(try daemon.records("rejected"), 0)
        let shortest = Self.digits.prefix(n).map(\.utf8.count).min()! + 1
        XCTAssertLessThanOrEqual(queuedMax, 1 + 65536 / shortest + 1, "the queue stays within capacity + one 64 KiB read chunk")
    }
}
