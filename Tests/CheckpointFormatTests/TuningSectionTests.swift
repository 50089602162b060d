import CheckpointFormat
import Foundation
import LearnCore
import TestSupport
import XCTest

/// The optional section `TUNE` (issue 14): written only with tuning on, an exact round trip that
/// continues exactly, the v1 sections holding the leader with the served metrics, damage refused,
/// and files without it (every file written before it) restoring into a population.
final class TuningSectionTests: XCTestCase {
    static func tuned(records: Int = 300) -> TunedLearner {
        var c = LearnerConfig(inputs: 4)
        c.hidden = [8]
        c.outputs = 4
        c.replayCapacity = 40
        c.replayK = 4
        c.tuning = .auto
        var t = TuningConfig(mode: .auto)
        t.interval = 25
        t.margin = 0
        let learner = TunedLearner(config: c, tuning: t)
        feed(learner, records: records, seed: 3)
        return learner
    }

    static func feed(_ learner: TunedLearner, records: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for n in 0..<records {
            let x = (0..<4).map { i in Float.random(in: -1...1, using: &rng) + Float(n % 3) * Float(i % 2) }
            _ = learner.learn(x, target: .label(States.classNames[n % 3]))
        }
    }

    func testThePopulationRoundTripsAndContinuesExactly() throws {
        let original = Self.tuned()
        let state = original.snapshot()
        XCTAssertGreaterThan(try XCTUnwrap(state.tuner).tuning.exploits, 0)
        let decoded = try Checkpoint.decode(try Checkpoint.encode(state, meta: States.meta))
        XCTAssertEqual(decoded.state, state)
        XCTAssertEqual(decoded.sections.map(\.tag).last, "TUNE")
        XCTAssertEqual(decoded.meta.extra, [:], "TUNE is a known optional section")
        XCTAssertEqual(decoded.state.metrics, original.metrics, "the v1 sections carry the served metrics")
        XCTAssertEqual(decoded.state.network, original.leader.network, "and the leader's model")
        let restored = TunedLearner(restoring: decoded.state, tuning: TuningConfig(mode: .auto))
        Self.feed(original, records: 150, seed: 9)
        Self.feed(restored, records: 150, seed: 9)
        XCTAssertEqual(restored.snapshot(), original.snapshot())
    }

    /// Off, nothing new is written; a file without TUNE restores with "auto" into a population
    /// around its learner, with "off" into that learner alone.
    func testOffWritesNoneAndOlderFilesRestore() throws {
        let url = FixtureTests.root.appendingPathComponent("Fixtures/checkpoints/v1-classify-4-8-3.ckpt")
        let s = try Checkpoint.decode([UInt8](try Data(contentsOf: url))).state
        XCTAssertNil(s.tuner)
        let off = TunedLearner(restoring: s, tuning: TuningConfig(mode: .off))
        XCTAssertEqual(off.snapshot(), s)
        let tags = try Checkpoint.decode(try Checkpoint.encode(off.snapshot(), meta: States.meta)).sections.map(\.tag)
        XCTAssertFalse(tags.contains("TUNE"))
        let auto = TunedLearner(restoring: s, tuning: TuningConfig(mode: .auto))
        XCTAssertEqual(auto.learningRates, [s.config.learningRate, 2 * s.config.learningRate])
        XCTAssertEqual(auto.counters, s.counters)
        guard case .learned = auto.learn([1, 4, 0, 40], target: .label("fault")) else { return XCTFail("not learned") }
    }

    func testDamageIsRefused() throws {
        let state = Self.tuned(records: 60).snapshot()
        var bad = state
        bad.tuner!.tuning.leader = 5
        XCTAssertThrowsError(try Checkpoint.encode(bad, meta: States.meta))
        // A member with a pending table of its own, or other classes than the leader's sections: refused.
        bad = state
        let entry = PendingEntry(id: "a", features: [0, 0, 0, 0], prediction: .label(nil, confidence: 0), time: 0)
        bad.tuner!.members[1].pending = PendingTable(entries: [entry])
        XCTAssertEqual(bad.inconsistency,
                       "tuning member 1 holds pending predictions (the population keeps one table)")
        bad = state
        let reversed = Array(state.labels.names.reversed())
        bad.tuner!.members[0].labels = LabelMap(capacity: state.labels.capacity, names: reversed)
        XCTAssertEqual(bad.inconsistency, "tuning member 0's classes differ from the checkpoint's")
        var sections = try Sections(file: try Checkpoint.encode(state, meta: States.meta))
        sections.edit("TUNE") { $0[4] = 1 }   // one member
        assertRefused(try sections.file(), "TUNE", "tuning members is 1")
        sections = try Sections(file: try Checkpoint.encode(state, meta: States.meta))
        sections.edit("TUNE") { $0.removeLast(3) }
        assertRefused(try sections.file(), "TUNE")
        sections = try Sections(file: try Checkpoint.encode(state, meta: States.meta))
        sections.edit("TUNE") { $0[0] = 2 }   // layout version
        assertRefused(try sections.file(), "TUNE", "layout version")
    }
}
