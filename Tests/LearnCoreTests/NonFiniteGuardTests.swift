import XCTest
@testable import LearnCore

/// The contract: "A step whose loss or weights are not finite is undone and counted; the record is
/// rejected with reason `non-finite`." Rejection must leave the whole state as it was, except the
/// rejection counter.
final class NonFiniteGuardTests: XCTestCase {
    func trainedLearner(_ c: LearnerConfig = smallConfig()) -> Learner {
        let learner = Learner(config: c)
        for (x, y) in syntheticRecords(40) { _ = learner.learn(x, target: .label(y)) }
        return learner
    }

    func assertRejectedUnchanged(_ learner: Learner, _ x: [Float], _ target: LearnTarget, line: UInt = #line) {
        let before = learner.snapshot()
        let outcome = learner.learn(x, target: target)
        XCTAssertEqual(outcome, .rejected(kind: .nonFinite, reason: "non-finite"), line: line)
        var expected = before
        expected.counters.countRejection(kind: "non-finite")
        let after = learner.snapshot()
        XCTAssertEqual(after.network, expected.network, "network", line: line)
        XCTAssertEqual(after.optimizer, expected.optimizer, "optimizer", line: line)
        XCTAssertEqual(after.normalizer, expected.normalizer, "normalizer", line: line)
        XCTAssertEqual(after.reservoir, expected.reservoir, "reservoir", line: line)
        XCTAssertEqual(after.rng, expected.rng, "rng", line: line)
        XCTAssertEqual(after.metrics, expected.metrics, "metrics", line: line)
        XCTAssertEqual(after.labels, expected.labels, "labels", line: line)
        XCTAssertEqual(after, expected, line: line)
    }

    /// Huge features overflow float32 in the normalisation (x − mean): here feature 0 was −3e38
    /// and is now +3e38. (A single huge value after normal ones does not: the normaliser bounds
    /// it by √n, so 1e30 is learned as an ordinary outlier; see testHugeOutlierIsNormalisedAway.)
    func testOverflowingFeaturesAreRejectedAndStateUnchanged() {
        let learner = trainedLearner()
        var x = syntheticRecords(1, seed: 5)[0].0
        x[0] = -3e38
        for _ in 0..<10 { _ = learner.learn(x, target: .label("class0")) }
        x[0] = 3e38
        assertRejectedUnchanged(learner, x, .label("class0"))
        // Adam state is restored too.
        var c = smallConfig()
        c.optimizer = .adam
        c.learningRate = 0.01
        let adam = trainedLearner(c)
        x[0] = -3e38
        for _ in 0..<10 { _ = adam.learn(x, target: .label("class0")) }
        x[0] = 3e38
        assertRejectedUnchanged(adam, x, .label("class1"))
    }

    /// The first record of a new class that is rejected does not keep its slot.
    func testRejectedFirstRecordOfNewClassFreesItsSlot() {
        var c = smallConfig(outputs: 4)
        c.momentum = 0.9
        let learner = trainedLearner(c)
        var x = syntheticRecords(1, seed: 5)[0].0
        x[2] = -3e38
        for _ in 0..<10 { _ = learner.learn(x, target: .label("class0")) }
        x[2] = 3e38
        assertRejectedUnchanged(learner, x, .label("brand-new"))
        XCTAssertNil(learner.labels.slot(of: "brand-new"))
        x[2] = 0
        guard case .learned = learner.learn(x, target: .label("later")) else { return XCTFail() }
        XCTAssertEqual(learner.labels.slot(of: "later"), 3)
    }

    /// Weights driven huge by a runaway learning rate make the next loss non-finite: rejected.
    func testNonFiniteLossFromHugeWeightsIsRejected() {
        let learner = trainedLearner()
        var c = learner.config
        c.learningRate = .greatestFiniteMagnitude
        learner.retune(c)
        let (x, y) = syntheticRecords(1, seed: 5)[0]
        _ = learner.learn(x, target: .label(y))
        XCTAssertTrue(learner.network.isFinite)
        assertRejectedUnchanged(learner, x, .label(y))
        XCTAssertEqual(learner.counters.rejectedByKind["non-finite"], 1)
    }

    /// A step whose update overflows the weights (finite loss and gradient, ∞ after lr·g) must be
    /// undone as well: DESIGN says "loss or weights". Otherwise the network holds ∞, every later
    /// record is rejected, and `LearnerState.inconsistency` refuses the checkpoint.
    func testStepThatMakesWeightsNonFiniteIsUndone() {
        var c = smallConfig(inputs: 2, hidden: [4], outputs: 2)
        c.replayK = 0
        let learner = Learner(config: c)
        var r = TestRandom(seed: 3)
        for _ in 0..<100 { _ = learner.learn(r.floats(2, -0.01, 0.01), target: .label(r.int(2) == 0 ? "a" : "b")) }
        c.learningRate = .greatestFiniteMagnitude
        learner.retune(c)
        let before = learner.snapshot()
        let outcome = learner.learn([5, 5], target: .label("a"))
        XCTAssertTrue(learner.network.isFinite, "a step left non-finite weights")
        XCTAssertEqual(outcome, .rejected(kind: .nonFinite, reason: "non-finite"))
        var expected = before
        expected.counters.countRejection(kind: "non-finite")
        let after = learner.snapshot()
        XCTAssertTrue(after.network == expected.network, "network changed by the overflowing step")
        XCTAssertTrue(after.normalizer == expected.normalizer && after.metrics == expected.metrics
                      && after.counters == expected.counters && after.rng == expected.rng, "state besides the network")
        XCTAssertNil(learner.snapshot().inconsistency)
    }

    /// One huge value after normal ones is an outlier, not an overflow: learned, state finite.
    func testHugeOutlierIsNormalisedAway() {
        let learner = trainedLearner()
        var x = syntheticRecords(1, seed: 5)[0].0
        x[0] = 1e30
        guard case .learned = learner.learn(x, target: .label("class0")) else { return XCTFail() }
        XCTAssertTrue(learner.network.isFinite)
        XCTAssertNil(learner.snapshot().inconsistency)
    }
}
