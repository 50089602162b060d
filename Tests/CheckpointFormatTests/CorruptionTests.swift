import CheckpointFormat
import LearnCore
import XCTest
import TestSupport

/// Damaged files never load: every single-byte change (frame header, blocks, checksums) and every truncation
/// is refused with a reason. Deterministic (seeded); the figures are printed for the record.
final class CorruptionTests: XCTestCase {
    /// A realistic small checkpoint: several 64 KiB blocks would make the test slow, one is typical of 4-8-4.
    private func checkpoint() throws -> [UInt8] {
        let learner = States.classifier(records: 400) { $0.hidden = [16]; $0.replayCapacity = 100 }
        return try Checkpoint.encode(learner.snapshot(), meta: States.meta)
    }

    /// The kind of a refusal, for the tally: "frame", "container" or "section".
    private func kind(_ error: CheckpointError) -> String {
        switch error {
        case .notACheckpointFrame, .frame, .contentTooLarge: return "frame"
        case .badMagic, .unsupportedVersion, .missingSection, .duplicateSection: return "container"
        default: return "section"
        }
    }

    func testEverySingleByteChangeIsRefused() throws {
        let file = try checkpoint()
        var rng = SplitMix64(seed: 2024)
        // Every position once with a random non-zero mask, then 600 random (position, mask) pairs, with the
        // first 32 (frame header, first block header) and last 16 bytes (block checksum, end mark, content
        // checksum) each hit with 8 more masks.
        var cases = file.indices.map { ($0, UInt8.random(in: 1...255, using: &rng)) }
        cases += (0..<600).map { _ in
            (Int.random(in: file.indices, using: &rng), UInt8.random(in: 1...255, using: &rng))
        }
        for position in Array(0..<32) + Array((file.count - 16)..<file.count) {
            cases += (0..<8).map { _ in (position, UInt8.random(in: 1...255, using: &rng)) }
        }
        var tally: [String: Int] = [:]
        for (position, mask) in cases {
            var corrupt = file
            corrupt[position] ^= mask
            do {
                _ = try Checkpoint.decode(corrupt)
                XCTFail("byte \(position) ^ \(mask) loaded")
            } catch {
                XCTAssertFalse(error.description.isEmpty)
                tally[kind(error), default: 0] += 1
            }
        }
        XCTAssertGreaterThanOrEqual(cases.count, 500)
        print("corruption: \(cases.count) single-byte changes of a \(file.count)-byte checkpoint, all refused: "
              + "\(tally)")
    }

    func testEveryTruncationIsRefused() throws {
        let file = try checkpoint()
        var rng = SplitMix64(seed: 77)
        let lengths = Array(0..<file.count) + (0..<100).map { _ in Int.random(in: 0..<file.count, using: &rng) }
        for length in lengths {
            XCTAssertThrowsError(try Checkpoint.decode(Array(file.prefix(length))), "prefix of \(length)") { error in
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
        print("truncation: \(lengths.count) prefixes (every length 0..<\(file.count), then 100 random), all refused")
    }

    /// Arbitrary bytes in a properly framed container never trap the reader, and a state that is accepted
    /// drives a learner that does not trap either.
    func testRandomContainersAreRefusedWithoutTrapping() throws {
        let good = try Checkpoint.container(of: try checkpoint())
        var rng = SplitMix64(seed: 5)
        var refused = 0
        for round in 0..<500 {
            var container = good
            for _ in 0..<(1 + round % 8) {
                container[Int.random(in: 8..<container.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            guard let decoded = try? Checkpoint.decode(try Checkpoint.file(containing: container)) else {
                refused += 1
                continue
            }
            let learner = Learner(restoring: decoded.state)
            States.feed(learner, records: 30, seed: UInt64(round))
        }
        XCTAssertGreaterThan(refused, 100, "many random edits make impossible states; none traps")
    }
}
