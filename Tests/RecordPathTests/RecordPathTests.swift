import LearnCore
import RecordPath
import Wire
import XCTest

/// The record path shared by `learnd stream` and `learnd serve`: each record learned, predicted or
/// rejected with its kind, and rejections before an "auto" width counted into the learner.
final class RecordPathTests: XCTestCase {
    private func template() -> LearnerConfig {
        var c = LearnerConfig(inputs: 1)
        c.hidden = [4]
        c.outputs = 3
        return c
    }

    func testAutoWidthCountsEarlyRejectionsIntoTheLearner() {
        let path = RecordPath(template: template(), learner: nil)
        XCTAssertEqual(path.rejected(Rejection(.parse, "feature 1: empty")), .rejected(Rejection(.parse, "feature 1: empty")))
        XCTAssertEqual(path.rejected(Rejection(.tooLong, "record longer than 9 bytes")).kind, .tooLong)
        XCTAssertNil(path.learner)
        XCTAssertEqual(path.counters.rejectedByKind, ["parse": 1, "too-long": 1])
        XCTAssertEqual(path.process(Record(target: .label("a"), features: [1, 2])), .learned)
        XCTAssertEqual(path.learner?.config.inputs, 2, "the first valid record fixes the width")
        XCTAssertEqual(path.counters.learned, 1)
        XCTAssertEqual(path.counters.rejectedByKind, ["parse": 1, "too-long": 1])
    }

    func testWidthPredictAndClassCapacity() {
        let path = RecordPath(template: template(), learner: TunedLearner(config: template().with(inputs: 2)))
        XCTAssertEqual(path.process(Record(target: .none, features: [1, 2, 3])).kind, .width)
        guard case .predicted(.label(nil, _)) = path.process(Record(target: .none, features: [1, 2])) else {
            return XCTFail("a predict-only record before any class is answered without a label")
        }
        for label in ["a", "b", "c"] { XCTAssertEqual(path.process(Record(target: .label(label), features: [0, 1])), .learned) }
        XCTAssertEqual(path.process(Record(target: .label("d"), features: [0, 1])).kind, .classCapacity)
        XCTAssertEqual(path.counters, Counters(learned: 3, predicted: 1, rejectedByKind: ["width": 1, "class-capacity": 1]))
    }

    /// Records with an id: a truth before any learner is an unknown id (counted early), a prediction builds
    /// the learner at its width, its truth is learned, and each kind of mistake is counted by kind.
    func testRecordIdsOnTheSharedPath() {
        let path = RecordPath(template: template(), learner: nil)
        XCTAssertEqual(path.process(Record(target: .label("a"), features: [], id: "x"), now: 0).kind, .unknownId)
        guard case .predicted = path.process(Record(target: .none, features: [1, 2], id: "x"), now: 1) else {
            return XCTFail("a prediction with an id is answered")
        }
        XCTAssertEqual(path.learner?.config.inputs, 2)
        XCTAssertEqual(path.process(Record(target: .none, features: [1, 2], id: "x"), now: 2).kind, .duplicateId)
        XCTAssertEqual(path.process(Record(target: .none, features: [1], id: "y"), now: 2).kind, .width)
        XCTAssertEqual(path.process(Record(target: .label("a"), features: [], id: "x"), now: 3), .learned)
        XCTAssertEqual(path.process(Record(target: .label("a"), features: [], id: "x"), now: 4).kind, .unknownId)
        XCTAssertEqual(path.counters, Counters(learned: 1, predicted: 1,
                                               rejectedByKind: ["unknown-id": 2, "duplicate-id": 1, "width": 1]))
        XCTAssertEqual(path.learner?.delayed.matched, 1)
        XCTAssertEqual(path.learner?.delayed.delayMedian, 2)
    }

    /// The learner reports its rejections by counter key (`non-finite`, `class-capacity`); each
    /// maps back to its kind, and a key this build does not know counts as `parse`.
    func testCounterKeysMapToKinds() {
        for kind in RejectionKind.allCases { XCTAssertEqual(RejectionKind(counterKey: kind.rawValue), kind) }
        XCTAssertEqual(RejectionKind.allCases.map(\.rawValue), ["width", "too-long", "parse", "non-finite",
                                                            "class-capacity", "bad-id", "unknown-id", "duplicate-id"])
        XCTAssertEqual(RejectionKind(counterKey: "from-a-newer-build"), .parse)
    }
}

extension RecordResult {
    var kind: RejectionKind? { if case .rejected(let r) = self { r.kind } else { nil } }
}
