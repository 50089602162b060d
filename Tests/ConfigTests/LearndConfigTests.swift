import LearnCore
import XCTest
@testable import Config

final class LearndConfigTests: XCTestCase {
    func testDefaultsWithoutAFile() throws {
        let c = try LearndConfig.load(tomlText: nil, overrides: [])
        XCTAssertEqual(c, LearndConfig())
        XCTAssertNil(c.model.inputs)
        XCTAssertEqual(c.model.hidden, [128])
        XCTAssertEqual(c.model.outputs, 16)
        XCTAssertEqual(c.model.task, .classify)
        XCTAssertEqual(c.model.activation, .relu)
        XCTAssertEqual(c.model.seed, 1)
        XCTAssertNil(c.model.featureNames)
        XCTAssertEqual(c.train.optimizer, .sgd)
        XCTAssertEqual(c.train.learningRate, 0.05)
        XCTAssertEqual(c.train.momentum, 0)
        XCTAssertEqual(c.train.replayK, 8)
        XCTAssertEqual(c.train.clipNorm, 0)
        XCTAssertEqual(c.train.protect, .none)
        XCTAssertTrue(c.train.normalizeTargets)
        XCTAssertEqual(c.protect.strength, 1)
        XCTAssertEqual(c.protect.minInterval, 500)
        XCTAssertEqual([c.train.adamBeta1, c.train.adamBeta2, c.train.adamEpsilon], [0.9, 0.999, 1e-8])
        XCTAssertEqual(c.replay.capacity, 1000)
        XCTAssertEqual(c.replay.policy, .reservoir)
        XCTAssertEqual(c.prune.targetSparsity, 0)
        XCTAssertEqual([c.prune.start, c.prune.end, c.prune.every], [0, 1000, 50])
        XCTAssertEqual(c.prune.schedule, .gradual)
        XCTAssertEqual(c.drift.detector, .adwin)
        XCTAssertEqual(c.drift.action, [.refreshReplay])
        XCTAssertEqual([c.drift.boostFactor, c.drift.replayKeep], [3, 0.1])
        XCTAssertEqual(c.drift.boostRecords, 500)
        XCTAssertEqual(c.checkpoint.everySeconds, 60)
        XCTAssertEqual(c.checkpoint.everyRecords, 0)
        XCTAssertEqual(c.checkpoint.keep, 5)
        XCTAssertNil(c.ingest.socket)
        XCTAssertEqual(c.ingest.format, .auto)
        XCTAssertEqual(c.ingest.maxRecordBytes, 65536)
        XCTAssertEqual(c.ingest.queue, 1024)
        XCTAssertEqual(c.ingest.missing, .reject)
        XCTAssertNil(c.control.socket)
        XCTAssertEqual(c.control.mode, 0o600)
        XCTAssertNil(c.control.group)
        XCTAssertEqual(c.control.allowUIDs, [])
        XCTAssertEqual(c.metrics.recentWindow, 500)
        XCTAssertEqual(c.shutdownTimeout, 10)
    }

    func testFileThenOverridesInOrder() throws {
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
            replay_k = 2
            [control]
            mode = "0660"
            allow_uids = [1000, 1001]
            """
        let c = try LearndConfig.load(tomlText: text, overrides: [
            "train.learning_rate=0.2", "train.optimizer=sgd", "model.hidden=[64]", "replay.capacity=50",
            "shutdown_timeout=5", "train.learning_rate = 0.3",
        ])
        XCTAssertEqual(c.model.inputs, 8)                 // file
        XCTAssertEqual(c.model.hidden, [64])              // --set beats file
        XCTAssertEqual(c.model.task, .regress)
        XCTAssertEqual(c.train.optimizer, .sgd)           // bare word for a string key
        XCTAssertEqual(c.train.learningRate, 0.3)         // the last --set wins
        XCTAssertEqual(c.train.replayK, 2)
        XCTAssertEqual(c.replay.capacity, 50)             // --set over a default
        XCTAssertEqual(c.control.mode, 0o660)
        XCTAssertEqual(c.control.allowUIDs, [1000, 1001])
        XCTAssertEqual(c.shutdownTimeout, 5)              // top-level --set
        XCTAssertEqual(c.prune.every, 50)                 // untouched default
    }

    func testOverrideValueSyntax() throws {
        let c = try LearndConfig.load(tomlText: nil, overrides: [
            "train.optimizer=\"adam\"", "drift.action=boost-lr+consolidate", "train.protect=si", "drift.detector=page-hinkley",
            "ingest.socket=/run/x/in.sock", "control.group=1000", "control.mode=0640", "model.inputs=auto",
            "model.feature_names=['a', \"b\"]", "model.hidden=[]", "checkpoint.every_seconds=1.5e1",
            "replay.policy='class-balanced'",
        ])
        XCTAssertEqual(c.train.optimizer, .adam)
        XCTAssertEqual(c.drift.action, [.boostLR, .consolidate])
        XCTAssertEqual(c.drift.detector, .pageHinkley)
        XCTAssertEqual(c.ingest.socket, "/run/x/in.sock")
        XCTAssertEqual(c.control.group, "1000")            // a string key keeps a numeric-looking word
        XCTAssertEqual(c.control.mode, 0o640)              // "0640" read as octal, not decimal 640
        XCTAssertEqual(c.model.featureNames, ["a", "b"])
        XCTAssertEqual(c.model.inputs, 2)                  // auto + names: the names fix the width
        XCTAssertEqual(c.model.hidden, [])
        XCTAssertEqual(c.checkpoint.everySeconds, 15)
        XCTAssertEqual(c.replay.policy, .classBalanced)
        XCTAssertEqual(try LearndConfig.load(tomlText: "[control]\nmode = 0o750").control.mode, 0o750)
        XCTAssertEqual(try LearndConfig.load(tomlText: "[control]\nmode = 416").control.mode, 0o640)
        XCTAssertEqual(try LearndConfig.load(tomlText: "shutdown_timeout = 0.5").shutdownTimeout, 0.5)
    }

    func testFeatureNamesWithMatchingInputs() throws {
        let c = try LearndConfig.load(tomlText: "[model]\ninputs = 2\nfeature_names = [\"t\", \"p\"]")
        XCTAssertEqual(c.model.inputs, 2)
        XCTAssertEqual(c.model.featureNames, ["t", "p"])
    }

    func testLearnerConfigMapsEveryField() throws {
        let c = try LearndConfig.load(tomlText: nil, overrides: [
            "model.hidden=[32,16]", "model.outputs=3", "model.task=classify", "model.activation=tanh", "model.seed=99",
            "train.optimizer=adam", "train.learning_rate=0.125", "train.momentum=0.5", "train.replay_k=3",
            "train.clip_norm=2", "train.adam_beta1=0.75", "train.adam_beta2=0.875", "train.adam_epsilon=0.25",
            "replay.capacity=77", "replay.policy=class-balanced", "prune.target_sparsity=0.5", "prune.start=10",
            "prune.end=20", "prune.every=5", "metrics.recent_window=33", "drift.detector=adwin",
            "drift.action=consolidate+boost-lr", "train.protect=si", "train.ace_window=24", "replay.logit_weight=0.25",
        ])
        var expected = LearnerConfig(inputs: 6)
        expected.hidden = [32, 16]
        expected.outputs = 3
        expected.task = .classify
        expected.activation = .tanh
        expected.seed = 99
        expected.optimizer = .adam
        expected.learningRate = 0.125
        expected.momentum = 0.5
        expected.replayK = 3
        expected.clipNorm = 2
        expected.adamBeta1 = 0.75
        expected.adamBeta2 = 0.875
        expected.adamEpsilon = 0.25
        expected.replayCapacity = 77
        expected.replayPolicy = .classBalanced
        expected.pruneTargetSparsity = 0.5
        expected.pruneStart = 10
        expected.pruneEnd = 20
        expected.pruneEvery = 5
        expected.recentWindow = 33
        expected.driftDetector = .adwin
        expected.driftActions = [.boostLR, .consolidate]
        expected.protect = .si
        expected.aceWindow = 24
        expected.replayLogitWeight = 0.25
        expected.tuning = .auto
        XCTAssertEqual(c.learnerConfig(inputs: 6), expected)
        XCTAssertEqual(c.learnerConfig(inputs: 6).widths, [6, 32, 16, 3])
        // learnd's defaults are the core's, except drift detection, which the README's
        // continual-learning table showed better for learnd's users, and step-size tuning (issue 14);
        // the core keeps both off.
        var productDefaults = LearnerConfig(inputs: 4)
        productDefaults.tuning = .auto
        productDefaults.driftDetector = .adwin
        productDefaults.driftActions = [.refreshReplay]
        XCTAssertEqual(LearndConfig().learnerConfig(inputs: 4), productDefaults)
    }

    func testContinualLearningKeysMapToTheCore() throws {
        let c = try LearndConfig.load(tomlText: nil, overrides: [
            "train.protect=ewc", "train.normalize_targets=false", "protect.strength=0.25", "protect.min_interval=40",
            "drift.detector=page-hinkley", "drift.action=refresh-replay+boost-lr", "drift.boost_factor=2.5",
            "drift.boost_records=64", "drift.replay_keep=0.5",
        ])
        let l = c.learnerConfig(inputs: 3)
        XCTAssertEqual(l.protect, .ewc)
        XCTAssertFalse(l.normalizeTargets)
        XCTAssertEqual(l.protectStrength, 0.25)
        XCTAssertEqual(l.protectMinInterval, 40)
        XCTAssertEqual(l.driftDetector, .pageHinkley)
        XCTAssertEqual(l.driftActions, [.refreshReplay, .boostLR])
        XCTAssertEqual(l.driftBoostFactor, 2.5)
        XCTAssertEqual(l.driftBoostRecords, 64)
        XCTAssertEqual(l.driftReplayKeep, 0.5)
        XCTAssertEqual(c.drift.action.text, "boost-lr+refresh-replay", "rendered in a canonical order")
        XCTAssertEqual(try LearndConfig.load(tomlText: nil, overrides: ["drift.action=none"]).drift.action, [])
    }
}
