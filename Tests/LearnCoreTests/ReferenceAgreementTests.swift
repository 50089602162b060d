import Foundation
import XCTest
@testable import LearnCore

/// Agreement with the independent numpy re-implementation (Tools/reference/numpy_reference.py):
/// 100 records of Fixtures/digits_ci_train.csv through 64-128-10 ReLU, SGD lr 0.05, replay k 8 of
/// 1000, seed 1. The fixture holds the final parameters in learnd's flat layout, little-endian
/// float32 (the reference computes in float64 on the same bit-exact init, draws and normalised inputs).
final class ReferenceAgreementTests: XCTestCase {
    /// |swift − reference| ≤ relativeTolerance · max(|reference|, magnitudeFloor) for every parameter.
    static let relativeTolerance = 1e-4
    static let magnitudeFloor = 1e-2

    static func referenceConfig() -> LearnerConfig {
        var c = LearnerConfig(inputs: 64)
        c.hidden = [128]
        c.outputs = 10
        c.task = .classify
        c.activation = .relu
        c.optimizer = .sgd
        c.learningRate = 0.05
        c.momentum = 0
        c.clipNorm = 0
        c.replayK = 8
        c.replayCapacity = 1000
        c.replayPolicy = .reservoir
        c.seed = 1
        c.pruneTargetSparsity = 0
        return c
    }

    func loadFixture() throws -> [Float] {
        let url = repoRoot().appendingPathComponent("Fixtures/reference/digits_sgd_100_steps.f32")
        let data = try Data(contentsOf: url)
        XCTAssertEqual(data.count % 4, 0)
        return stride(from: 0, to: data.count, by: 4).map { i in
            let bits = data[i..<(i + 4)].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            return Float(bitPattern: bits)
        }
    }

    func testHundredSGDStepsMatchNumpyReference() throws {
        let records = try loadLabelledCSV("Fixtures/digits_ci_train.csv", limit: 100)
        XCTAssertEqual(records.count, 100)
        let reference = try loadFixture()
        let learner = Learner(config: Self.referenceConfig())
        XCTAssertEqual(reference.count, learner.network.parameters.count)

        for (label, x) in records {
            XCTAssertEqual(x.count, 64)
            guard case .learned = learner.learn(x, target: .label(label)) else { return XCTFail("record rejected") }
        }
        XCTAssertEqual(learner.counters.learned, 100)
        XCTAssertEqual(learner.reservoir.count, 100)
        XCTAssertEqual(learner.labels.names, ["0", "1"], "class-incremental: the first 100 records hold 2 classes")
        // Generator state after init and 99 × 8 replay draws, from the Python generator.
        XCTAssertEqual(learner.rng, Rng(state: (0x7954_0E6A_F87B_F392, 0xE646_17ED_2D46_D7F5,
                                                0x3600_BEEB_E1C7_06D9, 0x65BD_B632_706E_42F8)))

        var matching = 0, maxRelative = 0.0, maxAbsolute = 0.0
        for (a, b) in zip(learner.network.parameters, reference) {
            let diff = abs(Double(a) - Double(b))
            let scale = max(abs(Double(b)), Self.magnitudeFloor)
            if diff <= Self.relativeTolerance * scale { matching += 1 }
            maxRelative = max(maxRelative, diff / scale)
            maxAbsolute = max(maxAbsolute, diff)
        }
        print("reference agreement: \(matching)/\(reference.count) within \(Self.relativeTolerance); "
              + "max |Δ|/max(|ref|, \(Self.magnitudeFloor)) = \(maxRelative), max |Δ| = \(maxAbsolute)")
        XCTAssertEqual(matching, reference.count)
        XCTAssertLessThanOrEqual(maxRelative, Self.relativeTolerance)
        // The learner moved: the parameters are not still the init.
        var rng = Rng(seed: 1)
        let initial = Network(widths: [64, 128, 10], activation: .relu, rng: &rng).parameters
        let moved = zip(initial, reference).filter { abs($0 - $1) > 1e-3 }.count
        XCTAssertGreaterThan(moved, 1000)
    }

    /// A perturbed run (other learning rate) must not match: the comparison can fail.
    func testDifferentConfigDoesNotMatch() throws {
        let records = try loadLabelledCSV("Fixtures/digits_ci_train.csv", limit: 100)
        let reference = try loadFixture()
        var c = Self.referenceConfig()
        c.learningRate = 0.051
        let learner = Learner(config: c)
        for (label, x) in records { _ = learner.learn(x, target: .label(label)) }
        let matching = zip(learner.network.parameters, reference).filter { a, b in
            abs(Double(a) - Double(b)) <= Self.relativeTolerance * max(abs(Double(b)), Self.magnitudeFloor)
        }.count
        XCTAssertLessThan(matching, reference.count * 9 / 10)
    }
}
