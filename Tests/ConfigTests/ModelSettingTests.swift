import Foundation
import LearnCore
import XCTest
@testable import Config

/// The one "needs a new model" rule (LearnCore's `ModelSetting`) and the key table agree, and a
/// reload names every key that needs a new model.
final class ModelSettingTests: XCTestCase {
    func testTheKeyTableClassesFollowTheRule() {
        let newModel = Set(ConfigKey.all.filter { $0.reload == .newModel }.map(\.name))
        XCTAssertEqual(newModel, Set(ModelSetting.allCases.map(\.configKey) + ["model.feature_names", "model.classes"]))
    }

    func testEverySettingIsSeenByTheRule() throws {
        let base = LearnerConfig(inputs: 4)
        for setting in ModelSetting.allCases {
            let changed = try LearndConfig.load(tomlText: nil, overrides: [Self.change[setting]!])
            let keys = LearndConfig().learnerConfig(inputs: 4).newModelKeys(toBecome: changed.learnerConfig(inputs: 4))
            XCTAssertEqual(keys, setting == .inputs ? [] : [setting.configKey], "\(setting)")
        }
        // A memory made small (5 records, under 50 per output) also replays class-balanced under tuning "auto".
        let small = try LearndConfig.load(tomlText: nil, overrides: ["replay.capacity=5"])
        XCTAssertEqual(LearndConfig().learnerConfig(inputs: 4).newModelKeys(toBecome: small.learnerConfig(inputs: 4)),
                       ["replay.capacity", "replay.policy"])
        var wider = base
        wider.inputs = 5
        XCTAssertEqual(base.newModelSettings(toBecome: wider), [.inputs])
        var tuned = base
        tuned.learningRate = 0.5
        tuned.replayK = 2
        XCTAssertEqual(base.newModelSettings(toBecome: tuned), [])
        XCTAssertEqual(tuned.keepingModelSettings(of: wider).inputs, 5)
        XCTAssertEqual(tuned.keepingModelSettings(of: wider).learningRate, 0.5)
    }

    func testReloadNamesEveryKeyThatNeedsANewModel() throws {
        let new = try LearndConfig.load(tomlText: nil, overrides: ["train.normalize_targets=false", "metrics.recent_window=9"])
        guard case .failure(let error) = LearndConfig().liveChanges(to: new) else { return XCTFail("accepted") }
        XCTAssertEqual(error, ConfigError("train.normalize_targets cannot change on reload: it needs a new model "
                                          + "(so do metrics.recent_window); keeping the old configuration"))
    }

    /// One override per setting that changes it from the default.
    static let change: [ModelSetting: String] = [
        .inputs: "model.inputs=4", .hidden: "model.hidden=[3]", .outputs: "model.outputs=3", .task: "model.task=regress",
        .activation: "model.activation=tanh", .seed: "model.seed=9", .optimizer: "train.optimizer=adam",
        .adamBeta1: "train.adam_beta1=0.8", .adamBeta2: "train.adam_beta2=0.99", .adamEpsilon: "train.adam_epsilon=0.001",
        .replayCapacity: "replay.capacity=2000", .replayPolicy: "replay.policy=class-balanced",
        .normalizeTargets: "train.normalize_targets=false", .recentWindow: "metrics.recent_window=9",
    ]
}

/// docs/configuration-keys.md is what the key table renders (`LEARND_WRITE_DOCS=1` rewrites it).
final class ConfigKeysDocTests: XCTestCase {
    func testConfigurationKeysDocIsGenerated() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/configuration-keys.md")
        let generated = LearndConfig.keysMarkdown()
        if ProcessInfo.processInfo.environment["LEARND_WRITE_DOCS"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), generated,
                       "docs/configuration-keys.md is stale: run LEARND_WRITE_DOCS=1 swift test --filter ConfigKeysDocTests")
        for key in ConfigKey.all { XCTAssertTrue(generated.contains("| `\(key.name)` |"), key.name) }
    }
}
