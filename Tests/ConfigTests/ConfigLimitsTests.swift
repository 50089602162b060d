import XCTest
@testable import Config

/// Issue 13, cases 6-8: every number `learnd config` accepts is one the code can represent. Each numeric key is
/// accepted at its minimum and maximum and refused just outside both, naming itself in one line.
final class ConfigLimitsTests: XCTestCase {
    private static let count = "9007199254740992"   // 2^53
    private static let countPlus = "9007199254740993"

    /// (key, minimum, maximum, just below the minimum or nil, just above the maximum or nil).
    private static let integers: [(String, String, String, String?, String?)] = [
        ("model.inputs", "1", "1048576", "0", "1048577"),
        ("model.outputs", "1", "65536", "0", "65537"),
        ("model.seed", "0", "9223372036854775807", "-1", nil),
        ("model.max_memory", "1048576", "1099511627776", "1048575", "1099511627777"),
        ("train.replay_k", "0", "1024", "-1", "1025"),
        ("train.ace_window", "0", "1048576", "-1", "1048577"),
        ("protect.min_interval", "1", count, "0", countPlus),
        ("replay.capacity", "0", "16777216", "-1", "16777217"),
        ("prune.start", "0", count, "-1", countPlus),
        ("prune.end", "0", count, "-1", countPlus),
        ("prune.every", "1", count, "0", countPlus),
        ("drift.boost_records", "1", count, "0", countPlus),
        ("checkpoint.every_records", "0", count, "-1", countPlus),
        ("checkpoint.keep", "1", count, "0", countPlus),
        ("ingest.max_record_bytes", "64", "16777216", "63", "16777217"),
        ("ingest.max_buffered_bytes", "65536", "1073741824", "65535", "1073741825"),
        ("labels.pending_capacity", "1", "16777216", "0", "16777217"),
        ("labels.pending_seconds", "5e-324", "1e9", "0", "1000000000.0000001"),
        ("ingest.queue", "1", "1048576", "0", "1048577"),
        ("metrics.recent_window", "1", "1048576", "0", "1048577"),
        ("control.mode", "0", "0o777", "-1", "0o1000"),
        ("shutdown_timeout", "5e-324", "1e9", "0", "1000000000.0000001"),
        ("checkpoint.every_seconds", "0", "1e9", "-5e-324", "1000000000.0000001"),
        ("train.learning_rate", "1.5e-45", "3.4028234663852886e38", "0", "3.4028235677973366e38"),
        ("train.clip_norm", "0", "3.4028234663852886e38", "-5e-324", "3.4028235677973366e38"),
        ("drift.boost_factor", "1", "3.4028234663852886e38", "0.9999999999999999", "3.4028235677973366e38"),
        ("drift.replay_keep", "0", "1", "-5e-324", "1.0000000000000002"),
        ("protect.strength", "0", "3.4028234663852886e38", "-5e-324", "3.4028235677973366e38"),
    ]

    /// Room for the largest shapes and memories, and prune.start's partner, so each key is tested alone (the
    /// smallest labels table, so that model.max_memory's minimum holds the default model).
    private static let room = ["model.max_memory=1099511627776", "prune.end=" + count, "labels.pending_capacity=1"]

    private func load(_ key: String, _ value: String) -> Result<LearndConfig, ConfigError> {
        let others = Self.room.filter { !$0.hasPrefix(key + "=") }
        do { return .success(try LearndConfig.load(tomlText: nil, overrides: others + ["\(key)=\(value)"])) } catch {
            return .failure(error)
        }
    }

    func testEveryNumericKeyAtItsEndsAndJustOutside() throws {
        for (key, minimum, maximum, below, above) in Self.integers {
            for value in [minimum, maximum] {
                guard case .success(let config) = load(key, value) else { XCTFail("\(key)=\(value) refused"); continue }
                // What the daemon converts: durations to Int64 milliseconds, counts and widths to the core's Ints.
                XCTAssertLessThan(config.checkpoint.everySeconds * 1000, 9.2e18)
                XCTAssertLessThan(config.shutdownTimeout * 1000, 9.2e18)
                _ = config.learnerConfig(inputs: config.model.inputs ?? 1)
            }
            for value in [below, above].compactMap({ $0 }) {
                guard case .failure(let error) = load(key, value) else { XCTFail("\(key)=\(value) accepted"); continue }
                XCTAssertTrue(error.description.hasPrefix("\(key): "), error.description)
                XCTAssertFalse(error.description.contains("\n"), error.description)
            }
        }
    }

    func testEveryNumericKeyIsInTheTable() {
        let numeric = ConfigKey.all.filter { key in
            switch key.get(LearndConfig()) {
            case .integer?, .float?: return true
            default: return ["model.inputs", "control.mode"].contains(key.name)
            }
        }
        XCTAssertEqual(Set(numeric.map(\.name)).subtracting(Self.integers.map(\.0)),
                       ["train.momentum", "train.adam_beta1", "train.adam_beta2", "train.adam_epsilon",
                        "prune.target_sparsity", "replay.logit_weight"],
                       "the rest are fractions in [0, 1) or float32 > 0, covered by ConfigValidationTests")
    }

    /// Case 8: the memory a model needs, against `model.max_memory`, with "auto" inputs counted as one.
    func testTheModelMustFitMaxMemory() throws {
        XCTAssertNil(LearndConfig().memoryProblem(inputs: 64), "the defaults fit with the digits' 64 inputs")
        var big = LearndConfig()
        big.model.hidden = [65536, 65536, 65536]
        let message = try XCTUnwrap(big.memoryProblem(inputs: 1))
        XCTAssertTrue(message.hasPrefix("model.max_memory: the model needs about "), message)
        XCTAssertTrue(message.contains("1-65536-65536-65536-16"), message)
        XCTAssertThrowsError(try LearndConfig.load(tomlText: "[model]\nhidden = [65536, 65536, 65536]\n")) { error in
            XCTAssertTrue("\(error)".hasPrefix("line 2: model.max_memory: the model needs about"), "\(error)")
        }
        // Estimates grow with every part: Adam's moments, protection, the reservoir.
        var c = LearndConfig()
        let plain = c.memoryBytes(inputs: 64)
        c.train.optimizer = .adam
        XCTAssertGreaterThan(c.memoryBytes(inputs: 64), plain)
        c.replay.capacity = 100_000
        XCTAssertGreaterThan(c.memoryBytes(inputs: 64), 100_000 * 64 * 4)
    }

    /// With `train.tuning = "auto"` every member's learner and checkpoint share counts: two members need
    /// more than one learner and less than three; "off" is one learner's estimate.
    func testTheEstimateCountsEveryTuningMember() {
        var c = LearndConfig()
        c.labels.pendingCapacity = 1
        c.train.tuning = .off
        let one = c.memoryBytes(inputs: 64)
        c.train.tuning = .auto
        let tuned = c.memoryBytes(inputs: 64)
        XCTAssertGreaterThan(tuned, 2 * one * 0.95, "two members, and the leader's sections once more in a snapshot")
        XCTAssertLessThan(tuned, 3 * one)
        XCTAssertTrue(c.memoryProblem(inputs: 64) == nil, "the defaults with tuning fit")
    }
}
