/// What a labelled record teaches: a class name (classify) or `outputs` target values (regress).
public enum LearnTarget: Equatable, Sendable {
    case label(String)
    case values([Float])
}

/// A prediction: the most probable class among the slots assigned so far and its softmax
/// probability (`label` nil before any class was seen), or the regression outputs.
public enum Prediction: Equatable, Sendable {
    case label(String?, confidence: Float)
    case values([Float])
}

public enum LearnOutcome: Equatable, Sendable {
    /// Learned; carries the prequential prediction made before the step.
    case learned(Prediction)
    /// Not learned and nothing changed (the learner has counted it); `reason` is the user's text.
    case rejected(kind: LearnerRejection, reason: String)
}

/// The online learner: one record at a time, test-then-train, with replay and pruning.
///
/// Per labelled record: update the running feature
/// statistics and normalise; predict (scored in `metrics`); one optimiser step on the batch
/// [record + `replayK` records drawn from the reservoir]; offer the record to the reservoir;
/// re-mask on the pruning schedule. A step whose loss or gradient is not finite is undone
/// entirely and the record rejected (`non-finite`). Pure and deterministic: same config, seed and
/// records give bit-identical state.
public final class Learner {
    public internal(set) var config: LearnerConfig
    public internal(set) var network: Network
    public internal(set) var optimizer: OptimizerState
    public internal(set) var normalizer: Normalizer
    public internal(set) var reservoir: Reservoir
    public internal(set) var labels: LabelMap
    public internal(set) var metrics: PrequentialMetrics
    public internal(set) var counters: Counters
    public internal(set) var rng: Rng
    /// Regress: running mean and variance of the targets (0 features for classify).
    public internal(set) var targetNormalizer: Normalizer
    public internal(set) var drift: DriftMonitor
    public internal(set) var protection: Protection
    /// Classify: each slot's latest incoming record (ER-ACE's recent classes), kept only while
    /// `aceWindow > 0` (all −1 otherwise); empty for regress.
    public internal(set) var recentClasses: RecentClasses
    /// Predictions waiting for their labels (`predictPending`, `resolvePending`).
    public internal(set) var pending = PendingTable()
    /// The delayed prequential score and the pending table's counts.
    public internal(set) var delayed = DelayedScore()
    var workspace: Workspace
    /// Scratch: softmax of the current row.
    var probabilities: [Float] = []
    /// Scratch: the optimiser's tentative step.
    var scratch = OptimizerScratch()
    /// Scratch: the step's gradient before the protection penalty (SI/EWC evidence).
    var unpenalizedGradient: [Float] = []
    /// Scratch: ER-ACE's mask of the slots the incoming record's loss covers.
    var recentMask: [Bool] = []
    /// Scratch: the reservoir items replayed in this step, by batch row − 1.
    var replayed: [Int] = []
    /// Scratch: the record's outputs before the step (dark-experience replay stores them).
    var incomingLogits: [Float] = []
    /// Scratch: one row's targets in normalised units (regress).
    var normalizedTarget: [Float] = []
    /// Scratch: the statistics before the current record, for undoing a refused step (`Normalizer.assign`).
    var spareNormalizer = Normalizer(features: 0)
    var spareTargetNormalizer = Normalizer(features: 0)
    /// Scratch: a classify record's encoded target, `[slot]`.
    var encodedSlot: [Float] = [0]
    /// The feature statistics after the next record, computed once for a population (`TunedLearner`).
    var sharedStatistics: SharedStatistics?

    public init(config: LearnerConfig) {
        self.config = config
        var rng = Rng(seed: config.seed)
        network = Network(widths: config.widths, activation: config.activation, rng: &rng)
        self.rng = rng
        optimizer = OptimizerState(kind: config.optimizer, parameterCount: network.parameters.count,
                                   momentum: config.momentum)
        normalizer = Normalizer(features: config.inputs)
        reservoir = Reservoir(capacity: config.replayCapacity, featureWidth: config.inputs,
                              targetWidth: config.task == .classify ? 1 : config.outputs,
                              policy: config.task == .classify ? config.replayPolicy : .reservoir,
                              logitWidth: config.replayLogitWidth)
        labels = config.task == .classify ? LabelMap(capacity: config.outputs, names: config.classes) : LabelMap(capacity: 0)
        metrics = PrequentialMetrics(window: config.recentWindow, slots: config.outputs)
        counters = Counters()
        targetNormalizer = Normalizer(features: config.task == .regress ? config.outputs : 0)
        drift = DriftMonitor(detector: config.driftDetector)
        protection = Protection(kind: config.protect, parameters: network.parameters)
        recentClasses = RecentClasses(slots: config.task == .classify ? config.outputs : 0)
        workspace = Workspace(widths: config.widths, maxBatch: 1 + config.replayK)
    }

    /// The layer kernels in use, chosen at start for this CPU: "avx512", "avx2-fma", "sse2" (x86-64)
    /// or "portable" (other architectures).
    public static var kernelName: String { Kernels.name }

    public var pruning: PruningSchedule {
        PruningSchedule(target: config.pruneTargetSparsity, start: config.pruneStart,
                        end: config.pruneEnd, every: config.pruneEvery)
    }

    /// Counts a record rejected before it reached the learner (parse errors and the like).
    public func countRejection(kind: String) { counters.countRejection(kind: kind) }

    /// Counts a predict-only record answered with `predict(_:)`.
    public func countPrediction() { counters.countPredicted() }

    /// Applies new values of the live-tunable keys (learning rate, momentum, replay k, clipping,
    /// pruning schedule, drift and protection settings, ER-ACE window, replay logit weight;
    /// metrics window excluded). Every `ModelSetting` must be equal. A new detector starts fresh
    /// (the drift events stay); a new protection kind starts without importance, anchored at the
    /// current parameters; turning ER-ACE off forgets the recent classes (on again, it starts with
    /// none); turning dark-experience replay on stores the current network's outputs for the items
    /// already held, turning it off drops the stored outputs.
    public func retune(_ new: LearnerConfig) {
        precondition(config.newModelSettings(toBecome: new).isEmpty, "retune cannot change a model setting")
        drift.setDetector(new.driftDetector)
        if new.protect != protection.kind { protection = Protection(kind: new.protect, parameters: network.parameters) }
        config = new
        trimPending()
        if new.aceWindow == 0 { recentClasses = RecentClasses(slots: recentClasses.lastSeen.count) }
        if new.replayLogitWidth != reservoir.logitWidth {
            reservoir.storeLogits(width: new.replayLogitWidth) { outputs(forRaw: $0) }
        }
        if 1 + new.replayK > workspace.maxBatch { workspace = Workspace(widths: new.widths, maxBatch: 1 + new.replayK) }
    }

    /// The network's outputs for raw features `x` (normalised with the current statistics).
    func outputs(forRaw x: ArraySlice<Float>) -> ArraySlice<Float> {
        normalizer.normalize(x, into: &workspace.activations[0], at: 0, clip: Normalizer.outlierSigmas)
        network.forward(workspace, batch: 1)
        return workspace.activations[network.layerCount][0..<config.outputs]
    }
}
