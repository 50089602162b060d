import XCTest
@testable import LearnCore

/// Delayed labels and live weights on a population: one pending table for the population (none in
/// the members), a truth learns every member, the table survives a snapshot, and weights load into
/// every member all or nothing.
final class TunedLearnerPendingTests: XCTestCase {
    func tunedConfig() -> LearnerConfig {
        var c = smallConfig()
        c.tuning = .auto
        return c
    }

    func testOnePendingTableAndATruthLearnsEveryMember() throws {
        let tuned = TunedLearner(config: tunedConfig())
        XCTAssertEqual(tuned.members.count, 2)
        let records = syntheticRecords(12)
        for (i, (x, _)) in records.enumerated() {
            guard case .predicted = tuned.predictPending(id: "q\(i)", features: x, now: Double(i)) else {
                return XCTFail("prediction \(i) kept")
            }
        }
        XCTAssertEqual(tuned.pending.count, 12)
        XCTAssertEqual(tuned.members.map(\.pending.count), [0, 0], "the members hold no table of their own")
        XCTAssertEqual(tuned.resolvePending(id: "q0", target: .label(records[0].1), now: 20).isLearned, true)
        XCTAssertEqual(tuned.members.map(\.counters.learned), [1, 1], "a truth learns every member")
        XCTAssertEqual(tuned.counters.learned, 1)
        XCTAssertEqual(tuned.delayed.matched, 1)
        XCTAssertEqual(tuned.delayed.scored, 1)
        XCTAssertEqual(tuned.pending.count, 11)
        guard case .rejected(let kind, _) = tuned.resolvePending(id: "q0", target: .label("a"), now: 21) else {
            return XCTFail("a second truth is refused")
        }
        XCTAssertEqual(kind, .unknownID)

        let state = tuned.snapshot()
        XCTAssertEqual(state.pending.count, 11)
        XCTAssertNil(state.inconsistency)
        XCTAssertEqual(state.tuner?.members.map(\.pending.count), [0, 0])
        let restored = TunedLearner(restoring: state, tuning: TuningConfig(mode: .auto))
        XCTAssertEqual(restored.snapshot(), state)
        let single = TunedLearner(restoring: state, tuning: TuningConfig(mode: .off))
        XCTAssertEqual(single.pending.count, 11, "tuning off keeps the table on the one learner")
        XCTAssertEqual(single.delayed, state.delayed)
    }

    func testARestoredSingleLearnersTableBecomesThePopulations() {
        var c = smallConfig()
        c.tuning = .off
        let plain = Learner(config: c)
        for (i, (x, _)) in syntheticRecords(5).enumerated() {
            _ = plain.predictPending(id: "p\(i)", features: x, now: 0)
        }
        let tuned = TunedLearner(restoring: plain.snapshot(), tuning: TuningConfig(mode: .auto))
        XCTAssertEqual(tuned.pending.count, 5)
        XCTAssertEqual(tuned.members.map(\.pending.count), [0, 0])
        XCTAssertNil(tuned.snapshot().inconsistency)
    }

    func testWeightsReadTheLeaderAndLoadIntoEveryMemberAllOrNothing() throws {
        let tuned = TunedLearner(config: tunedConfig())
        for (x, y) in syntheticRecords(40) { _ = tuned.learn(x, target: .label(y)) }
        XCTAssertEqual(tuned.modelWeights(), tuned.leader.modelWeights())
        let donor = Learner(config: smallConfig())
        var weights = donor.modelWeights()
        try tuned.load(weights)
        for m in tuned.members { XCTAssertEqual(m.network.parameters, donor.network.parameters) }
        let before = tuned.snapshot()
        weights.parameters[weights.parameters.count - 1] = .nan
        XCTAssertThrowsError(try tuned.load(weights))
        XCTAssertEqual(tuned.snapshot(), before, "a refusal changes no member")
    }
}
