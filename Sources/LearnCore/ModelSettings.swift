/// A setting a learner is built with that it cannot take over later: the network's shape and
/// task, the optimiser and its constants, the replay memory, target normalisation, the metrics
/// window, the seed. Changing one needs a new model; every other `LearnerConfig` field is live
/// (`Learner.retune`).
///
/// This is the one "needs a new model" rule: `Learner.retune`, restoring a checkpoint (at start,
/// on request, in `learnd stream`) and reloading the configuration all ask it.
public enum ModelSetting: String, CaseIterable, Sendable {
    case inputs, hidden, outputs, task, activation, seed
    case optimizer, adamBeta1, adamBeta2, adamEpsilon
    case replayCapacity, replayPolicy, normalizeTargets, recentWindow

    /// Whether `a` and `b` agree on this setting.
    public func agrees(_ a: LearnerConfig, _ b: LearnerConfig) -> Bool {
        switch self {
        case .inputs: a.inputs == b.inputs
        case .hidden: a.hidden == b.hidden
        case .outputs: a.outputs == b.outputs
        case .task: a.task == b.task
        case .activation: a.activation == b.activation
        case .seed: a.seed == b.seed
        case .optimizer: a.optimizer == b.optimizer
        case .adamBeta1: a.adamBeta1 == b.adamBeta1
        case .adamBeta2: a.adamBeta2 == b.adamBeta2
        case .adamEpsilon: a.adamEpsilon == b.adamEpsilon
        case .replayCapacity: a.replayCapacity == b.replayCapacity
        case .replayPolicy: a.replayPolicy == b.replayPolicy
        case .normalizeTargets: a.normalizeTargets == b.normalizeTargets
        case .recentWindow: a.recentWindow == b.recentWindow
        }
    }

    /// Copies this setting from `source` into `target`.
    func copy(from source: LearnerConfig, into target: inout LearnerConfig) {
        switch self {
        case .inputs: target.inputs = source.inputs
        case .hidden: target.hidden = source.hidden
        case .outputs: target.outputs = source.outputs
        case .task: target.task = source.task
        case .activation: target.activation = source.activation
        case .seed: target.seed = source.seed
        case .optimizer: target.optimizer = source.optimizer
        case .adamBeta1: target.adamBeta1 = source.adamBeta1
        case .adamBeta2: target.adamBeta2 = source.adamBeta2
        case .adamEpsilon: target.adamEpsilon = source.adamEpsilon
        case .replayCapacity: target.replayCapacity = source.replayCapacity
        case .replayPolicy: target.replayPolicy = source.replayPolicy
        case .normalizeTargets: target.normalizeTargets = source.normalizeTargets
        case .recentWindow: target.recentWindow = source.recentWindow
        }
    }
}

extension LearnerConfig {
    /// The settings, in declaration order, in which `other` differs from this configuration and
    /// that only a new model can take. Empty: a learner built with this configuration can be
    /// retuned to `other`.
    public func newModelSettings(toBecome other: LearnerConfig) -> [ModelSetting] {
        ModelSetting.allCases.filter { !$0.agrees(self, other) }
    }

    /// This configuration's live settings with `model`'s model settings: what a learner built
    /// with `model` can be retuned to.
    public func keepingModelSettings(of model: LearnerConfig) -> LearnerConfig {
        var c = self
        for setting in ModelSetting.allCases { setting.copy(from: model, into: &c) }
        return c
    }
}
