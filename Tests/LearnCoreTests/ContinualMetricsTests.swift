import XCTest
@testable import LearnCore

/// Accuracy matrix, average accuracy, backward transfer (Lopez-Paz and Ranzato 2017) and
/// average forgetting (Chaudhry et al. 2018) from per-class evaluation counts.
final class ContinualMetricsTests: XCTestCase {
    /// Three tasks of two classes, 10 eval records per class; hits per class after each stage.
    func evaluations(_ hits: [[Int]]) -> [[String: (seen: Int, correct: Int)]] {
        let names = ["a", "b", "c", "d", "e", "f"]
        return hits.map { row in
            Dictionary(uniqueKeysWithValues: zip(names, row).map { ($0, (seen: 10, correct: $1)) })
        }
    }

    func testMatrixAndSummaries() throws {
        let m = try XCTUnwrap(ContinualMetrics(tasks: [["a", "b"], ["c", "d"], ["e", "f"]], perClass: evaluations([
            [10, 10, 0, 0, 0, 0],    // after stage 1: task 1 at 1.0
            [9, 9, 10, 8, 0, 0],     // after stage 2: 0.9, 0.9
            [7, 8, 9, 9, 10, 10],    // after stage 3: 0.75, 0.9, 1.0
        ])))
        XCTAssertEqual(m.accuracy, [[1, 0, 0], [0.9, 0.9, 0], [0.75, 0.9, 1]])
        XCTAssertEqual(m.averageAccuracy, (0.75 + 0.9 + 1) / 3, accuracy: 1e-12)
        // BWT = ((0.75 − 1.0) + (0.9 − 0.9)) / 2
        XCTAssertEqual(m.backwardTransfer, -0.125, accuracy: 1e-12)
        // Forgetting: task 1 max(1.0, 0.9) − 0.75 = 0.25; task 2 max(0.9) − 0.9 = 0.
        XCTAssertEqual(m.averageForgetting, 0.125, accuracy: 1e-12)
    }

    /// Forgetting uses the best earlier accuracy, BWT the one right after learning: they differ
    /// when a task kept improving after its stage.
    func testForgettingUsesTheBestEarlierAccuracy() throws {
        let m = try XCTUnwrap(ContinualMetrics(tasks: [["a", "b"], ["c", "d"], ["e", "f"]], perClass: evaluations([
            [6, 6, 0, 0, 0, 0],      // 0.6
            [10, 10, 9, 9, 0, 0],    // task 1 improved to 1.0
            [8, 8, 9, 9, 9, 9],
        ])))
        XCTAssertEqual(m.backwardTransfer, ((0.8 - 0.6) + (0.9 - 0.9)) / 2, accuracy: 1e-12)
        XCTAssertEqual(m.averageForgetting, ((1.0 - 0.8) + 0) / 2, accuracy: 1e-12)
    }

    func testUndefinedCases() {
        XCTAssertNil(ContinualMetrics(tasks: [["a", "b"]], perClass: evaluations([[10, 10, 0, 0, 0, 0]])), "one task")
        XCTAssertNil(ContinualMetrics(tasks: [["a"], []], perClass: evaluations([[1], [1]])), "a stage without classes")
        XCTAssertNil(ContinualMetrics(tasks: [["a"], ["z"]], perClass: evaluations([[1], [1]])), "no eval records of a task")
        XCTAssertNil(ContinualMetrics(tasks: [["a"], ["b"]], perClass: evaluations([[1, 1]])), "an evaluation missing")
    }
}
