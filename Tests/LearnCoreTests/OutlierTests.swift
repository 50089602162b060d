import XCTest
@testable import LearnCore

/// Issue 13, case 14: a single extreme but finite record is kept out of the feature statistics and counted, its
/// own inputs are clipped, and it is not stored for replay; a lasting shift still reaches the statistics.
final class OutlierTests: XCTestCase {
    private func trained(_ records: Int) -> Learner {
        var c = LearnerConfig(inputs: 6)
        c.hidden = [10]
        c.outputs = 3
        let learner = Learner(config: c)
        for (x, y) in syntheticRecords(records) { _ = learner.learn(x, target: .label(y)) }
        return learner
    }

    func testAnExtremeRecordIsLearnedButKeptOutOfTheStatisticsAndReplay() {
        let learner = trained(200)
        let before = learner.snapshot()
        for extreme: Float in [1e4, 1e30] {
            guard case .learned = learner.learn([Float](repeating: extreme, count: 6), target: .label("class0")) else {
                return XCTFail("\(extreme) is learned")
            }
        }
        XCTAssertEqual(learner.normalizer.count, before.normalizer.count)
        XCTAssertEqual(learner.normalizer.mean, before.normalizer.mean)
        XCTAssertEqual(learner.normalizer.m2, before.normalizer.m2)
        XCTAssertEqual(learner.normalizer.outliers, 2)
        _ = learner.learn([Float](repeating: 1e6, count: 6), target: .label("class0"))
        XCTAssertEqual(learner.normalizer.outliers, 2, "1 in 100 records at most: the third enters the statistics")
        XCTAssertEqual(learner.normalizer.count, before.normalizer.count + 1)
        XCTAssertEqual(learner.counters.learned, 203)
        XCTAssertTrue(learner.network.isFinite)
        XCTAssertFalse(learner.reservoir.features.contains(1e4), "an outlier is not replayed")
    }

    func testNothingIsJudgedDuringTheWarmUpAndALastingShiftIsTakenIn() {
        var n = Normalizer(features: 2)
        for i in 0..<Normalizer.warmup { XCTAssertTrue(n.update([Float(i % 2), 1e6 * Float(i)], judging: true)) }
        var kept = 0
        for _ in 0..<1000 where n.update([5000, 0], judging: true) { kept += 1 }
        XCTAssertGreaterThan(kept, 900, "a shift lasting 1000 records moves the statistics")
        XCTAssertLessThanOrEqual(n.outliers * 100, n.count)
    }

    func testClippingKeepsOverflowsNonFinite() {
        var n = Normalizer(features: 2)
        for i in 0..<10 { n.update([Float(i), Float(i)]) }
        var out = [Float](repeating: 0, count: 2)
        n.normalize([1e30, 3e38][...], into: &out, at: 0, clip: 100)
        XCTAssertEqual(out[0], 100)
        n.normalize([-3e38, 4][...], into: &out, at: 0, clip: 100)
        XCTAssertEqual(out[0], -100)
        var shifted = Normalizer(features: 2)
        for i in 0..<10 { shifted.update([-3e38, Float(i)]) }
        shifted.normalize([3e38, 4][...], into: &out, at: 0, clip: 100)
        XCTAssertFalse(out[0].isFinite, "an overflow stays non-finite, so the step is refused")
    }
}
