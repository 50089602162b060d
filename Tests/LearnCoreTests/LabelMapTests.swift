import XCTest
@testable import LearnCore

final class LabelMapTests: XCTestCase {
    func testSlotsInOrderOfFirstAppearance() {
        var map = LabelMap(capacity: 3)
        XCTAssertEqual(map.slotAssigning("b"), 0)
        XCTAssertEqual(map.slotAssigning("a"), 1)
        XCTAssertEqual(map.slotAssigning("b"), 0)
        XCTAssertEqual(map.slotAssigning("c"), 2)
        XCTAssertNil(map.slotAssigning("d"))
        XCTAssertEqual(map.names, ["b", "a", "c"])
        XCTAssertEqual(map.slot(of: "a"), 1)
        XCTAssertNil(map.slot(of: "d"))
        XCTAssertEqual(map.slotAssigning("a"), 1, "known names still resolve when full")
    }

    func testRemoveLastAndRestore() {
        var map = LabelMap(capacity: 2)
        _ = map.slotAssigning("x")
        _ = map.slotAssigning("y")
        map.removeLast()
        XCTAssertEqual(map.names, ["x"])
        XCTAssertNil(map.slot(of: "y"))
        XCTAssertEqual(map.slotAssigning("z"), 1)
        XCTAssertEqual(LabelMap(capacity: 2, names: ["x", "z"]), map)
        XCTAssertEqual(LabelMap(capacity: 2, names: ["x", "z"]).slot(of: "z"), 1)
    }

    /// A class beyond `outputs` is rejected and nothing but the rejection counter changes.
    func testClassCapacityRejectionChangesNothing() {
        let learner = Learner(config: smallConfig(outputs: 3))
        for (x, y) in syntheticRecords(40, classes: 3) { _ = learner.learn(x, target: .label(y)) }
        XCTAssertEqual(learner.labels.names.count, 3)
        let before = learner.snapshot()

        let outcome = learner.learn([1, 2, 3, 4, 5, 6], target: .label("newcomer"))
        XCTAssertEqual(outcome, .rejected(kind: .classCapacity, reason: "class capacity 3 reached"))
        var expected = before
        expected.counters.countRejection(kind: "class-capacity")
        XCTAssertEqual(learner.snapshot(), expected)
        XCTAssertEqual(learner.counters.rejectedByKind, ["class-capacity": 1])
        XCTAssertEqual(learner.counters.total, 41)
        XCTAssertNil(learner.labels.slot(of: "newcomer"))

        // A known class is still learned afterwards.
        guard case .learned = learner.learn([1, 2, 3, 4, 5, 6], target: .label("class1")) else { return XCTFail() }
        XCTAssertEqual(learner.counters.learned, 41)
    }

    /// The reason names the configured capacity.
    func testReasonNamesCapacity() {
        var c = smallConfig(outputs: 1)
        c.replayK = 0
        let learner = Learner(config: c)
        _ = learner.learn([0, 0, 0, 0, 0, 0], target: .label("only"))
        XCTAssertEqual(learner.learn([0, 0, 0, 0, 0, 0], target: .label("second")),
                       .rejected(kind: .classCapacity, reason: "class capacity 1 reached"))
    }

    /// Predictions name only classes seen so far; the first record has no prediction.
    func testPredictionOnlyAmongAssignedSlots() {
        let learner = Learner(config: smallConfig(outputs: 5))
        XCTAssertEqual(learner.learn([1, 0, 0, 0, 0, 0], target: .label("a")), .learned(.label(nil, confidence: 0)))
        for _ in 0..<5 {
            guard case .learned(.label(let name, _)) = learner.learn([0, 1, 0, 0, 0, 0], target: .label("b")) else {
                return XCTFail()
            }
            XCTAssertTrue(name == "a" || name == "b")
        }
        guard case .label(let name, let confidence)? = learner.predict([0, 1, 0, 0, 0, 0]) else { return XCTFail() }
        XCTAssertTrue(["a", "b"].contains(name))
        XCTAssertTrue(confidence > 0 && confidence <= 1)
    }
}
