import XCTest
@testable import Config
import LearnCore

final class ConfigValidationTests: XCTestCase {
    private func message(_ text: String?, _ overrides: [String] = [], file: StaticString = #filePath,
                         line: UInt = #line) -> String? {
        do {
            _ = try LearndConfig.load(tomlText: text, overrides: overrides)
            XCTFail("expected an error for \(text ?? "") \(overrides)", file: file, line: line)
            return nil
        } catch {
            return error.description
        }
    }

    func testTheBriefsExampleMessages() {
        XCTAssertEqual(message(nil, ["train.learnig_rate=0.1"]),
                       "unknown key \"train.learnig_rate\" (did you mean \"train.learning_rate\"?)")
        XCTAssertEqual(message(nil, ["model.hidden=abc"]), "model.hidden: expected an array of positive integers, got \"abc\"")
        XCTAssertEqual(message(nil, ["train.learning_rate=-1"]), "train.learning_rate: must be > 0, got -1")
        XCTAssertEqual(message(nil, ["foo"]), "--set \"foo\": expected section.key=value")
    }

    /// Every key refuses a boolean (the one boolean key an array), and the message starts with
    /// the file line and the key.
    func testEveryKeyNamesItselfWhenRefusingAValue() {
        for key in ConfigKey.all {
            let (section, short) = ConfigKey.split(key.name)
            let wrong = key.name == "train.normalize_targets" ? "[1]" : "true"
            let text = section.isEmpty ? "\n\(short) = \(wrong)" : "[\(section)]\n\(short) = \(wrong)"
            let got = message(text) ?? ""
            XCTAssertTrue(got.hasPrefix("line 2: \(key.name): expected "), got)
            XCTAssertTrue(got.hasSuffix(", got \(wrong)"), got)
        }
    }

    func testRangeAndKindMessages() {
        let cases: [(String, String)] = [
            ("model.inputs=0", "model.inputs: must be between 1 and 1048576, got 0"),
            ("model.inputs=abc", "model.inputs: expected \"auto\" or a positive integer, got \"abc\""),
            ("model.hidden=[0]", "model.hidden: expected an array of positive integers, got [0]"),
            ("model.hidden=[128, 1.5]", "model.hidden: expected an array of positive integers, got [128, 1.5]"),
            ("model.hidden=[70000]", "model.hidden: must be widths <= 65536, got [70000]"),
            ("model.hidden=[1,2", "model.hidden: invalid value [1,2 (expected \",\" or \"]\" in array, found end of input)"),
            ("model.outputs=0", "model.outputs: must be between 1 and 65536, got 0"),
            ("model.task=cluster", "model.task: expected one of \"classify\", \"regress\", got \"cluster\""),
            ("model.activation=gelu", "model.activation: expected one of \"relu\", \"tanh\", got \"gelu\""),
            ("model.seed=-1", "model.seed: must be >= 0, got -1"),
            ("model.feature_names=[]", "model.feature_names: must be a non-empty array, got []"),
            ("model.feature_names=[\"a\",\"a\"]", "model.feature_names: must be unique names, got [\"a\", \"a\"]"),
            ("model.feature_names=[\"a,b\"]",
             "model.feature_names: must be non-empty names without commas, quotes or control characters, got [\"a,b\"]"),
            ("model.feature_names=[1]", "model.feature_names: expected an array of strings, got [1]"),
            ("train.optimizer=rmsprop", "train.optimizer: expected one of \"sgd\", \"adam\", got \"rmsprop\""),
            ("train.learning_rate=0", "train.learning_rate: must be > 0, got 0"),
            ("train.learning_rate=1e-60", "train.learning_rate: must be > 0, got 1e-60"),
            ("train.learning_rate=nan", "train.learning_rate: must be a finite number, got nan"),
            ("train.learning_rate=inf", "train.learning_rate: must be a finite number, got inf"),
            ("train.learning_rate=1e300", "train.learning_rate: must be a finite number, got 1e+300"),
            ("train.learning_rate=fast", "train.learning_rate: expected a number, got \"fast\""),
            ("train.momentum=1", "train.momentum: must be in [0, 1), got 1"),
            ("train.replay_k=2000", "train.replay_k: must be between 0 and 1024, got 2000"),
            ("train.replay_k=2.0", "train.replay_k: expected an integer, got 2.0"),
            ("train.clip_norm=-0.5", "train.clip_norm: must be >= 0, got -0.5"),
            ("train.adam_beta2=1.0", "train.adam_beta2: must be in [0, 1), got 1.0"),
            ("train.adam_epsilon=0", "train.adam_epsilon: must be > 0, got 0"),
            ("replay.capacity=-1", "replay.capacity: must be between 0 and 16777216, got -1"),
            ("replay.policy=fifo", "replay.policy: expected one of \"reservoir\", \"class-balanced\", got \"fifo\""),
            ("prune.target_sparsity=1", "prune.target_sparsity: must be in [0, 1), got 1"),
            ("prune.every=0", "prune.every: must be >= 1, got 0"),
            ("prune.schedule=linear", "prune.schedule: expected one of \"gradual\", got \"linear\""),
            ("drift.detector=ddm", "drift.detector: expected one of \"none\", \"page-hinkley\", \"adwin\", got \"ddm\""),
            ("drift.action=panic", "drift.action: expected \"none\" or actions joined by \"+\" from "
                + "\"boost-lr\", \"consolidate\", \"refresh-replay\", got \"panic\""),
            ("drift.action=boost-lr+boost-lr", "drift.action: expected \"none\" or actions joined by \"+\" from "
                + "\"boost-lr\", \"consolidate\", \"refresh-replay\", got \"boost-lr+boost-lr\""),
            ("train.protect=mas", "train.protect: expected one of \"none\", \"si\", \"ewc\", got \"mas\""),
            ("train.normalize_targets=1", "train.normalize_targets: expected true or false, got 1"),
            ("protect.strength=-1", "protect.strength: must be >= 0, got -1"),
            ("protect.min_interval=0", "protect.min_interval: must be >= 1, got 0"),
            ("drift.boost_factor=0.5", "drift.boost_factor: must be >= 1, got 0.5"),
            ("drift.boost_records=0", "drift.boost_records: must be >= 1, got 0"),
            ("drift.replay_keep=1.5", "drift.replay_keep: must be in [0, 1], got 1.5"),
            ("checkpoint.every_seconds=-1", "checkpoint.every_seconds: must be >= 0, got -1"),
            ("checkpoint.keep=0", "checkpoint.keep: must be >= 1, got 0"),
            ("ingest.socket=\"\"", "ingest.socket: must be a non-empty path without NUL, got \"\""),
            ("ingest.socket=/" + String(repeating: "s", count: 107),
             "ingest.socket: must be at most 107 bytes long (the Unix socket path limit), got \"/"
                + String(repeating: "s", count: 107) + "\""),
            ("ingest.format=xml", "ingest.format: expected one of \"csv\", \"jsonl\", \"auto\", got \"xml\""),
            ("ingest.max_record_bytes=63", "ingest.max_record_bytes: must be between 64 and 16777216, got 63"),
            ("ingest.queue=0", "ingest.queue: must be between 1 and 1048576, got 0"),
            ("ingest.missing=zero", "ingest.missing: expected one of \"reject\", got \"zero\""),
            ("control.mode=0o1777", "control.mode: must be between 0 and 0o777 (\"0777\"), got 1023"),
            ("control.mode=\"0680\"", "control.mode: expected octal permission bits like \"0660\" or 0o660, got \"0680\""),
            ("control.mode=rw", "control.mode: expected octal permission bits like \"0660\" or 0o660, got \"rw\""),
            ("control.group=\"a b\"", "control.group: must be a group name without spaces, colons or control characters, got \"a b\""),
            ("control.allow_uids=[-1]", "control.allow_uids: must be between 0 and 4294967294, got [-1]"),
            ("control.allow_uids=1000", "control.allow_uids: expected an array of uids (non-negative integers), got 1000"),
            ("metrics.recent_window=0", "metrics.recent_window: must be between 1 and 1048576, got 0"),
            ("shutdown_timeout=0", "shutdown_timeout: must be > 0, got 0"),
            ("shutdown_timeout=soon", "shutdown_timeout: expected a number, got \"soon\""),
        ]
        for (override, expected) in cases {
            XCTAssertEqual(message(nil, [override]), expected, override)
        }
    }

    func testFileErrorsCarryTheirLine() {
        XCTAssertEqual(message("[train]\n\nlearning_rate = -1"), "line 3: train.learning_rate: must be > 0, got -1")
        XCTAssertEqual(message("[model]\nhidden = [\n  64,\n  0,\n]"),
                       "line 2: model.hidden: expected an array of positive integers, got [64, 0]")
        XCTAssertEqual(message("[model]\nhidden = [64\n"), "line 3: expected \",\" or \"]\" in array, found end of input")
        XCTAssertEqual(message("[control]\nmode = 0600"),
                       "line 2: leading zeros are not allowed in \"0600\" (octal is written 0o660)")
    }

    func testUnknownKeysAndSectionsWithSuggestions() {
        XCTAssertEqual(message("[train]\nlearnig_rate = 0.1"),
                       "line 2: unknown key \"train.learnig_rate\" (did you mean \"train.learning_rate\"?)")
        XCTAssertEqual(message("# c\n[trian]\nreplay_k = 2"), "line 2: unknown section [trian] (did you mean [train]?)")
        XCTAssertEqual(message("[model]\n[prnue]"), "line 2: unknown section [prnue] (did you mean [prune]?)")
        XCTAssertEqual(message("[zzzzzz]\na = 1"), "line 1: unknown section [zzzzzz]")
        XCTAssertEqual(message("learning_rate = 0.1"),
                       "line 1: unknown key \"learning_rate\" (did you mean \"train.learning_rate\"?)")
        XCTAssertEqual(message("[model]\nfrobnicate = 1"), "line 2: unknown key \"model.frobnicate\"")
        XCTAssertEqual(message(nil, ["shutdown_timout=1"]), "unknown key \"shutdown_timout\" (did you mean \"shutdown_timeout\"?)")
        XCTAssertEqual(message(nil, ["trian.replay_k=2"]),
                       "unknown section \"trian\" in key \"trian.replay_k\" (did you mean \"train.replay_k\"?)")
        XCTAssertEqual(message(nil, ["trian.zzzzzzzz=2"]),
                       "unknown section \"trian\" in key \"trian.zzzzzzzz\" (did you mean \"train\"?)")
        XCTAssertEqual(message(nil, ["model.hidden.x=1"]), "unknown key \"model.hidden.x\" (did you mean \"model.hidden\"?)")
    }

    func testOverrideSyntaxErrors() {
        XCTAssertEqual(message(nil, ["=5"]), "--set \"=5\": expected section.key=value")
        XCTAssertEqual(message(nil, ["train. rate=5"]), "--set \"train. rate=5\": expected section.key=value")
        XCTAssertEqual(message(nil, ["train.replay_k="]), "--set \"train.replay_k=\": missing value after \"=\"")
        XCTAssertEqual(message(nil, ["train.optimizer=\"adam"]),
                       "train.optimizer: invalid value \"adam (unterminated string)")
    }

    func testCrossKeyRules() {
        XCTAssertEqual(message(nil, ["model.feature_names=[\"a\"]", "model.inputs=2"]),
                       "model.feature_names: must have model.inputs = 2 names, got 1")
        XCTAssertEqual(message("[model]\ninputs = 2\nfeature_names = [\"a\"]"),
                       "line 3: model.feature_names: must have model.inputs = 2 names, got 1")
        XCTAssertEqual(message(nil, ["model.task=regress", "replay.policy=class-balanced"]),
                       "replay.policy: \"class-balanced\" needs model.task = \"classify\"")
        XCTAssertEqual(message("[prune]\nstart = 2000"), "line 2: prune.start: must be <= prune.end (1000), got 2000")
        XCTAssertEqual(message(nil, ["model.outputs=2", "model.classes=[\"a\",\"b\",\"c\"]"]),
                       "model.classes: lists 3 classes, more than model.outputs = 2")
        XCTAssertEqual(message(nil, ["model.task=regress", "model.classes=[\"a\"]"]), "model.classes: needs model.task = \"classify\"")
        XCTAssertEqual(message(nil, ["model.classes=[\"a\",\"a\"]"]), "model.classes: must be unique names, got [\"a\", \"a\"]")
        XCTAssertEqual(try LearndConfig.load(tomlText: "[model]\nclasses = [\"0\", \"1\"]").learnerConfig(inputs: 3).classes, ["0", "1"])
        // The --set that last wrote the key drops the file's line from the message.
        XCTAssertEqual(message("[prune]\nstart = 2000", ["prune.start=3000"]),
                       "prune.start: must be <= prune.end (1000), got 3000")
    }

    /// Consolidation is memory protection's: with train.protect = "none" a `consolidate` drift action would
    /// silently do nothing, so the combination is refused, naming both keys and the way out.
    func testConsolidateNeedsProtection() throws {
        let why = "consolidates memory protection, but train.protect = \"none\" has none: "
            + "set train.protect = \"si\" or \"ewc\", or drop consolidate from drift.action"
        XCTAssertEqual(message(nil, ["drift.action=consolidate"]), "drift.action: \"consolidate\" " + why)
        XCTAssertEqual(message("[train]\nprotect = \"none\"\n[drift]\naction = \"boost-lr+consolidate\""),
                       "line 4: drift.action: \"boost-lr+consolidate\" " + why)
        XCTAssertEqual(try LearndConfig.load(tomlText: nil, overrides: ["drift.action=consolidate", "train.protect=ewc"])
            .drift.action, [.consolidate])
        XCTAssertEqual(try LearndConfig.load(tomlText: "[train]\nprotect = \"si\"\n[drift]\naction = \"consolidate\"")
            .train.protect, .si)
        // The defaults (refresh-replay, no protection) and the documented default file pass.
        XCTAssertNoThrow(try LearndConfig.load(tomlText: nil))
        XCTAssertEqual(try LearndConfig.load(tomlText: LearndConfig.defaultConfigText()), LearndConfig())
        XCTAssertFalse(LearndConfig().drift.action.contains(.consolidate) && LearndConfig().train.protect == .none)
    }

    func testLearningQualityKeys() throws {
        let c = try LearndConfig.load(tomlText: nil, overrides: ["train.ace_window=16", "replay.logit_weight=0.2"])
        XCTAssertEqual(c.learnerConfig(inputs: 4).aceWindow, 16)
        XCTAssertEqual(c.learnerConfig(inputs: 4).replayLogitWeight, 0.2)
        XCTAssertEqual(LearndConfig().train.aceWindow, 0)
        XCTAssertEqual(LearndConfig().replay.logitWeight, 0)
        XCTAssertEqual(LearnerConfig(inputs: 4).replayLogitWeight, 0)
        XCTAssertEqual(LearnerConfig(inputs: 4).aceWindow, 0)
        XCTAssertEqual(message(nil, ["train.ace_window=-1"]), "train.ace_window: must be between 0 and 1048576, got -1")
        XCTAssertEqual(message(nil, ["replay.logit_weight=-0.5"]), "replay.logit_weight: must be >= 0, got -0.5")
    }

    func testSuggestionDistance() {
        XCTAssertEqual(Suggest.distance("kitten", "sitting"), 3)
        XCTAssertEqual(Suggest.distance("", "abc"), 3)
        XCTAssertEqual(Suggest.closest(to: "tarin", in: ["train", "model"]), "train")
        XCTAssertNil(Suggest.closest(to: "xyz", in: ["train", "model"]))
    }
}
