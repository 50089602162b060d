import XCTest
@testable import LearnCore

final class PruningTests: XCTestCase {
    /// s_t = s_f·(1 − (1 − (t − t₀)/(t_end − t₀))³), 0 before t₀, s_f from t_end on.
    func testCubicScheduleValues() {
        let s = PruningSchedule(target: 0.8, start: 100, end: 1100, every: 50)
        XCTAssertEqual(s.sparsity(at: 0), 0)
        XCTAssertEqual(s.sparsity(at: 99), 0)
        XCTAssertEqual(s.sparsity(at: 100), 0)
        XCTAssertEqual(s.sparsity(at: 350), 0.8 * (1 - 0.421875), accuracy: 1e-6)   // progress 1/4
        XCTAssertEqual(s.sparsity(at: 600), 0.7, accuracy: 1e-6)                     // progress 1/2
        XCTAssertEqual(s.sparsity(at: 1099), 0.8 * (1 - 1e-9), accuracy: 1e-6)
        XCTAssertEqual(s.sparsity(at: 1100), 0.8)
        XCTAssertEqual(s.sparsity(at: 100_000), 0.8)
        var previous: Float = 0
        for t in stride(from: 100, through: 1100, by: 10) {
            XCTAssertGreaterThanOrEqual(s.sparsity(at: t), previous)
            previous = s.sparsity(at: t)
        }
        XCTAssertEqual(PruningSchedule(target: 0.5, start: 10, end: 10, every: 1).sparsity(at: 10), 0.5)
        XCTAssertEqual(PruningSchedule(target: 0, start: 0, end: 10, every: 1).sparsity(at: 20), 0)
    }

    func testIsDue() {
        let s = PruningSchedule(target: 0.5, start: 100, end: 1120, every: 50)
        XCTAssertFalse(s.isDue(at: 50))
        XCTAssertTrue(s.isDue(at: 100))
        XCTAssertFalse(s.isDue(at: 125))
        XCTAssertTrue(s.isDue(at: 150))
        XCTAssertTrue(s.isDue(at: 1120), "at end even off the period")
        XCTAssertTrue(s.isDue(at: 1150), "still periodic after end")
        XCTAssertFalse(s.isDue(at: 1160))
        XCTAssertFalse(PruningSchedule(target: 0, start: 0, end: 10, every: 1).isDue(at: 5), "off when target is 0")
        XCTAssertEqual(PruningSchedule(target: 0.5, start: 0, end: 10, every: 0).every, 1)
    }

    /// The one call of `Network.prune` (the output rows below `liveOutputs` are prunable).
    func prune(_ net: inout Network, _ sparsity: Float, liveOutputs: Int) {
        net.prune(toSparsity: sparsity, liveOutputs: liveOutputs)
    }

    func makeNetwork(_ widths: [Int], seed: UInt64 = 1) -> Network {
        var rng = Rng(seed: seed)
        return Network(widths: widths, activation: .relu, rng: &rng)
    }

    func testPruneReachesTargetPerRowAndKeepsLargest() {
        var net = makeNetwork([10, 20, 7])
        let original = net.parameters
        prune(&net, 0.5, liveOutputs: 4)
        XCTAssertEqual(net.masks.count, net.parameters.count)
        for l in 0..<2 {
            let fanIn = net.widths[l], base = net.weightOffset(l)
            for o in 0..<net.widths[l + 1] {
                let row = (base + o * fanIn)..<(base + (o + 1) * fanIn)
                let pruned = row.filter { net.masks[$0] == 0 }
                let live = l == 0 || o < 4
                XCTAssertEqual(pruned.count, live ? fanIn / 2 : 0, "layer \(l) row \(o)")
                for i in pruned { XCTAssertEqual(net.parameters[i], 0) }
                let kept = row.filter { net.masks[$0] == 1 }
                for i in kept { XCTAssertEqual(net.parameters[i], original[i]) }
                if let largestPruned = pruned.map({ abs(original[$0]) }).max(), let smallestKept = kept.map({ abs(original[$0]) }).min() {
                    XCTAssertLessThanOrEqual(largestPruned, smallestKept)
                }
            }
            for i in net.biasRange(l) {
                XCTAssertEqual(net.masks[i], 1)
                XCTAssertEqual(net.parameters[i], original[i])
            }
        }
        XCTAssertTrue(net.masks.allSatisfy { $0 == 0 || $0 == 1 })
        XCTAssertEqual(net.sparsityPerLayer(liveOutputs: net.widths.last!)[0], 0.5)
    }

    /// ⌊s·fanIn⌉ rounds to nearest: 0.25·10 = 2.5 → 3 (away from zero), 0.04·10 → 0.
    func testPruneCountRounding() {
        var net = makeNetwork([10, 3])
        prune(&net, 0.04, liveOutputs: 3)
        XCTAssertEqual(net.sparsity(liveOutputs: 3), 0)
        prune(&net, 0.25, liveOutputs: 3)
        XCTAssertEqual(net.sparsity(liveOutputs: 3), 0.3)
    }

    func testMasksAreMonotone() {
        var net = makeNetwork([12, 9, 5], seed: 3)
        prune(&net, 0.3, liveOutputs: 5)
        let first = net.masks
        prune(&net, 0.6, liveOutputs: 5)
        for i in first.indices where first[i] == 0 { XCTAssertEqual(net.masks[i], 0) }
        XCTAssertGreaterThan(first.filter { $0 == 1 }.count, net.masks.filter { $0 == 1 }.count)
        XCTAssertEqual(net.sparsityPerLayer(liveOutputs: 5)[0], Double(Int((0.6 * 12).rounded())) / 12)
        XCTAssertEqual(net.sparsityPerLayer(liveOutputs: 5)[1], Double(Int((0.6 * 9).rounded())) / 9)
    }

    /// Through the learner: masked weights stay exactly 0 across many momentum / Adam steps,
    /// masks only grow, and the target is reached.
    func testMaskedWeightsStayZeroWhileLearning() {
        for (optimizer, momentum) in [(OptimizerKind.sgd, Float(0.9)), (.adam, 0)] {
            var c = smallConfig(inputs: 6, hidden: [10], outputs: 3)
            c.optimizer = optimizer
            c.momentum = momentum
            c.learningRate = optimizer == .adam ? 0.01 : 0.05
            c.pruneTargetSparsity = 0.7
            c.pruneStart = 10
            c.pruneEnd = 110
            c.pruneEvery = 10
            let learner = Learner(config: c)
            var masks = learner.network.masks
            for (x, y) in syntheticRecords(300) {
                guard case .learned = learner.learn(x, target: .label(y)) else { return XCTFail("rejected") }
                let net = learner.network
                if !masks.isEmpty {
                    for i in masks.indices where masks[i] == 0 { XCTAssertEqual(net.masks[i], 0, "mask \(i) came back") }
                }
                for i in net.masks.indices where net.masks[i] == 0 {
                    XCTAssertEqual(net.parameters[i], 0, "\(optimizer): masked weight \(i) moved at \(learner.counters.learned)")
                }
                masks = net.masks
            }
            XCTAssertFalse(masks.isEmpty)
            XCTAssertEqual(learner.sparsityPerLayer[0], Double(Int((0.7 * 6).rounded())) / 6, "\(optimizer)")
            XCTAssertEqual(learner.sparsityPerLayer[1], Double(Int((0.7 * 10).rounded())) / 10, "\(optimizer)")
            // The optimiser still trains the unmasked weights.
            XCTAssertGreaterThan(learner.metrics.recentAccuracy, 0.8, "\(optimizer)")
        }
    }

    /// Rows of classes not seen yet are left alone until their class appears.
    func testUnseenOutputRowsArePrunedOnlyAfterTheirClassAppears() {
        var c = smallConfig(inputs: 6, hidden: [8], outputs: 4)
        c.pruneTargetSparsity = 0.5
        c.pruneStart = 0
        c.pruneEnd = 0
        c.pruneEvery = 5
        let learner = Learner(config: c)
        let records = syntheticRecords(20, classes: 2)
        for (x, y) in records { _ = learner.learn(x, target: .label(y)) }
        let net = learner.network, out = net.layerCount - 1
        func zerosInRow(_ o: Int) -> Int { (0..<8).filter { net.parameters[net.weightOffset(out) + o * 8 + $0] == 0 }.count }
        XCTAssertEqual(zerosInRow(0), 4)
        XCTAssertEqual(zerosInRow(1), 4)
        XCTAssertEqual(zerosInRow(2), 0)
        XCTAssertEqual(zerosInRow(3), 0)
        // Sparsity counts the weights in use, so it reads the target: 24 of 48 hidden weights,
        // 8 of the 16 in the two live output rows (not 8 of 32).
        XCTAssertEqual(learner.sparsityPerLayer, [0.5, 0.5])
        XCTAssertEqual(learner.sparsity, 0.5)
        XCTAssertEqual(learner.snapshot().sparsity, 0.5)
    }
}
