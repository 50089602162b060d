import LearnCore
import XCTest
@testable import Config

final class LearndConfigTests: XCTestCase {
    func testDefaultsWithoutAFile() throws {
        let c = try LearndConfig.load(tomlText: nil)
        XCTAssertNil(c.model.inputs)
        XCTAssertEqual(c.model.hidden, [128])
        XCTAssertEqual(c.model.outputs, 16)
        XCTAssertEqual(c.train.replayK, 8)
        XCTAssertEqual(c.replay.capacity, 1000)
        XCTAssertEqual(c.checkpoint.keep, 5)
        XCTAssertEqual(c.control.mode, 0o600)
        XCTAssertEqual(c.shutdownTimeout, 10)
    }

    func testFileThenOverrides() throws {
        let text = """
            shutdown_timeout = 3
            [model]
            inputs = 8
            hidden = [32, 16]
            task = "regress"
            outputs = 2
            [train]
            optimizer = "adam"
            learning_rate = 0.01
            [control]
            mode = "0660"
            """
        let c = try LearndConfig.load(tomlText: text, overrides: ["train.learning_rate=0.2", "train.optimizer=sgd",
                                                                  "model.hidden=[64]", "replay.capacity=50"])
        XCTAssertEqual(c.model.inputs, 8)
        XCTAssertEqual(c.model.hidden, [64])
        XCTAssertEqual(c.model.task, .regress)
        XCTAssertEqual(c.train.optimizer, .sgd)
        XCTAssertEqual(c.train.learningRate, 0.2)
        XCTAssertEqual(c.replay.capacity, 50)
        XCTAssertEqual(c.control.mode, 0o660)
        XCTAssertEqual(c.shutdownTimeout, 3)
        let learner = c.learnerConfig(inputs: 8)
        XCTAssertEqual(learner.widths, [8, 64, 2])
        XCTAssertEqual(learner.learningRate, 0.2)
    }

    func testErrorsNameTheKey() {
        let cases: [(String?, [String], String)] = [
            (nil, ["train.learnig_rate=0.1"], "unknown key \"train.learnig_rate\" (did you mean \"train.learning_rate\"?)"),
            ("[trian]\nreplay_k = 2", [], "line 2: unknown key \"trian.replay_k\" (did you mean \"train.replay_k\"?)"),
            (nil, ["model.hidden=abc"], "model.hidden: expected an array of positive integers, e.g. [128] or [128, 64], got \"abc\""),
            (nil, ["train.learning_rate=-1"], "train.learning_rate: expected a number > 0, got -1"),
            (nil, ["train.optimizer=rmsprop"], "train.optimizer: expected one of \"sgd\", \"adam\", got \"rmsprop\""),
            ("[model]\ninputs = 0", [], "line 2: model.inputs: expected \"auto\" or a positive integer, got 0"),
            (nil, ["prune.target_sparsity=1"], "prune.target_sparsity: expected a number in [0, 1), got 1"),
            (nil, ["prune.start=2000"], "prune.start (2000) must not be after prune.end (1000)"),
            (nil, ["nonsense"], "--set \"nonsense\": expected section.key=value"),
            (nil, ["model.task=regress", "replay.policy=class-balanced"],
             "replay.policy: \"class-balanced\" needs model.task = \"classify\""),
            (nil, ["train.learning_rate=nan"], "train.learning_rate: expected a number > 0, got nan"),
            (nil, ["model.feature_names=[\"a\"]", "model.inputs=2"], "model.feature_names: 1 names for model.inputs = 2"),
        ]
        for (text, overrides, message) in cases {
            XCTAssertThrowsError(try LearndConfig.load(tomlText: text, overrides: overrides)) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
    }

    func testDefaultTextParsesBackToTheDefaults() throws {
        let text = LearndConfig.defaultConfigText()
        XCTAssertEqual(try LearndConfig.load(tomlText: text), LearndConfig())
        for key in ConfigKey.all { XCTAssertTrue(text.contains(key.shortName), key.name) }
        let changed = try LearndConfig.load(tomlText: nil, overrides: ["model.hidden=[7]", "control.allow_uids=[1000]"])
        XCTAssertEqual(try LearndConfig.load(tomlText: changed.effectiveText()), changed)
    }

    func testLiveChangesAllowTuningAndRefuseShapes() throws {
        let old = try LearndConfig.load(tomlText: nil)
        let tuned = try LearndConfig.load(tomlText: nil, overrides: ["train.learning_rate=0.01", "train.replay_k=4"])
        XCTAssertEqual(try old.liveChanges(to: tuned).get(), ["train.learning_rate", "train.replay_k"])
        let reshaped = try LearndConfig.load(tomlText: nil, overrides: ["model.hidden=[64]"])
        XCTAssertThrowsError(try old.liveChanges(to: reshaped).get()) { error in
            XCTAssertTrue("\(error)".hasPrefix("model.hidden cannot change while running"), "\(error)")
        }
    }
}
