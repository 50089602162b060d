import XCTest
@testable import LearnCore

final class ReservoirTests: XCTestCase {
    func testCountIsMinOfSeenAndCapacity() {
        var res = Reservoir(capacity: 5, featureWidth: 2, targetWidth: 1)
        var rng = Rng(seed: 1)
        XCTAssertEqual(res.draw(3, rng: &rng), [], "empty reservoir draws nothing")
        XCTAssertEqual(rng, Rng(seed: 1), "and consumes no randomness")
        for t in 1...40 {
            res.offer([Float(t), -Float(t)], target: [Float(t % 3)], rng: &rng)
            XCTAssertEqual(res.seen, t)
            XCTAssertEqual(res.count, min(t, 5))
            XCTAssertEqual(res.features.count, res.count * 2)
            XCTAssertEqual(res.targets.count, res.count)
        }
        for i in 0..<res.count {
            let t = res.features(at: i)[res.features(at: i).startIndex]
            XCTAssertEqual(Array(res.features(at: i)), [t, -t], "an item's features stay together")
            XCTAssertEqual(Array(res.target(at: i)), [Float(Int(t) % 3)], "and with its target")
        }
    }

    func testFirstCapacityItemsAreStoredInOrderWithoutDraws() {
        var res = Reservoir(capacity: 4, featureWidth: 1, targetWidth: 2)
        var rng = Rng(seed: 2)
        for t in 0..<4 { res.offer([Float(t)], target: [Float(t), 1], rng: &rng) }
        XCTAssertEqual(res.features, [0, 1, 2, 3])
        XCTAssertEqual(res.targets, [0, 1, 1, 1, 2, 1, 3, 1])
        XCTAssertEqual(rng, Rng(seed: 2), "filling consumes no randomness")
    }

    func testZeroCapacityKeepsNothing() {
        var res = Reservoir(capacity: 0, featureWidth: 1, targetWidth: 1)
        var rng = Rng(seed: 3)
        for t in 0..<10 { res.offer([Float(t)], target: [0], rng: &rng) }
        XCTAssertEqual(res.count, 0)
        XCTAssertEqual(res.seen, 10)
        XCTAssertEqual(res.draw(4, rng: &rng), [])
    }

    func testDrawIsWithReplacementInRange() {
        var res = Reservoir(capacity: 3, featureWidth: 1, targetWidth: 1)
        var rng = Rng(seed: 4)
        for t in 0..<3 { res.offer([Float(t)], target: [0], rng: &rng) }
        var counts = [0, 0, 0]
        for _ in 0..<3000 {
            let d = res.draw(4, rng: &rng)
            XCTAssertEqual(d.count, 4)
            for i in d { counts[i] += 1 }
        }
        for c in counts { XCTAssertEqual(Double(c), 4000, accuracy: 200) }   // σ ≈ 52
    }

    /// Algorithm R: after offering 0..<N with capacity M, each item is kept with probability M/N.
    /// 20,000 runs, σ = √(p(1−p)/runs) ≈ 0.0032; tolerance 4.5σ. Always replacing, or an
    /// off-by-one in the acceptance probability (M/(t−1)), fails.
    func testInclusionFrequencyIsUniform() {
        let n = 10, m = 3, runs = 20_000
        var kept = [Int](repeating: 0, count: n)
        var rng = Rng(seed: 12_345)
        for _ in 0..<runs {
            var res = Reservoir(capacity: m, featureWidth: 1, targetWidth: 1)
            for t in 0..<n { res.offer([Float(t)], target: [0], rng: &rng) }
            XCTAssertEqual(res.count, m)
            XCTAssertEqual(Set(res.features).count, m, "no duplicates")
            for v in res.features { kept[Int(v)] += 1 }
        }
        let p = Double(m) / Double(n)
        let tolerance = 4.5 * (p * (1 - p) / Double(runs)).squareRoot()
        for (item, count) in kept.enumerated() {
            XCTAssertEqual(Double(count) / Double(runs), p, accuracy: tolerance, "item \(item): \(kept)")
        }
    }

    func testRestoreFromSavedValues() {
        var a = Reservoir(capacity: 3, featureWidth: 1, targetWidth: 1)
        var rng = Rng(seed: 5)
        for t in 0..<7 { a.offer([Float(t)], target: [Float(t)], rng: &rng) }
        let b = Reservoir(capacity: 3, featureWidth: 1, targetWidth: 1, features: a.features, targets: a.targets, seen: a.seen)
        XCTAssertEqual(a, b)
    }

    /// docs/configuration-keys.md: `[replay] policy = "class-balanced"` shares the capacity evenly among the classes
    /// seen so far. On a 9:1 stream the minority class must hold about half of the buffer.
    func testClassBalancedPolicyKeepsMinorityClass() {
        var c = smallConfig(inputs: 2, hidden: [4], outputs: 2)
        c.replayPolicy = .classBalanced
        c.replayCapacity = 20
        let learner = Learner(config: c)
        var r = TestRandom(seed: 6)
        for t in 0..<400 { _ = learner.learn(r.floats(2, -1, 1), target: .label(t % 10 == 0 ? "rare" : "common")) }
        let rareSlot = Float(learner.labels.slot(of: "rare")!)
        let rare = learner.reservoir.targets.filter { $0 == rareSlot }.count
        XCTAssertGreaterThanOrEqual(rare, 8, "class-balanced reservoir holds \(rare) of 20 minority records")
    }

    /// The effect on learning: classes B and C come first (100 records), then 3,000 records of
    /// class A alone. Algorithm R's memory ends up nearly all A, so B and C are forgotten;
    /// CBRS keeps a third of the memory for each, and replaying them keeps them known
    /// (measured: B/C accuracy 0.00/0.26 with Algorithm R, 0.63/0.77 with CBRS).
    func testClassBalancedPolicyRemembersEarlyClassesThroughALongRunOfOne() {
        var r = TestRandom(seed: 31)
        func record(_ k: Int) -> ([Float], String) {
            var x = r.floats(3, -1, 1)
            x[k] += 1
            return (x, ["A", "B", "C"][k])
        }
        let stream = (0..<100).map { _ in record(1 + r.int(2)) } + (0..<3000).map { _ in record(0) }
        let test = (0..<300).map { i in record(i % 3) }
        func run(_ policy: ReplayPolicy) -> (accuracy: [String: Double], memory: Int) {
            var c = smallConfig(inputs: 3, hidden: [8], outputs: 3, seed: 5)
            c.replayCapacity = 60
            c.replayPolicy = policy
            c.learningRate = 0.1
            let learner = Learner(config: c)
            for (x, y) in stream { _ = learner.learn(x, target: .label(y)) }
            var tally = EvaluationTally()
            for (x, y) in test { learner.evaluate(x, target: .label(y), into: &tally) }
            let a = Float(learner.labels.slot(of: "A")!)
            return (tally.perClassAccuracy, learner.reservoir.targets.filter { $0 != a }.count)
        }
        let uniform = run(.reservoir), balanced = run(.classBalanced)
        XCTAssertLessThan(uniform.memory, 8, "Algorithm R keeps few B/C records")
        XCTAssertGreaterThanOrEqual(balanced.memory, 36, "CBRS keeps about 2/3 of 60 for B and C")
        XCTAssertLessThan(uniform.accuracy["B"]! + uniform.accuracy["C"]!, 0.7, "uniform replay forgets: \(uniform)")
        XCTAssertGreaterThan(balanced.accuracy["B"]! + balanced.accuracy["C"]!, 1.1, "CBRS remembers: \(balanced)")
        XCTAssertGreaterThan(balanced.accuracy["A"]!, 0.75, "and still knows A (the classes overlap)")
    }
}
