import XCTest
@testable import LearnCore

/// Regress learns targets standardised online; predictions and metrics are in target units.
final class TargetNormalizationTests: XCTestCase {
    /// y = 1000 + 40·x0 − 25·x1 (+ noise): far from the unit scale the network starts at.
    static func stream(_ n: Int, seed: UInt64 = 21) -> [([Float], Float)] {
        var r = TestRandom(seed: seed)
        return (0..<n).map { _ in
            let x = r.floats(4, -1, 1)
            return (x, 1000 + 40 * x[0] - 25 * x[1] + r.float(-1, 1))
        }
    }

    static func config(normalize: Bool) -> LearnerConfig {
        var c = smallConfig(inputs: 4, hidden: [16], outputs: 1, seed: 2)
        c.task = .regress
        c.learningRate = 0.05
        c.normalizeTargets = normalize
        return c
    }

    func testLearnsTargetsFarFromUnitScale() {
        let learner = Learner(config: Self.config(normalize: true))
        var squared: [Double] = []
        for (x, y) in Self.stream(2000) {
            guard case .learned(.values(let p)) = learner.learn(x, target: .values([y])) else { return XCTFail("rejected") }
            squared.append(Double((p[0] - y) * (p[0] - y)))
        }
        let m = learner.metrics
        XCTAssertEqual(m.rmse, (squared.reduce(0, +) / 2000).squareRoot(), accuracy: 1e-3 * m.rmse,
                       "metrics are in target units, from the prequential predictions")
        XCTAssertLessThan(m.recentRMSE, 3, "the targets' sd is about 27; the model learns them")
        XCTAssertEqual(learner.targetNormalizer.count, 2000)
        XCTAssertEqual(learner.targetNormalizer.mean[0], 1000, accuracy: 2)
        guard case .values(let p)? = learner.predict([0.5, -0.5, 0, 0]) else { return XCTFail() }
        XCTAssertEqual(p[0], 1000 + 20 + 12.5, accuracy: 3, "predict de-normalises")
    }

    func testWithoutNormalizationTheSameStreamFails() {
        let learner = Learner(config: Self.config(normalize: false))
        for (x, y) in Self.stream(2000) { _ = learner.learn(x, target: .values([y])) }
        let learned = learner.counters.learned
        XCTAssertTrue(learned < 2000 || learner.metrics.recentRMSE > 10,
                      "raw targets at lr 0.05: \(learned) learned, recent RMSE \(learner.metrics.recentRMSE)")
        XCTAssertEqual(learner.targetNormalizer.count, 0, "no target statistics when off")
    }

    /// The first prediction uses the statistics before the record (prequential): with nothing
    /// seen it is 0, then the mean of the targets so far while the network is untrained.
    func testPredictionUsesStatisticsBeforeTheRecord() {
        var c = Self.config(normalize: true)
        c.learningRate = 1e-9
        let learner = Learner(config: c)
        guard case .learned(.values(let first)) = learner.learn([0, 0, 0, 0], target: .values([50])) else { return XCTFail() }
        XCTAssertEqual(first, [0])
        guard case .learned(.values(let second)) = learner.learn([0, 0, 0, 0], target: .values([70])) else { return XCTFail() }
        XCTAssertEqual(second[0], 50, accuracy: 1e-3, "σ = 0 after one record: the mean")
    }

    func testRestoredStateKeepsTargetStatistics() {
        let learner = Learner(config: Self.config(normalize: true))
        for (x, y) in Self.stream(100) { _ = learner.learn(x, target: .values([y])) }
        let restored = Learner(restoring: learner.snapshot())
        XCTAssertEqual(restored.targetNormalizer, learner.targetNormalizer)
        XCTAssertEqual(restored.predict([0.1, 0.2, 0.3, 0.4]), learner.predict([0.1, 0.2, 0.3, 0.4]))
    }
}
