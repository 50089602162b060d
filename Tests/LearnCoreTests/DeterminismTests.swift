import XCTest
@testable import LearnCore

/// Same config, seed and records → bit-identical state; another seed → another network.
final class DeterminismTests: XCTestCase {
    func configs() -> [LearnerConfig] {
        var sgd = smallConfig(inputs: 6, hidden: [12, 7], outputs: 4)
        sgd.momentum = 0.9
        sgd.clipNorm = 1
        sgd.replayCapacity = 30          // small, so Algorithm R replaces (draws) during the run
        sgd.pruneTargetSparsity = 0.5
        sgd.pruneStart = 20
        sgd.pruneEnd = 120
        sgd.pruneEvery = 10
        var adam = smallConfig(inputs: 6, hidden: [9], outputs: 3)
        adam.optimizer = .adam
        adam.learningRate = 0.01
        adam.activation = .tanh
        adam.replayCapacity = 25
        var regress = smallConfig(inputs: 6, hidden: [8], outputs: 2)
        regress.task = .regress
        regress.replayCapacity = 20
        // Continual-learning features on: the restored-learner test shows their state is all in
        // the snapshot (SI/EWC evidence, trigger window, detector, boost, events).
        var adapting = smallConfig(inputs: 6, hidden: [10], outputs: 3)
        adapting.replayCapacity = 30
        adapting.protect = .si
        adapting.protectMinInterval = 40
        adapting.driftDetector = .adwin
        adapting.driftActions = [.boostLR, .consolidate, .refreshReplay]
        adapting.replayPolicy = .classBalanced
        var regressAdapting = regress
        regressAdapting.protect = .ewc
        regressAdapting.protectMinInterval = 30
        regressAdapting.driftDetector = .pageHinkley
        regressAdapting.driftActions = [.boostLR, .consolidate]
        return [sgd, adam, regress, adapting, regressAdapting]
    }

    func feed(_ learner: Learner, _ n: Int, seed: UInt64 = 99) -> [LearnOutcome] {
        syntheticRecords(n, classes: learner.config.task == .classify ? learner.config.outputs : 1, seed: seed).map { x, y in
            switch learner.config.task {
            case .classify: return learner.learn(x, target: .label(y))
            case .regress: return learner.learn(x, target: .values([x[0] - x[1], x[2] * 0.5]))
            }
        }
    }

    func testSameSeedSameRecordsGiveIdenticalState() {
        for c in configs() {
            let a = Learner(config: c), b = Learner(config: c)
            let outcomesA = feed(a, 200), outcomesB = feed(b, 200)
            XCTAssertEqual(outcomesA, outcomesB)
            XCTAssertEqual(a.network.parameters.map(\.bitPattern), b.network.parameters.map(\.bitPattern))
            XCTAssertEqual(a.network.masks, b.network.masks)
            XCTAssertEqual(a.optimizer, b.optimizer)
            XCTAssertEqual(a.normalizer, b.normalizer)
            XCTAssertEqual(a.reservoir, b.reservoir)
            XCTAssertEqual(a.rng, b.rng)
            XCTAssertEqual(a.metrics, b.metrics)
            XCTAssertEqual(a.labels, b.labels)
            XCTAssertEqual(a.counters, b.counters)
            XCTAssertEqual(a.snapshot(), b.snapshot())
            XCTAssertGreaterThan(a.reservoir.seen, a.reservoir.capacity, "the reservoir replaced items")
        }
        XCTAssertFalse(Learner(config: configs()[0]).network.parameters.isEmpty)
    }

    func testDifferentSeedGivesDifferentParameters() {
        for c in configs() {
            var other = c
            other.seed = c.seed + 1
            let a = Learner(config: c), b = Learner(config: other)
            XCTAssertNotEqual(a.network.parameters, b.network.parameters)
            _ = feed(a, 50); _ = feed(b, 50)
            XCTAssertNotEqual(a.network.parameters, b.network.parameters)
            XCTAssertNotEqual(a.rng, b.rng)
        }
    }

    /// A learner restored from a snapshot continues exactly as the original.
    func testRestoredLearnerContinuesIdentically() {
        for c in configs() {
            let original = Learner(config: c)
            _ = feed(original, 80)
            let restored = Learner(restoring: original.snapshot())
            XCTAssertEqual(restored.snapshot(), original.snapshot())
            XCTAssertEqual(feed(original, 80, seed: 7), feed(restored, 80, seed: 7))
            XCTAssertEqual(restored.snapshot(), original.snapshot())
        }
    }

    /// The step is pure: a snapshot taken before learning is not changed by later steps.
    func testSnapshotIsAValue() {
        let learner = Learner(config: configs()[0])
        _ = feed(learner, 30)
        let snap = learner.snapshot()
        let copy = snap
        _ = feed(learner, 30, seed: 3)
        XCTAssertEqual(snap, copy)
        XCTAssertNotEqual(snap, learner.snapshot())
    }
}
