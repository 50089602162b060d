import CheckpointFormat
import Foundation
import LearnCore
import XCTest

/// CONF's optional tail and the optional sections `RCLS` (ER-ACE's recent classes) and `RLGT` (outputs stored
/// with the replay items): written only when their feature is on, exact round trips, and files without them
/// (every v1 file written before they existed) still load with the features off.
final class ContinualSectionTests: XCTestCase {
    static func withBoth(records: Int = 300) -> Learner {
        States.classifier(records: records) {
            $0.aceWindow = 12
            $0.replayLogitWeight = 0.25
        }
    }

    func testBothFeaturesRoundTripAndContinueExactly() throws {
        let original = Self.withBoth()
        let state = original.snapshot()
        XCTAssertEqual(state.reservoir.logits.count, state.reservoir.count * 4)
        XCTAssertTrue(state.recentClasses.lastSeen.contains { $0 > 0 })
        let file = try Checkpoint.encode(state, meta: States.meta)
        let decoded = try Checkpoint.decode(file)
        XCTAssertEqual(decoded.state, state)
        XCTAssertEqual(decoded.state.config.aceWindow, 12)
        XCTAssertEqual(decoded.state.config.replayLogitWeight, 0.25)
        XCTAssertEqual(decoded.sections.map(\.tag).suffix(3), ["VERS", "RCLS", "RLGT"])
        XCTAssertEqual(decoded.meta.extra, [:], "known optional sections are not extras")
        let restored = Learner(restoring: decoded.state)
        States.feed(original, records: 150, seed: 5)
        States.feed(restored, records: 150, seed: 5)
        XCTAssertEqual(restored.snapshot(), original.snapshot())
    }

    /// Off (the default), nothing new is written: the container is the v1 layout of before.
    func testOffWritesNoneOfIt() throws {
        let decoded = try Checkpoint.decode(try Checkpoint.encode(States.classifier().snapshot(), meta: States.meta))
        XCTAssertEqual(decoded.sections.map(\.tag), SectionTag.required.map(\.description))
        let ace = States.classifier { $0.aceWindow = 5 }.snapshot()
        let tags = try Checkpoint.decode(try Checkpoint.encode(ace, meta: States.meta)).sections.map(\.tag)
        XCTAssertEqual(tags.last, "RCLS", "ER-ACE alone writes no stored outputs")
    }

    /// The v1 fixture (written before these keys) loads with both off and no recent class.
    func testTheV1FixtureLoadsWithTheFeaturesOff() throws {
        let url = FixtureTests.root.appendingPathComponent("Fixtures/checkpoints/v1-classify-4-8-3.ckpt")
        let s = try Checkpoint.decode([UInt8](try Data(contentsOf: url))).state
        XCTAssertEqual(s.config.aceWindow, 0)
        XCTAssertEqual(s.config.replayLogitWeight, 0)
        XCTAssertEqual(s.recentClasses.lastSeen, [-1, -1, -1])
        XCTAssertEqual(s.reservoir.logitWidth, 0)
        // Turned on after the restore, both start from what the learner has.
        let learner = Learner(restoring: s)
        var on = s.config
        on.aceWindow = 8
        on.replayLogitWeight = 0.2
        learner.retune(on)
        XCTAssertEqual(learner.reservoir.logits.count, learner.reservoir.count * 3)
        guard case .learned = learner.learn([1, 4, 0, 40], target: .label("fault")) else { return XCTFail("not learned") }
        XCTAssertEqual(learner.recentClasses.lastSeen, [300, -1, -1])
        XCTAssertNil(learner.snapshot().inconsistency)
    }

    func testDamageIsRefused() throws {
        let file = try Checkpoint.encode(Self.withBoth().snapshot(), meta: States.meta)
        var sections = try Sections(file: file)
        sections.sections.removeAll { $0.tag == "RLGT" }
        assertRefused(try sections.file(), "missing section \"RLGT\"")

        sections = try Sections(file: file)
        sections.edit("RLGT") { $0.put(UInt32(3), at: 0) }
        assertRefused(try sections.file(), "RLGT", "stored output width is 3, expected")

        sections = try Sections(file: file)
        sections.edit("RLGT") { $0.put(Float.nan.bitPattern, at: 12) }
        assertRefused(try sections.file(), "RLGT", "non-finite")

        sections = try Sections(file: file)
        sections.edit("RCLS") { $0.put(Int64(1_000_000), at: 4) }
        assertRefused(try sections.file(), "RCLS", "outside -1..<")

        sections = try Sections(file: file)
        sections.edit("RCLS") { $0.removeLast() }
        assertRefused(try sections.file(), "RCLS")

        sections = try Sections(file: file)
        sections.edit("CONF") { $0.removeLast() }   // a truncated tail
        assertRefused(try sections.file(), "CONF")
    }
}
