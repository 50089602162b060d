import LearnCore

extension ModelSetting {
    /// The configuration key that sets it.
    public var configKey: String {
        switch self {
        case .inputs: "model.inputs"
        case .hidden: "model.hidden"
        case .outputs: "model.outputs"
        case .task: "model.task"
        case .activation: "model.activation"
        case .seed: "model.seed"
        case .optimizer: "train.optimizer"
        case .adamBeta1: "train.adam_beta1"
        case .adamBeta2: "train.adam_beta2"
        case .adamEpsilon: "train.adam_epsilon"
        case .replayCapacity: "replay.capacity"
        case .replayPolicy: "replay.policy"
        case .normalizeTargets: "train.normalize_targets"
        case .recentWindow: "metrics.recent_window"
        }
    }
}

extension LearnerConfig {
    /// The configuration keys `other` would change that need a new model (LearnCore's one rule,
    /// `newModelSettings(toBecome:)`), in table order; empty when a learner can be retuned.
    public func newModelKeys(toBecome other: LearnerConfig) -> [String] {
        newModelSettings(toBecome: other).map(\.configKey)
    }
}

extension LearndConfig {
    /// The keys in which `new` needs a new model (the input width compared as configured:
    /// "auto" and a number differ), in table order. A setting that changed because another key
    /// implies it (the width that `model.feature_names` fixes) is named by the key that was set.
    func newModelKeys(toBecome new: LearndConfig) -> [String] {
        var keys = learnerConfig(inputs: model.inputs ?? 0).newModelKeys(toBecome: new.learnerConfig(inputs: new.model.inputs ?? 0))
        if model.featureNames != new.model.featureNames { keys.append("model.feature_names") }
        if model.classes != new.model.classes { keys.append("model.classes") }
        let set = ConfigKey.all.filter { keys.contains($0.name) && $0.get(self) != $0.get(new) }.map(\.name)
        return set.isEmpty ? keys : set
    }
}
