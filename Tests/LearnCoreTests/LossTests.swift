import Foundation
import XCTest
@testable import LearnCore

final class LossTests: XCTestCase {
    func testSoftmaxCrossEntropyValueAndDelta() {
        let logits: [Float] = [0.5, -1, 2, 0]
        var probabilities: [Float] = []
        var delta = [Float](repeating: 7, count: 8)
        let loss = Loss.softmaxCrossEntropy(logits: logits[...], target: 2, batch: 4,
                                            probabilities: &probabilities, delta: &delta, at: 4)
        let exps = logits.map { Foundation.exp(Double($0)) }
        let total = exps.reduce(0, +)
        XCTAssertEqual(Double(loss), -Foundation.log(exps[2] / total), accuracy: 1e-6)
        for j in 0..<4 {
            XCTAssertEqual(Double(probabilities[j]), exps[j] / total, accuracy: 1e-6)
            XCTAssertEqual(Double(delta[4 + j]), (exps[j] / total - (j == 2 ? 1 : 0)) / 4, accuracy: 1e-6)
        }
        XCTAssertEqual(Array(delta[0..<4]), [7, 7, 7, 7], "only the given row is written")
        XCTAssertEqual(Double(delta[4..<8].reduce(0, +)), 0, accuracy: 1e-7)
    }

    func testSoftmaxIsStableForHugeLogits() {
        let logits: [Float] = [1000, 999, -1000]
        var probabilities: [Float] = []
        var delta = [Float](repeating: 0, count: 3)
        let loss = Loss.softmaxCrossEntropy(logits: logits[...], target: 1, batch: 1,
                                            probabilities: &probabilities, delta: &delta, at: 0)
        XCTAssertEqual(Double(loss), 1 + Foundation.log(1 + Foundation.exp(-1.0)), accuracy: 1e-5)
        XCTAssertTrue(delta.allSatisfy(\.isFinite))
        XCTAssertEqual(probabilities[2], 0)
        // A target with probability 0 gives a large but finite loss (clamped at the least normal).
        let far = Loss.softmaxCrossEntropy(logits: logits[...], target: 2, batch: 1,
                                           probabilities: &probabilities, delta: &delta, at: 0)
        XCTAssertTrue(far.isFinite)
        XCTAssertGreaterThan(far, 80)
    }

    func testSoftmaxOfNonFiniteLogitsIsNonFinite() {
        var probabilities: [Float] = []
        var delta = [Float](repeating: 0, count: 2)
        let loss = Loss.softmaxCrossEntropy(logits: [Float.infinity, 0][...], target: 1, batch: 1,
                                            probabilities: &probabilities, delta: &delta, at: 0)
        XCTAssertFalse(loss.isFinite && delta.allSatisfy(\.isFinite))
    }

    /// PyTorch MSELoss(reduction="mean") over a batch: the mean of squared errors over all
    /// batch × outputs entries; gradient 2(y − t)/(batch · outputs).
    func testMeanSquaredError() {
        let y: [Float] = [1, 2, -1], t: [Float] = [0.5, 2, 1]
        var delta = [Float](repeating: 0, count: 3)
        let loss = Loss.meanSquaredError(outputs: y[...], targets: t[...], batch: 2, delta: &delta, at: 0)
        XCTAssertEqual(loss, (0.25 + 0 + 4) / 3, accuracy: 1e-6)
        XCTAssertEqual(delta[0], 2 * 0.5 / 6, accuracy: 1e-7)
        XCTAssertEqual(delta[1], 0)
        XCTAssertEqual(delta[2], 2 * -2 / 6, accuracy: 1e-7)
    }

    func testMeanSquaredErrorWritesIntoSliceOffset() {
        var delta = [Float](repeating: 9, count: 4)
        _ = Loss.meanSquaredError(outputs: [3, 3][...], targets: [1, 2][...], batch: 1, delta: &delta, at: 2)
        XCTAssertEqual(delta, [9, 9, 2, 1])
    }
}
