import XCTest
@testable import LearnCore

final class MetricsTests: XCTestCase {
    func testPrequentialClassificationCounts() {
        var m = PrequentialMetrics(window: 3, slots: 3)
        // (predicted, actual, loss)
        let sequence: [(Int?, Int, Float)] = [(nil, 0, 1.0), (0, 0, 0.5), (0, 1, 2.0), (1, 1, 0.25), (2, 1, 1.5), (2, 2, 0.75)]
        for (p, a, l) in sequence { m.recordClassification(predicted: p, actual: a, loss: l) }
        XCTAssertEqual(m.count, 6)
        XCTAssertEqual(m.correct, 3)
        XCTAssertEqual(m.accuracy, 0.5)
        XCTAssertEqual(m.meanLoss, 6.0 / 6)
        XCTAssertEqual(m.classSeen, [2, 3, 1])
        XCTAssertEqual(m.classCorrect, [1, 1, 1])
        // Last 3: hit, miss, hit (ring wrapped twice).
        XCTAssertEqual(m.recent.count, 3)
        XCTAssertEqual(m.recentAccuracy, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(m.recentNext, 0)
        m.recordClassification(predicted: 0, actual: 2, loss: 1)
        XCTAssertEqual(m.recentAccuracy, 1.0 / 3, accuracy: 1e-12)   // miss, hit, miss
        XCTAssertEqual(m.recentNext, 1)
    }

    func testEmptyMetrics() {
        let m = PrequentialMetrics(window: 0, slots: 2)
        XCTAssertEqual(m.window, 1)
        XCTAssertEqual(m.accuracy, 0)
        XCTAssertEqual(m.rmse, 0)
        XCTAssertEqual(m.recentAccuracy, 0)
        XCTAssertEqual(m.meanLoss, 0)
    }

    func testRegressionRMSE() {
        var m = PrequentialMetrics(window: 2, slots: 1)
        for mse: Float in [1, 4, 9, 16] { m.recordRegression(meanSquaredError: mse) }
        XCTAssertEqual(m.rmse, (30.0 / 4).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(m.recentRMSE, (25.0 / 2).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(m.meanLoss, 7.5, accuracy: 1e-12)
    }

    /// Through the learner: the metrics score exactly the predictions the outcomes carried.
    func testLearnerScoresItsPrequentialPredictions() {
        let learner = Learner(config: smallConfig(outputs: 3))
        var correct = 0, seen = [0, 0, 0], hits = [0, 0, 0], recent: [Int] = []
        for (x, y) in syntheticRecords(150) {
            guard case .learned(.label(let predicted, _)) = learner.learn(x, target: .label(y)) else { return XCTFail() }
            let slot = learner.labels.slot(of: y)!
            seen[slot] += 1
            let hit = predicted == y
            if hit { correct += 1; hits[slot] += 1 }
            recent.append(hit ? 1 : 0)
        }
        let m = learner.metrics
        XCTAssertEqual(m.count, 150)
        XCTAssertEqual(m.correct, correct)
        XCTAssertEqual(m.classSeen, seen)
        XCTAssertEqual(m.classCorrect, hits)
        XCTAssertEqual(m.recentAccuracy, Double(recent.suffix(20).reduce(0, +)) / 20, accuracy: 1e-12)
        XCTAssertGreaterThan(m.accuracy, 0.7, "separable synthetic classes are learned")
        XCTAssertEqual(learner.counters.learned, 150)
    }

    func testLearnerRegressionMetrics() {
        var c = smallConfig(outputs: 2)
        c.task = .regress
        let learner = Learner(config: c)
        var sum = 0.0, recent: [Double] = []
        for (x, _) in syntheticRecords(100) {
            let target: [Float] = [x[0] + x[1], x[2] - 1]
            guard case .learned(.values(let y)) = learner.learn(x, target: .values(target)) else { return XCTFail() }
            XCTAssertEqual(y.count, 2)
            let mse = zip(y, target).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } / 2
            sum += mse
            recent.append(mse)
        }
        let m = learner.metrics
        XCTAssertEqual(m.count, 100)
        XCTAssertEqual(m.rmse, (sum / 100).squareRoot(), accuracy: 1e-5 * m.rmse)
        XCTAssertEqual(m.recentRMSE, (recent.suffix(20).reduce(0, +) / 20).squareRoot(), accuracy: 1e-5 * m.recentRMSE)
        XCTAssertLessThan(m.recentRMSE, m.rmse, "the learner improves")
    }
}
