import CheckpointFormat
import Foundation
import LearnCore
import XCTest

/// Every format version stays readable: the v1 fixture (Fixtures/checkpoints/make_v1_fixture.sh) still decodes to
/// the values it was written with, and the learner it holds goes on learning; so does the fixture of v1's
/// optional sections HIST, RCLS and RLGT (make_v1_optional_fixture.sh: written by `learnd serve`).
final class FixtureTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func fixture() throws -> DecodedCheckpoint {
        let url = Self.root.appendingPathComponent("Fixtures/checkpoints/v1-classify-4-8-3.ckpt")
        let bytes = [UInt8](try Data(contentsOf: url))
        XCTAssertLessThan(bytes.count, 20_000)
        return try Checkpoint.decode(bytes)
    }

    func testTheV1FixtureDecodesToItsKnownValues() throws {
        let d = try fixture()
        let s = d.state, c = s.config
        XCTAssertEqual(d.meta.formatVersion, 1)
        XCTAssertEqual(d.meta.createdUnixSeconds, 1_767_225_600)
        XCTAssertEqual(d.meta.learndVersion, "0.1.0")
        XCTAssertTrue(d.meta.configText.hasPrefix("[model]\ninputs = 4\n"))
        XCTAssertEqual(c.widths, [4, 8, 3])
        XCTAssertEqual(c.task, .classify)
        XCTAssertEqual(c.optimizer, .adam)
        XCTAssertEqual(c.learningRate, 0.01)
        XCTAssertEqual(c.replayPolicy, .classBalanced)
        XCTAssertEqual(c.protect, .si)
        XCTAssertEqual(c.driftDetector, .pageHinkley)
        XCTAssertEqual(s.labels.names, ["fault", "run", "idle"])
        XCTAssertEqual(s.counters.learned, 300)
        XCTAssertEqual(s.metrics.correct, 279)
        XCTAssertEqual(s.optimizer.steps, 300)
        XCTAssertEqual(s.reservoir.count, 64)
        XCTAssertEqual(s.reservoir.seen, 300)
        XCTAssertEqual(s.network.parameters.count, 67)
        XCTAssertEqual(s.network.parameters[0].bitPattern, 0x3F8C_6448)
        XCTAssertEqual(s.network.parameters[1], 0, "pruned")
        XCTAssertEqual(s.network.masks[1], 0)
        XCTAssertEqual(s.network.parameters[66].bitPattern, 0x3EF1_CFAA)
        XCTAssertEqual(s.sparsity, 0.5, accuracy: 0.01)
        XCTAssertEqual(s.normalizer.count, 300)
        XCTAssertEqual(s.normalizer.mean[3], 28.193833424250283)
        XCTAssertTrue(s.rng.state == (0x940B_D678_1B74_F01E, 0x6CCE_27D8_49C2_C554, 0xF289_3EC8_A3C3_61EB,
                                      0x41AC_5727_B613_B152))
        XCTAssertEqual(d.sections.map(\.tag), SectionTag.required.map(\.description))
    }

    func testTheFixturesLearnerGoesOn() throws {
        let learner = Learner(restoring: try fixture().state)
        guard case .learned = learner.learn([1, 4, 0, 40], target: .label("fault")) else {
            return XCTFail("not learned")
        }
        guard case .label(let name, _) = learner.predict([1, 4, 0, 40]) else { return XCTFail("no prediction") }
        XCTAssertEqual(name, "fault")
        XCTAssertEqual(learner.counters.learned, 301)
    }

    /// Re-encoding what was read gives the fixture's container back, byte for byte (the writer has not drifted
    /// from v1; when it must, the format version goes up and this fixture stays as v1's witness).
    func testReencodingGivesTheSameContainer() throws {
        let url = Self.root.appendingPathComponent("Fixtures/checkpoints/v1-classify-4-8-3.ckpt")
        let file = [UInt8](try Data(contentsOf: url))
        let d = try Checkpoint.decode(file)
        let again = try Checkpoint.encode(d.state, meta: d.meta)
        XCTAssertEqual(try Checkpoint.container(of: again), try Checkpoint.container(of: file))
    }

    private func optionalFixture() throws -> (file: [UInt8], decoded: DecodedCheckpoint) {
        let url = Self.root.appendingPathComponent("Fixtures/checkpoints/v1-optional-sections.ckpt")
        let file = [UInt8](try Data(contentsOf: url))
        return (file, try Checkpoint.decode(file))
    }

    func testTheOptionalSectionsFixtureDecodesToItsKnownValues() throws {
        let (_, d) = try optionalFixture()
        let s = d.state, c = s.config
        XCTAssertEqual(d.meta.formatVersion, 1)
        XCTAssertEqual(d.sections.map(\.tag), SectionTag.required.map(\.description) + ["HIST", "RCLS", "RLGT"])
        XCTAssertEqual(c.widths, [4, 8, 3])
        XCTAssertEqual(c.aceWindow, 20)
        XCTAssertEqual(c.replayLogitWeight, 0.2)
        XCTAssertEqual(s.counters.learned, 300)
        XCTAssertEqual(s.labels.names, ["fault", "run", "idle"])
        // RCLS: each class's latest record index, all within the 300 learned.
        XCTAssertEqual(s.recentClasses.lastSeen.count, 3)
        XCTAssertTrue(s.recentClasses.lastSeen.allSatisfy { (270..<300).contains($0) }, "\(s.recentClasses.lastSeen)")
        // RLGT: 3 stored outputs per kept record, finite.
        XCTAssertEqual(s.reservoir.count, 64)
        XCTAssertEqual(s.reservoir.logits.count, 64 * 3)
        XCTAssertTrue(s.reservoir.logits.allSatisfy(\.isFinite))
        // HIST: samples every 2 s, the last after all 300 records; the checkpoint's own mark at 300.
        let history = try XCTUnwrap(d.meta.history)
        XCTAssertEqual(history.periodSeconds, 2)
        XCTAssertEqual(history.samples.count, 3)
        XCTAssertEqual(history.samples.last?.learned, 300)
        XCTAssertEqual(history.checkpoints.map(\.learned), [300])
        XCTAssertEqual(history.samples.last?.score ?? 0, s.metrics.accuracy, accuracy: 1e-9)
    }

    func testTheOptionalSectionsFixtureReencodesAndGoesOn() throws {
        let (file, d) = try optionalFixture()
        let again = try Checkpoint.encode(d.state, meta: d.meta)
        XCTAssertEqual(try Checkpoint.container(of: again), try Checkpoint.container(of: file))
        let learner = Learner(restoring: d.state)
        guard case .learned = learner.learn([1, 4, 0, 40], target: .label("fault")) else { return XCTFail("not learned") }
        XCTAssertEqual(learner.counters.learned, 301)
    }
}
