import XCTest
@testable import LearnCore

/// Live weights: read and load all or nothing, re-pruning after averaging, the parallel Welford
/// merge of normalisers, and the fixed class map.
final class ModelWeightsTests: XCTestCase {
    /// A learner of `smallConfig` with the fixed class map, so that two learners agree on slots.
    private func trained(seed: UInt64, records: Int = 60, config: LearnerConfig? = nil) -> Learner {
        var fixed = smallConfig(seed: seed)
        fixed.classes = ["class0", "class1", "class2"]
        let learner = Learner(config: config ?? fixed)
        for (x, y) in syntheticRecords(records, seed: seed) { _ = learner.learn(x, target: .label(y)) }
        return learner
    }

    func testLoadedWeightsPredictLikeTheirSource() {
        let a = trained(seed: 1), b = trained(seed: 2)
        let changed = try? a.load(b.modelWeights())
        XCTAssertEqual(changed, b.network.parameters.count)
        XCTAssertEqual(a.network, b.network)
        XCTAssertEqual(a.normalizer, b.normalizer)
        for (x, _) in syntheticRecords(20, seed: 5) { XCTAssertEqual(a.predict(x), b.predict(x)) }
        XCTAssertEqual(a.counters.learned, 60, "counters are the device's own")
    }

    func testBadWeightsAreRefusedAndChangeNothing() {
        let a = trained(seed: 1), good = trained(seed: 2).modelWeights()
        let before = a.snapshot()
        var nan = good
        nan.parameters[7] = .nan
        var shape = good
        shape.widths = [6, 11, 3]
        var mask = good
        mask.masks = [Float](repeating: 1, count: good.parameters.count)
        mask.masks[mask.masks.count - 1] = 0
        var stats = good
        stats.normalizer = Normalizer(count: 3, mean: [0, 0], m2: [0, 0])
        let cases: [(ModelWeights, String)] = [
            (nan, "parameter 7 is not finite"),
            (shape, "shape [6, 11, 3] differs from the running model's [6, 10, 3]"),
            (mask, "layer 1's bias is masked: biases are never pruned"),
            (stats, "normaliser has 2 features, expected 6"),
        ]
        for (weights, message) in cases {
            XCTAssertThrowsError(try a.load(weights)) { XCTAssertEqual("\($0)", message) }
            XCTAssertEqual(a.snapshot(), before, message)
        }
    }

    /// Averaging two pruned models gives the union of their masks; loading without masks re-prunes
    /// to the sparsity the schedule has reached, row by row.
    func testAveragedSparseWeightsArePrunedBackToTarget() {
        var config = smallConfig(inputs: 6, hidden: [10])
        config.pruneTargetSparsity = 0.5
        config.pruneStart = 0
        config.pruneEnd = 20
        config.pruneEvery = 10
        let a = trained(seed: 1, config: config), b = trained(seed: 2, config: config)
        XCTAssertEqual(a.sparsity, 0.5, accuracy: 0.05)
        let mean = zip(a.network.parameters, b.network.parameters).map { ($0 + $1) / 2 }
        let union = Network(widths: a.network.widths, activation: .relu, parameters: mean, masks: []).sparsity(liveOutputs: 3)
        XCTAssertLessThan(union, 0.45, "the average is denser than either model")
        try? a.load(ModelWeights(widths: a.network.widths, parameters: mean))
        for s in a.sparsityPerLayer { XCTAssertEqual(s, 0.5, accuracy: 0.05) }
        XCTAssertTrue(zip(a.network.parameters, a.network.masks).allSatisfy { $1 == 1 || $0 == 0 }, "masked are exactly 0")
    }

    /// Merging the statistics of two halves equals running Welford over the whole stream.
    func testParallelWelfordMergeIsExact() {
        let records = syntheticRecords(101, seed: 3).map(\.0)
        var whole = Normalizer(features: 6), first = Normalizer(features: 6), second = Normalizer(features: 6)
        for (i, x) in records.enumerated() {
            whole.update(x)
            if i < 40 { first.update(x) } else { second.update(x) }
        }
        let merged = first.merged(with: second)
        XCTAssertEqual(merged.count, 101)
        for i in 0..<6 {
            XCTAssertEqual(merged.mean[i], whole.mean[i], accuracy: 1e-12 * max(1, abs(whole.mean[i])))
            XCTAssertEqual(merged.m2[i], whole.m2[i], accuracy: 1e-9 * max(1, whole.m2[i]))
        }
        XCTAssertEqual(Normalizer(features: 6).merged(with: first), first)
    }

    func testFixedClassMapPutsEachClassInItsSlot() {
        var config = smallConfig(outputs: 4)
        config.classes = ["class2", "class0", "class1"]
        let learner = Learner(config: config)
        XCTAssertEqual(learner.labels.names, ["class2", "class0", "class1"])
        for (x, y) in syntheticRecords(30, seed: 4) { _ = learner.learn(x, target: .label(y)) }
        XCTAssertEqual(learner.labels.names, ["class2", "class0", "class1"], "listed classes keep their slots")
        _ = learner.learn([0, 0, 0, 0, 0, 0], target: .label("extra"))
        XCTAssertEqual(learner.labels.names.last, "extra", "a class beyond the list takes the next free slot")
        XCTAssertNil(config.classMapMismatch(learner.labels))
        XCTAssertEqual(config.classMapMismatch(LabelMap(capacity: 4, names: ["class0", "class2"])),
                       "its class slots [\"class0\", \"class2\"] are not model.classes [\"class2\", \"class0\", \"class1\"]")
        XCTAssertNil(smallConfig().classMapMismatch(LabelMap(capacity: 3, names: ["x"])), "no fixed map, no constraint")
    }
}
