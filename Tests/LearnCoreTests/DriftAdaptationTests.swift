import XCTest
@testable import LearnCore

/// The learner's drift monitor: fed with the prequential error, it records events and answers
/// a rise of the error with the configured actions; each action has a visible effect.
final class DriftAdaptationTests: XCTestCase {
    /// Two classes separated by the sign of x0; after `flipAt` records the concept flips (the
    /// same inputs now mean the other class): a real concept drift on known classes.
    static func flippingStream(_ n: Int, flipAt: Int, seed: UInt64 = 5) -> [([Float], String)] {
        var r = TestRandom(seed: seed)
        return (0..<n).map { t in
            let x = r.floats(3, -1, 1)
            let positive = (x[0] > 0) != (t >= flipAt)
            return (x, positive ? "pos" : "neg")
        }
    }

    static func config(_ detector: DriftDetectorKind, _ actions: DriftActions = []) -> LearnerConfig {
        var c = smallConfig(inputs: 3, hidden: [16], outputs: 2, seed: 4)
        c.replayK = 8
        c.replayCapacity = 400
        c.learningRate = 0.05
        c.driftDetector = detector
        c.driftActions = actions
        return c
    }

    /// Learns the stream; returns the learner and the per-record 0/1 prequential errors.
    static func run(_ c: LearnerConfig, _ stream: [([Float], String)]) -> (Learner, [Double]) {
        let learner = Learner(config: c)
        let errors: [Double] = stream.map { x, y in
            guard case .learned(.label(let p, _)) = learner.learn(x, target: .label(y)) else { return 1 }
            return p == y ? 0 : 1
        }
        return (learner, errors)
    }

    static func mean(_ e: ArraySlice<Double>) -> Double { e.reduce(0, +) / Double(e.count) }

    /// The monitor sees exactly the prequential 0/1 error: a detector fed with the outcomes
    /// outside the learner fires at the same records.
    func testDetectorsWatchThePrequentialError() {
        let stream = Self.flippingStream(3000, flipAt: 1500)
        for kind in [DriftDetectorKind.pageHinkley, .adwin] {
            let (learner, errors) = Self.run(Self.config(kind), stream)
            var ph = PageHinkley(), adwin = ADWIN()
            let expected = errors.indices.filter { kind == .adwin ? adwin.update(errors[$0]) : ph.update(errors[$0]) }
            XCTAssertFalse(expected.isEmpty, "\(kind) detects the flip")
            XCTAssertEqual(learner.drift.events.map(\.record), expected, "\(kind)")
            XCTAssertEqual(learner.drift.detections, expected.count)
            let first = learner.drift.events.first { $0.record >= 1500 }
            XCTAssertEqual(first?.rise, true, "\(kind): the flip raises the error")
            XCTAssertLessThan(first.map { $0.record - 1500 } ?? .max, 300, "\(kind) detects the flip promptly")
        }
        let (quiet, _) = Self.run(Self.config(.none), stream)
        XCTAssertEqual(quiet.drift.detections, 0)
        XCTAssertNil(quiet.drift.adwin)
        XCTAssertNil(quiet.drift.pageHinkley)
    }

    /// Replay of the old concept slows re-learning; refreshing the memory at the detection
    /// lets the learner recover much faster.
    func testRefreshReplayAdaptsFasterAfterConceptDrift() {
        let stream = Self.flippingStream(3000, flipAt: 1500)
        let (_, plain) = Self.run(Self.config(.adwin), stream)
        let (refreshed, errors) = Self.run(Self.config(.adwin, .refreshReplay), stream)
        let after = 1500..<2100
        XCTAssertLessThan(Self.mean(errors[after]), Self.mean(plain[after]) - 0.1,
                          "refresh \(Self.mean(errors[after])) vs plain \(Self.mean(plain[after]))")
        XCTAssertEqual(Self.mean(errors[0..<1500]), Self.mean(plain[0..<1500]), "nothing changes before the drift")
        XCTAssertEqual(refreshed.reservoir.count, 400, "the memory fills up again")
    }

    func testReservoirRefreshKeepsAFractionAndRestartsSampling() {
        var res = Reservoir(capacity: 100, featureWidth: 1, targetWidth: 1)
        var rng = Rng(seed: 9)
        for t in 0..<1000 { res.offer([Float(t)], target: [0], rng: &rng) }
        let before = res.features
        res.refresh(keeping: 0.25, rng: &rng)
        XCTAssertEqual(res.count, 25)
        XCTAssertEqual(res.seen, 25)
        let positions = res.features.map { before.firstIndex(of: $0)! }
        XCTAssertEqual(positions, positions.sorted(), "kept items keep their order")
        for t in 1000..<1075 { res.offer([Float(t)], target: [0], rng: &rng) }
        XCTAssertEqual(res.features.filter { $0 >= 1000 }.count, 75, "new records fill the freed room")
    }

    /// In class-incremental learning the error rises because a new class arrived; the memory
    /// of the old classes must then be kept, not refreshed.
    func testNoRefreshWhenTheDriftFollowsANewClass() {
        var c = Self.config(.adwin, .refreshReplay)
        c.outputs = 4
        let learner = Learner(config: c)
        var r = TestRandom(seed: 8)
        for stage in 0..<2 {
            for _ in 0..<600 {
                let k = stage * 2 + r.int(2)
                var x = r.floats(3, -0.3, 0.3)
                x[k % 3] += k < 3 ? 2 : -2
                _ = learner.learn(x, target: .label("c\(k)"))
            }
        }
        let rises = learner.drift.events.filter { $0.rise && $0.record >= 600 }
        XCTAssertFalse(rises.isEmpty, "the new classes raise the error: \(learner.drift.events)")
        XCTAssertEqual(learner.reservoir.seen, 1200, "the memory was never refreshed")
    }

    /// boost-lr multiplies the learning rate by the factor at a rise, decaying linearly.
    func testBoostRaisesTheLearningRateThenDecays() {
        var m = DriftMonitor(detector: .adwin)
        XCTAssertEqual(m.learningRateScale(factor: 3, records: 100), 1)
        m.boostRemaining = 100
        XCTAssertEqual(m.learningRateScale(factor: 3, records: 100), 3)
        for _ in 0..<50 { m.stepBoost() }
        XCTAssertEqual(m.learningRateScale(factor: 3, records: 100), 2)
        for _ in 0..<60 { m.stepBoost() }
        XCTAssertEqual(m.boostRemaining, 0)
        XCTAssertEqual(m.learningRateScale(factor: 3, records: 100), 1)
    }

    /// Without replay to hold it back, a boosted learning rate re-learns a flipped concept faster.
    func testBoostLRRecoversFasterAfterConceptDrift() {
        var plainConfig = Self.config(.pageHinkley), boosted = Self.config(.pageHinkley, .boostLR)
        for c in [\LearnerConfig.replayK] { plainConfig[keyPath: c] = 0; boosted[keyPath: c] = 0 }
        plainConfig.learningRate = 0.01
        boosted.learningRate = 0.01
        boosted.driftBoostFactor = 5
        boosted.driftBoostRecords = 300
        let stream = Self.flippingStream(3000, flipAt: 1500)
        let (_, plain) = Self.run(plainConfig, stream)
        let (learner, errors) = Self.run(boosted, stream)
        let rise = try? XCTUnwrap(learner.drift.events.first { $0.rise && $0.record >= 1500 })
        XCTAssertNotNil(rise)
        let window = (rise?.record ?? 1500) + 1..<((rise?.record ?? 1500) + 301)
        XCTAssertLessThan(Self.mean(errors[window]), Self.mean(plain[window]) - 0.05,
                          "boosted \(Self.mean(errors[window])) vs plain \(Self.mean(plain[window]))")
    }

    /// consolidate: a detection is a consolidation point for memory protection.
    func testConsolidateActionConsolidatesAtTheDetection() {
        var c = Self.config(.adwin, .consolidate)
        c.protect = .si
        c.protectMinInterval = 100
        let learner = Learner(config: c)
        var atDetection = false
        for (x, y) in Self.flippingStream(3000, flipAt: 1500) {
            let before = learner.drift.detections
            _ = learner.learn(x, target: .label(y))
            if learner.drift.detections > before && learner.protection.lastConsolidation == learner.counters.learned {
                atDetection = true
            }
        }
        XCTAssertTrue(atDetection, "a consolidation at a detection: \(learner.drift.events)")
    }

    /// Restored in the middle of a boost, with events, refreshed memory and SI importance, a
    /// learner continues exactly as the original.
    func testRestoredLearnerContinuesMidAdaptation() {
        var c = Self.config(.adwin, [.boostLR, .consolidate, .refreshReplay])
        c.protect = .si
        c.protectMinInterval = 300
        let stream = Self.flippingStream(2400, flipAt: 1500)
        let original = Learner(config: c)
        for (x, y) in stream.prefix(1560) { _ = original.learn(x, target: .label(y)) }
        XCTAssertGreaterThan(original.drift.boostRemaining, 0, "mid-boost: \(original.drift.events)")
        XCTAssertGreaterThan(original.protection.consolidations, 0)
        XCTAssertLessThan(original.reservoir.seen, 1560, "the memory was refreshed")
        let restored = Learner(restoring: original.snapshot())
        XCTAssertEqual(restored.snapshot(), original.snapshot())
        for (x, y) in stream.dropFirst(1560) {
            XCTAssertEqual(original.learn(x, target: .label(y)), restored.learn(x, target: .label(y)))
        }
        XCTAssertEqual(restored.snapshot(), original.snapshot())
    }

    func testEventsAreBoundedButAllCounted() {
        var m = DriftMonitor(detector: .pageHinkley)
        var record = 0
        for block in 0..<200 {
            for _ in 0..<120 { _ = m.observe(block % 2 == 0 ? 0 : 1, record: record); record += 1 }
        }
        XCTAssertGreaterThan(m.detections, DriftMonitor.maxEvents)
        XCTAssertEqual(m.events.count, DriftMonitor.maxEvents)
        XCTAssertEqual(m.events.map(\.record), m.events.map(\.record).sorted(), "oldest first, newest kept")
    }
}
