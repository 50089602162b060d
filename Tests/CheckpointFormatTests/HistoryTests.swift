import CheckpointFormat
import LearnCore
import TestSupport
import XCTest

/// Section `HIST`: the daemon's learning history rides along in a checkpoint, is optional (a checkpoint without
/// it reads as before), and a damaged or oversized one is refused with an error naming it.
final class HistoryTests: XCTestCase {
    /// Two samples and one checkpoint mark, values chosen to be exact in binary.
    static let history = LearningHistory(periodSeconds: 2, samples: [
        .init(unixSeconds: 1_767_225_600, learned: 100, recordsPerSecond: 50.5, score: 0.75, recentScore: 0.5,
              loss: 0.625, sparsity: 0, driftEvents: 0),
        .init(unixSeconds: 1_767_225_602, learned: 300, recordsPerSecond: 100, score: 0.875, recentScore: 0.9375,
              loss: 0.25, sparsity: 0.5, driftEvents: 2),
    ], checkpoints: [.init(unixSeconds: 1_767_225_601, learned: 250)])

    private var meta: CheckpointMeta {
        var meta = States.meta
        meta.history = Self.history
        return meta
    }

    private func sections() throws -> Sections {
        try Sections(file: try Checkpoint.encode(States.classifier().snapshot(), meta: meta))
    }

    func testTheHistoryRoundTripsAfterTheRequiredSections() throws {
        let decoded = try Checkpoint.decode(try Checkpoint.encode(States.classifier().snapshot(), meta: meta))
        XCTAssertEqual(decoded.meta.history, Self.history)
        XCTAssertEqual(decoded.meta.extra, [:], "HIST is known, not an extra")
        XCTAssertEqual(decoded.sections.map(\.tag), SectionTag.required.map(\.description) + ["HIST"])
        XCTAssertEqual(decoded.sections.last?.bytes, 8 + 4 + 2 * 64 + 4 + 16)
    }

    /// The layout of docs/checkpoint-format.md, read back by hand.
    func testTheLayoutIsTheDocumentedOne() throws {
        let payload = try XCTUnwrap(try sections().sections.first { $0.tag == "HIST" }?.payload)
        XCTAssertEqual(Sections.u64(payload, 0), Double(2).bitPattern)
        XCTAssertEqual(Array(payload[8..<12]), [2, 0, 0, 0])
        let second = 12 + 64
        XCTAssertEqual(Sections.u64(payload, second), 1_767_225_602)
        XCTAssertEqual(Sections.u64(payload, second + 8), 300)
        XCTAssertEqual(Sections.u64(payload, second + 16), Double(100).bitPattern)
        XCTAssertEqual(Sections.u64(payload, second + 24), Double(0.875).bitPattern)
        XCTAssertEqual(Sections.u64(payload, second + 48), Double(0.5).bitPattern)
        XCTAssertEqual(Sections.u64(payload, second + 56), 2)
        XCTAssertEqual(Array(payload[(12 + 128)..<(16 + 128)]), [1, 0, 0, 0])
        XCTAssertEqual(Sections.u64(payload, 16 + 128), 1_767_225_601)
        XCTAssertEqual(Sections.u64(payload, 24 + 128), 250)
    }

    func testACheckpointWithoutHistoryHasNone() throws {
        let decoded = try Checkpoint.decode(try Checkpoint.encode(States.classifier().snapshot(), meta: States.meta))
        XCTAssertNil(decoded.meta.history)
        XCTAssertFalse(decoded.sections.contains { $0.tag == "HIST" })
    }

    func testNonFiniteMeasurementsAreWrittenAsNotAvailable() throws {
        var meta = self.meta
        meta.history!.samples[0].recordsPerSecond = .infinity
        meta.history!.samples[0].loss = -.nan
        let decoded = try Checkpoint.decode(try Checkpoint.encode(States.classifier().snapshot(), meta: meta))
        let sample = try XCTUnwrap(decoded.meta.history?.samples.first)
        XCTAssertTrue(sample.recordsPerSecond.isNaN)
        XCTAssertTrue(sample.loss.isNaN)
        XCTAssertEqual(sample.score, 0.75)
    }

    func testAnUnencodableHistoryIsRefusedOnWriting() {
        var meta = self.meta
        meta.history!.periodSeconds = 0
        XCTAssertThrowsError(try Checkpoint.encode(States.classifier().snapshot(), meta: meta))
        meta = self.meta
        meta.history!.samples[0].learned = -1
        XCTAssertThrowsError(try Checkpoint.encode(States.classifier().snapshot(), meta: meta))
    }

    func testADamagedHistoryIsRefused() throws {
        let good = try sections()
        func damaged(_ change: (inout [UInt8]) -> Void) throws -> [UInt8] {
            var copy = good
            copy.edit("HIST", change)
            return try copy.file()
        }
        assertRefused(try damaged { $0.put(Double.nan.bitPattern, at: 0) }, "HIST", "period nan")
        assertRefused(try damaged { $0.put(Double(90000).bitPattern, at: 0) }, "HIST", "period 90000.0")
        assertRefused(try damaged { $0.put(UInt32(65537), at: 8) }, "HIST", "samples is 65537", "0...65536")
        assertRefused(try damaged { $0.put(UInt32(3), at: 8) }, "truncated section \"HIST\"", "needs 192 bytes")
        assertRefused(try damaged { $0.put(UInt64.max, at: 12) }, "HIST", "time -1 is out of range")
        assertRefused(try damaged { $0.put(Double(1.5).bitPattern, at: 12 + 24) }, "HIST", "sample 0: score 1.5")
        assertRefused(try damaged { $0.put(Double.infinity.bitPattern, at: 12 + 16) }, "HIST", "records per second inf")
        assertRefused(try damaged { $0.put(Double(-0.5).bitPattern, at: 12 + 64 + 48) }, "HIST", "sample 1: sparsity")
        assertRefused(try damaged { $0.put(UInt64(1) << 60, at: 12 + 56) }, "HIST", "sample 0 drift events")
        assertRefused(try damaged { $0.put(UInt32(70000), at: 140) }, "HIST", "checkpoints is 70000")
        assertRefused(try damaged { $0.removeLast(1) }, "truncated section \"HIST\"")
        assertRefused(try damaged { $0.append(0) }, "HIST", "1 unexpected bytes")
        var twice = good
        twice.sections.append(twice.sections.last!)
        assertRefused(try twice.file(), "duplicate section \"HIST\"")
    }

    /// Hostile payloads (random bytes, and valid headers over random or short bodies) are decoded or
    /// refused, never trapped on.
    func testRandomHistoryPayloadsNeverTrap() throws {
        let good = try sections()
        let valid = good.sections.first { $0.tag == "HIST" }!.payload
        var rng = SplitMix64(seed: 5)
        var refused = 0
        for n in 0..<2000 {
            var payload: [UInt8]
            switch n % 3 {
            case 0: payload = (0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1: payload = Array(valid.prefix(Int.random(in: 0...valid.count, using: &rng)))
            default:
                payload = valid
                for _ in 0..<4 { payload[Int.random(in: 0..<payload.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            }
            var copy = good
            copy.edit("HIST") { $0 = payload }
            do { _ = try Checkpoint.decode(try copy.file()) } catch { refused += 1 }
        }
        XCTAssertGreaterThan(refused, 1000, "most random payloads are refused")
    }

    /// A regressor's score is an RMSE: any finite value >= 0.
    func testARegressorsScoreMayExceedOne() throws {
        var meta = self.meta
        meta.history!.samples[1].score = 12.5
        let decoded = try Checkpoint.decode(try Checkpoint.encode(States.regressor().snapshot(), meta: meta))
        XCTAssertEqual(decoded.meta.history?.samples[1].score, 12.5)
        XCTAssertThrowsError(try Checkpoint.decode(try Checkpoint.encode(States.classifier().snapshot(), meta: meta)))
    }
}
