import XCTest
@testable import LearnCore

/// The pending table and the delayed score: bounded by capacity and age, matched once, deterministic.
final class PendingLabelsTests: XCTestCase {
    private func learner(capacity: Int = 3, seconds: Double = 10) -> Learner {
        var c = LearnerConfig(inputs: 2)
        c.hidden = [4]
        c.outputs = 3
        c.pendingCapacity = capacity
        c.pendingSeconds = seconds
        return Learner(config: c)
    }

    func testMatchLearnsOnceAndScoresThePredictionMadeThen() {
        let l = learner()
        guard case .predicted = l.predictPending(id: "a", features: [1, 0], now: 100) else { return XCTFail() }
        XCTAssertEqual(l.pending.count, 1)
        XCTAssertEqual(l.counters.learned, 0)
        guard case .learned = l.resolvePending(id: "a", target: .label("x"), now: 102.5) else { return XCTFail() }
        XCTAssertEqual(l.counters.learned, 1)
        XCTAssertEqual(l.delayed.matched, 1)
        XCTAssertEqual(l.delayed.scored, 1)
        XCTAssertEqual(l.delayed.correct, 0, "the prediction before any class could not name x")
        XCTAssertEqual(l.delayed.delayMedian, 2.5)
        XCTAssertEqual(l.resolvePending(id: "a", target: .label("x"), now: 103),
                       .rejected(kind: .unknownID, reason: PendingRejection.unknownReason("a")))
        XCTAssertEqual(l.counters.rejectedByKind, ["unknown-id": 1])
    }

    func testDuplicateEvictionAndExpiryAreCounted() {
        let l = learner(capacity: 3, seconds: 10)
        for (n, id) in ["a", "b", "c", "d"].enumerated() {
            _ = l.predictPending(id: id, features: [Float(n), 1], now: Double(n))
        }
        XCTAssertEqual(l.pending.entries.map(\.id), ["b", "c", "d"], "the oldest was evicted")
        XCTAssertEqual(l.delayed.evicted, 1)
        XCTAssertEqual(l.predictPending(id: "c", features: [0, 0], now: 4),
                       .rejected(kind: .duplicateID, reason: "id \"c\" already has a pending prediction"))
        l.expirePending(now: 12.5)
        XCTAssertEqual(l.pending.entries.map(\.id), ["d"], "b (t=1) and c (t=2) are older than 10 s at 12.5")
        XCTAssertEqual(l.delayed.expired, 2)
        XCTAssertEqual(l.counters.rejectedByKind, ["duplicate-id": 1])
    }

    func testTableStaysBoundedAndOrderedOverManyOperations() {
        let l = learner(capacity: 100, seconds: 1e9)
        for i in 0..<5000 {
            _ = l.predictPending(id: "p\(i)", features: [1, 2], now: Double(i))
            if i % 3 == 0 { _ = l.resolvePending(id: "p\(i - 50)", target: .label("a"), now: Double(i)) }
        }
        XCTAssertEqual(l.pending.count, 100)
        let ids = l.pending.entries.map(\.id)
        XCTAssertEqual(ids.count, 100)
        XCTAssertEqual(ids.last, "p4999")
        XCTAssertEqual(l.delayed.matched + l.delayed.evicted + l.pending.count, 5000)
        XCTAssertEqual(PendingTable(entries: l.pending.entries), l.pending, "rebuilt from its entries, equal")
    }

    func testSnapshotCarriesTheTableAndASmallerCapacityTrimsIt() {
        let l = learner(capacity: 5)
        for i in 0..<5 { _ = l.predictPending(id: "p\(i)", features: [1, 2], now: 0) }
        let restored = Learner(restoring: l.snapshot())
        XCTAssertEqual(restored.pending, l.pending)
        var smaller = restored.config
        smaller.pendingCapacity = 2
        restored.retune(smaller)
        XCTAssertEqual(restored.pending.entries.map(\.id), ["p3", "p4"])
        XCTAssertEqual(restored.delayed.evicted, 3)
    }
}
