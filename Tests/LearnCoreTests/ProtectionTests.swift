import XCTest
@testable import LearnCore

/// SI and online EWC: the penalty, the importance they gather, task-free consolidation, and
/// their effect: after learning task B without replay, task A is remembered better.
final class ProtectionTests: XCTestCase {
    /// Domain-incremental pair of tasks sharing the labels "pos"/"neg": in task A the label is
    /// the sign of x0 (and x2 = +1), in task B the sign of x1 (and x2 = −1); x0, x1 uniform.
    /// One network can do both; learning B alone pulls it away from A.
    static func task(_ name: String, _ n: Int, seed: UInt64) -> [([Float], String)] {
        var r = TestRandom(seed: seed)
        return (0..<n).map { _ in
            var x = r.floats(4, -1, 1)
            x[2] = name == "A" ? 1 : -1
            let positive = name == "A" ? x[0] > 0 : x[1] > 0
            return (x, positive ? "pos" : "neg")
        }
    }

    static func config(_ protect: MemoryProtection, strength: Float = 1) -> LearnerConfig {
        var c = smallConfig(inputs: 4, hidden: [16], outputs: 2, seed: 3)
        c.replayK = 0
        c.replayCapacity = 0
        c.learningRate = 0.05
        c.protect = protect
        c.protectStrength = strength
        c.protectMinInterval = 100_000   // consolidate only when the test says so
        return c
    }

    static func accuracy(_ learner: Learner, _ records: [([Float], String)]) -> Double {
        var tally = EvaluationTally()
        for (x, y) in records { learner.evaluate(x, target: .label(y), into: &tally) }
        return tally.accuracy
    }

    /// Task A accuracy after A then B, consolidating at the end of A.
    static func retained(_ protect: MemoryProtection, strength: Float = 1) -> (a: Double, b: Double) {
        let learner = Learner(config: config(protect, strength: strength))
        for (x, y) in task("A", 1500, seed: 1) { _ = learner.learn(x, target: .label(y)) }
        learner.consolidate()
        for (x, y) in task("B", 1500, seed: 2) { _ = learner.learn(x, target: .label(y)) }
        return (accuracy(learner, task("A", 500, seed: 3)), accuracy(learner, task("B", 500, seed: 4)))
    }

    func testSIAndEWCRememberTheFirstTask() {
        let plain = Self.retained(.none), si = Self.retained(.si), ewc = Self.retained(.ewc)
        XCTAssertLessThan(plain.a, 0.8, "without protection task A is largely forgotten: \(plain)")
        XCTAssertGreaterThan(si.a, plain.a + 0.1, "SI keeps task A: \(si) vs \(plain)")
        XCTAssertGreaterThan(ewc.a, plain.a + 0.1, "EWC keeps task A: \(ewc) vs \(plain)")
        for (name, r) in [("plain", plain), ("si", si), ("ewc", ewc)] {
            XCTAssertGreaterThan(r.b, 0.85, "\(name) still learns task B: \(r)")
        }
    }

    func testNoneKeepsNoStateAndAddsNothing() {
        let learner = Learner(config: Self.config(.none))
        for (x, y) in Self.task("A", 50, seed: 1) { _ = learner.learn(x, target: .label(y)) }
        learner.consolidate()
        XCTAssertEqual(learner.protection.importance, [])
        XCTAssertEqual(learner.protection.anchor, [])
        XCTAssertEqual(learner.protection.consolidations, 0)
        XCTAssertTrue(learner.unpenalizedGradient.isEmpty, "no gradient copy when protection is off")
    }

    /// The penalty adds λ·Ωᵢ·(θᵢ − θ*ᵢ), and nothing before the first consolidation.
    func testPenaltyGradient() {
        var p = Protection(kind: .ewc, parameters: [1, 2, 3])
        var g: [Float] = [0.5, 0.5, 0.5]
        p.addPenalty(to: &g, parameters: [2, 2, 5], strength: 2)
        XCTAssertEqual(g, [0.5, 0.5, 0.5], "no importance yet")
        p.importance = [1, 0, 0.5]
        p.consolidations = 1
        p.addPenalty(to: &g, parameters: [2, 2, 5], strength: 2)
        let expected: [Float] = [2.5, 0.5, 2.5]   // 0.5 + 2·1·(2 − 1), 0.5 + 0, 0.5 + 2·0.5·(5 − 3)
        XCTAssertEqual(g, expected)
    }

    /// SI: ω = Σ −g·Δθ; at consolidation Ω ∝ max(0, ω)/(Δ² + ξ), scaled to mean 1; θ* ← θ.
    func testSIImportanceFromThePathIntegral() {
        var p = Protection(kind: .si, parameters: [0, 0, 0])
        p.accumulate(gradient: [-1, 1, 2], after: [0.5, 0.5, -0.1], before: [0, 0, 0])
        XCTAssertEqual(p.running, [0.5, -0.5, 0.2])
        p.consolidate(parameters: [0.5, 0.5, -0.1], learned: 10)
        let first: Float = 0.5 / (0.25 + 0.1), third: Float = 0.2 / (0.01 + 0.1)
        let raw: [Float] = [first, 0, third]
        let mean: Float = (first + third) / 3
        for (a, b) in zip(p.importance, raw.map { $0 / mean }) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        XCTAssertEqual(p.anchor, [0.5, 0.5, -0.1])
        XCTAssertEqual(p.running, [0, 0, 0])
        XCTAssertEqual(p.consolidations, 1)
        XCTAssertEqual(p.lastConsolidation, 10)
    }

    /// EWC: the running Fisher is a moving average of g²; consolidations fold it in with decay.
    func testEWCImportanceFromSquaredGradients() {
        var p = Protection(kind: .ewc, parameters: [0, 0])
        for _ in 0..<1000 { p.accumulate(gradient: [2, 0], after: [0, 0], before: [0, 0]) }
        XCTAssertEqual(p.running[0], 4, accuracy: 1e-3)
        XCTAssertEqual(p.running[1], 0)
        p.consolidate(parameters: [1, 1], learned: 5)
        XCTAssertEqual(p.importance, [2, 0], "all importance on the parameter with gradient, mean 1")
        for _ in 0..<2000 { p.accumulate(gradient: [0, 3], after: [0, 0], before: [0, 0]) }
        p.consolidate(parameters: [1, 1], learned: 9)
        XCTAssertEqual(p.importance[0], 2 * 0.9 / 1.9, accuracy: 1e-3, "older importance decays")
        XCTAssertEqual(p.importance[1], 2 / 1.9, accuracy: 1e-3)
    }

    /// Task-free: with automatic consolidation, a stream A → B consolidates once A's loss has
    /// plateaued, and again once B's loss rose and plateaued; never closer than the interval.
    func testConsolidatesWhenTheLossPlateausAfterARise() {
        for kind in [MemoryProtection.si, .ewc] {
            var c = Self.config(kind)
            c.protectMinInterval = 200
            let learner = Learner(config: c)
            var consolidatedAt: [Int] = []
            for (x, y) in Self.task("A", 1000, seed: 1) + Self.task("B", 1000, seed: 2) {
                let before = learner.protection.consolidations
                _ = learner.learn(x, target: .label(y))
                if learner.protection.consolidations > before { consolidatedAt.append(learner.counters.learned) }
            }
            XCTAssertGreaterThanOrEqual(consolidatedAt.count, 2, "\(kind): \(consolidatedAt)")
            XCTAssertTrue(consolidatedAt.contains { $0 >= 200 && $0 <= 1000 }, "\(kind): A consolidated: \(consolidatedAt)")
            XCTAssertTrue(consolidatedAt.contains { $0 > 1000 }, "\(kind): B consolidated: \(consolidatedAt)")
            for (a, b) in zip(consolidatedAt, consolidatedAt.dropFirst()) { XCTAssertGreaterThanOrEqual(b - a, 200) }
        }
    }

    func testTriggerNeedsARiseBeforeAPlateau() {
        var t = ConsolidationTrigger()
        var fired = 0
        for _ in 0..<100 { if t.observe(2) { fired += 1 } }
        XCTAssertEqual(fired, 1, "the first full window is a rise from nothing, and flat")
        t.consolidated()
        XCTAssertEqual(t.plateauLoss, 2)
        for _ in 0..<500 { XCTAssertFalse(t.observe(2.1), "no rise, no consolidation") }
        var rose = false
        for i in 0..<300 where t.observe(i < 60 ? 6 : 6 - Float(i - 60) * 0.001) { rose = true; break }
        XCTAssertTrue(rose, "a rise to 6 then a plateau fires")
    }
}
