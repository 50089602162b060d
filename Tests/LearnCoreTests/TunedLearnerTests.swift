import XCTest
@testable import LearnCore

/// The self-tuning learner (issue 14): "off" is the plain learner exactly, the population moves its
/// rates towards the better side, a member whose step goes non-finite is reset without poisoning the
/// answer, and a snapshot restores into a learner that continues exactly.
final class TunedLearnerTests: XCTestCase {
    /// y = 2·x0 − x1 + noise-free, targets of order 1.
    func regressionRecords(_ n: Int, seed: UInt64 = 3) -> [([Float], [Float])] {
        var r = TestRandom(seed: seed)
        return (0..<n).map { _ in
            let x = r.floats(4, -1, 1)
            return (x, [2 * x[0] - x[1]])
        }
    }

    func regressConfig() -> LearnerConfig {
        var c = smallConfig(inputs: 4, hidden: [8], outputs: 1)
        c.task = .regress
        return c
    }

    func testOffIsThePlainLearnerExactly() {
        var c = smallConfig()
        c.tuning = .off
        let plain = Learner(config: c), tuned = TunedLearner(config: c)
        XCTAssertNil(tuned.tuning)
        for (x, y) in syntheticRecords(120) {
            XCTAssertEqual(tuned.learn(x, target: .label(y)), plain.learn(x, target: .label(y)))
        }
        XCTAssertEqual(tuned.snapshot(), plain.snapshot())
        XCTAssertEqual(tuned.learningRates, [c.learningRate])
    }

    func testAutoStartsARateGridAndMovesItTowardTheBetterSide() {
        var c = regressConfig()
        c.learningRate = 0.0001
        var t = TuningConfig(mode: .auto)
        t.interval = 20
        t.margin = 0
        let tuned = TunedLearner(config: c, tuning: t)
        XCTAssertEqual(tuned.learningRates, [0.0001, 0.0002], "the configured rate and one spread above")
        XCTAssertEqual(tuned.members.map(\.config.replayK), [2 * c.replayK, 2 * c.replayK],
                       "regress members replay twice replay_k")
        for (x, y) in regressionRecords(400) { _ = tuned.learn(x, target: .values(y)) }
        let state = tuned.tuning!
        XCTAssertGreaterThan(state.exploits, 0, "\(state)")
        // Far too small a step to start with: the search climbs (from 0.0002 at the top, ×2 per move).
        XCTAssertGreaterThanOrEqual(tuned.learningRates.max()!, 0.0008, "\(state.rates)")
        XCTAssertEqual(tuned.counters.learned, 400)
        XCTAssertEqual(tuned.metrics.count, 400)
        XCTAssertEqual(tuned.leader.config.learningRate, state.rates[state.leader])
    }

    /// A member whose rate makes its steps blow up is reset (counted, logged) while the records stay
    /// learned and the served error stays that of the sane members.
    func testANonFiniteMemberIsResetAndDoesNotPoisonTheAnswer() throws {
        var c = regressConfig()
        c.learningRate = 1
        var t = TuningConfig(mode: .auto)
        t.members = 3
        t.factor = 1000
        t.spread = 1000
        t.maxRate = 1e4
        let tuned = TunedLearner(config: c, tuning: t)   // rates 0.001, 1, 1000
        XCTAssertEqual(tuned.learningRates[0], 0.001, accuracy: 1e-7)
        XCTAssertEqual(tuned.learningRates[2], 1000, accuracy: 1e-3)
        var served: [Float] = []
        for (x, y) in regressionRecords(200) {
            let outcome = tuned.learn(x.map { $0 * 100 }, target: .values(y.map { $0 * 100 }))
            guard case .learned(.values(let v)) = outcome else { return XCTFail("record rejected: \(outcome)") }
            served.append(v[0])
        }
        let state = tuned.tuning!
        XCTAssertGreaterThan(state.resets, 0)
        XCTAssertTrue(served.allSatisfy(\.isFinite))
        let events = tuned.takeEvents()
        XCTAssertEqual(events.count, state.resets)
        let first = try XCTUnwrap(events.first)
        XCTAssertNotEqual(first.member, first.source)
        XCTAssertLessThan(first.rate, first.rateBefore, "reset at a smaller rate")
        XCTAssertTrue((1...200).contains(first.record), "\(first.record)")
        XCTAssertEqual(first.message, ("tuning: member \(first.member) (learning rate \(first.rateBefore)) "
                                              + "took a non-finite step at record \(first.record); reset to a copy "
                                              + "of member \(first.source) at learning rate \(first.rate)"))
        XCTAssertTrue(tuned.takeEvents().isEmpty, "events are handed out once")
        XCTAssertEqual(tuned.counters.rejected, 0)
        // Targets have a standard deviation of about 130; one diverged member averaged in gave ~1e10.
        XCTAssertLessThan(tuned.metrics.recentRMSE, 300, "the served answers are the sane members'")
    }

    func testSnapshotRestoresAndContinuesExactly() {
        let c = regressConfig()
        let records = regressionRecords(300)
        let whole = TunedLearner(config: c, tuning: TuningConfig(mode: .auto))
        let first = TunedLearner(config: c, tuning: TuningConfig(mode: .auto))
        for (x, y) in records.prefix(150) {
            _ = whole.learn(x, target: .values(y))
            _ = first.learn(x, target: .values(y))
        }
        let saved = first.snapshot()
        XCTAssertNil(saved.inconsistency)
        XCTAssertEqual(saved.tuner?.members.count, 2)
        XCTAssertEqual(saved.metrics, first.metrics, "the main state carries the served metrics")
        let resumed = TunedLearner(restoring: saved, tuning: TuningConfig(mode: .auto))
        for (x, y) in records.suffix(150) {
            XCTAssertEqual(resumed.learn(x, target: .values(y)), whole.learn(x, target: .values(y)))
        }
        XCTAssertEqual(resumed.snapshot(), whole.snapshot())
        // Without a population (an older checkpoint) "auto" builds one around the saved learner.
        var single = saved
        single.tuner = nil
        let adopted = TunedLearner(restoring: single, tuning: TuningConfig(mode: .auto))
        XCTAssertEqual(adopted.learningRates.count, 2)
        XCTAssertEqual(adopted.counters, saved.counters)
        // "off" continues with the saved leader alone.
        let alone = TunedLearner(restoring: saved, tuning: TuningConfig(mode: .off))
        XCTAssertNil(alone.tuning)
        XCTAssertEqual(alone.leader.network, saved.network)
    }
}
