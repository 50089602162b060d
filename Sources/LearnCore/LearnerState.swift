/// A value snapshot of everything a learner knows: what a checkpoint holds.
///
/// Taking one is cheap (the arrays are copy-on-write and shared until the learner next steps),
/// so the learner thread can hand it to a writer thread. Restoring one gives a learner that
/// continues exactly as the original would have: same weights, optimiser moments, statistics,
/// reservoir, metrics, counters and generator state.
public struct LearnerState: Equatable, Sendable {
    public var config: LearnerConfig
    public var network: Network
    public var optimizer: OptimizerState
    public var normalizer: Normalizer
    public var reservoir: Reservoir
    public var labels: LabelMap
    public var metrics: PrequentialMetrics
    public var counters: Counters
    public var rng: Rng
    /// Regress: running statistics of the targets (0 features for classify).
    public var targetNormalizer: Normalizer
    /// Drift detector state, detections and boost in progress.
    public var drift: DriftMonitor
    /// SI/EWC importance, anchor and evidence, and the consolidation trigger.
    public var protection: Protection
    /// Classify: each class slot's latest incoming record (ER-ACE).
    public var recentClasses: RecentClasses
    /// Predictions waiting for their labels, oldest first (a population's one table).
    public var pending = PendingTable()
    /// The delayed prequential score and the pending table's counts.
    public var delayed = DelayedScore()
    /// A self-tuning learner's population (`TunedLearner`); nil for one learner. The fields above are
    /// then the leader's, with the served metrics and counters and the population's pending table.
    public var tuner: TunerSnapshot?

    /// The last four parts default to their fresh state for `config` (as a new learner has them).
    public init(config: LearnerConfig, network: Network, optimizer: OptimizerState, normalizer: Normalizer,
                reservoir: Reservoir, labels: LabelMap, metrics: PrequentialMetrics, counters: Counters, rng: Rng,
                targetNormalizer: Normalizer? = nil, drift: DriftMonitor? = nil, protection: Protection? = nil,
                recentClasses: RecentClasses? = nil, tuner: TunerSnapshot? = nil) {
        self.config = config
        self.network = network
        self.optimizer = optimizer
        self.normalizer = normalizer
        self.reservoir = reservoir
        self.labels = labels
        self.metrics = metrics
        self.counters = counters
        self.rng = rng
        self.targetNormalizer = targetNormalizer ?? Normalizer(features: config.task == .regress ? config.outputs : 0)
        self.drift = drift ?? DriftMonitor(detector: config.driftDetector)
        self.protection = protection ?? Protection(kind: config.protect, parameters: network.parameters)
        self.recentClasses = recentClasses ?? RecentClasses(slots: config.task == .classify ? config.outputs : 0)
        self.tuner = tuner
    }

    /// Why this state cannot drive a learner, or nil when every part agrees with `config`.
    public var inconsistency: String? {
        let c = config
        if network.widths != c.widths { return "network shape \(network.widths) differs from config \(c.widths)" }
        if network.activation != c.activation { return "activation differs from config" }
        if optimizer.kind != c.optimizer { return "optimizer state is \(optimizer.kind.rawValue), config says \(c.optimizer.rawValue)" }
        let n = network.parameters.count
        if !optimizer.first.isEmpty && optimizer.first.count != n { return "optimizer first moment has \(optimizer.first.count) values, expected \(n)" }
        if !optimizer.second.isEmpty && optimizer.second.count != n { return "optimizer second moment has \(optimizer.second.count) values, expected \(n)" }
        if c.optimizer == .adam && (optimizer.first.isEmpty || optimizer.second.isEmpty) { return "Adam state is missing" }
        if normalizer.features != c.inputs { return "normaliser has \(normalizer.features) features, expected \(c.inputs)" }
        if reservoir.featureWidth != c.inputs { return "reservoir feature width \(reservoir.featureWidth), expected \(c.inputs)" }
        let targetWidth = c.task == .classify ? 1 : c.outputs
        if reservoir.targetWidth != targetWidth { return "reservoir target width \(reservoir.targetWidth), expected \(targetWidth)" }
        if reservoir.capacity != c.replayCapacity { return "reservoir capacity \(reservoir.capacity), config says \(c.replayCapacity)" }
        if reservoir.count > reservoir.capacity || reservoir.count > reservoir.seen { return "reservoir holds more records than it could" }
        if reservoir.logitWidth != c.replayLogitWidth { return "reservoir stores \(reservoir.logitWidth) outputs per item, config says \(c.replayLogitWidth)" }
        if !reservoir.logits.allSatisfy(\.isFinite) { return "reservoir holds non-finite stored outputs" }
        if c.task == .classify {
            if reservoir.policy != c.replayPolicy { return "reservoir policy \(reservoir.policy.rawValue), config says \(c.replayPolicy.rawValue)" }
            if labels.capacity != c.outputs { return "label map capacity \(labels.capacity), expected \(c.outputs)" }
            let slots = Float(labels.names.count)
            if reservoir.targets.contains(where: { $0 < 0 || $0 >= slots || $0 != $0.rounded() }) {
                return "reservoir holds a class slot outside the label map"
            }
        }
        if metrics.classSeen.count != c.outputs || metrics.classCorrect.count != c.outputs { return "per-class metrics do not match outputs" }
        if metrics.recent.count > metrics.window || metrics.recentNext >= metrics.window { return "metrics window is inconsistent" }
        if !network.isFinite { return "network holds non-finite parameters" }
        if let problem = tuner?.inconsistency(served: self) { return problem }
        return adaptationInconsistency ?? pendingInconsistency
    }

    private var adaptationInconsistency: String? {
        let c = config, n = network.parameters.count
        let targetWidth = c.task == .regress ? c.outputs : 0
        if targetNormalizer.features != targetWidth { return "target normaliser has \(targetNormalizer.features) outputs, expected \(targetWidth)" }
        if drift.detector != c.driftDetector { return "drift detector is \(drift.detector.rawValue), config says \(c.driftDetector.rawValue)" }
        if drift.events.count > DriftMonitor.maxEvents || drift.detections < drift.events.count { return "drift events are inconsistent" }
        if let a = drift.adwin, a.bucketTotals.isEmpty || a.bucketTotals.count != a.bucketVariances.count
            || zip(a.bucketTotals, a.bucketVariances).contains(where: { $0.count != $1.count || $0.count > a.maxBuckets }) {
            return "ADWIN buckets are inconsistent"
        }
        let p = protection
        if p.kind != c.protect { return "protection is \(p.kind.rawValue), config says \(c.protect.rawValue)" }
        let expected = p.kind == .none ? 0 : n
        if p.importance.count != expected || p.anchor.count != expected || p.running.count != expected {
            return "protection holds \(p.importance.count)/\(p.anchor.count)/\(p.running.count) values, expected \(expected)"
        }
        let window = 2 * ConsolidationTrigger.half
        if p.trigger.losses.count > window || p.trigger.next >= window { return "consolidation window is inconsistent" }
        let slots = c.task == .classify ? c.outputs : 0
        if recentClasses.lastSeen.count != slots { return "recent classes cover \(recentClasses.lastSeen.count) slots, expected \(slots)" }
        if recentClasses.lastSeen.contains(where: { $0 >= counters.learned }) { return "a recent class lies beyond the records learned" }
        if c.aceWindow == 0 && recentClasses.lastSeen.contains(where: { $0 != -1 }) { return "recent classes are kept while ER-ACE is off" }
        return nil
    }
}

/// What a learner and its snapshot both hold, and the figures derived from it: defined once for both.
public protocol LearnerParts {
    var config: LearnerConfig { get }
    var labels: LabelMap { get }
    var network: Network { get }
}

extension LearnerParts {
    /// Output rows in use: one per class seen (classify), all of them (regress).
    public var liveOutputs: Int { config.task == .classify ? labels.names.count : config.outputs }

    /// Fraction of the weights in use that pruning has zeroed, per layer and overall
    /// (`Network.sparsityPerLayer(liveOutputs:)`).
    public var sparsityPerLayer: [Double] { network.sparsityPerLayer(liveOutputs: liveOutputs) }
    public var sparsity: Double { network.sparsity(liveOutputs: liveOutputs) }
}

extension LearnerState: LearnerParts {}
extension Learner: LearnerParts {}

extension Learner {
    /// A snapshot of the whole state (cheap: copy-on-write).
    public func snapshot() -> LearnerState {
        var s = LearnerState(config: config, network: network, optimizer: optimizer, normalizer: normalizer,
                     reservoir: reservoir, labels: labels, metrics: metrics, counters: counters, rng: rng,
                     targetNormalizer: targetNormalizer, drift: drift, protection: protection, recentClasses: recentClasses)
        s.pending = pending
        s.delayed = delayed
        return s
    }

    /// A learner that continues from `state`. Precondition: `state.inconsistency == nil`
    /// (decoders check it and report a typed error instead).
    public convenience init(restoring state: LearnerState) {
        precondition(state.inconsistency == nil, state.inconsistency ?? "")
        self.init(config: state.config)
        network = state.network
        optimizer = state.optimizer
        normalizer = state.normalizer
        reservoir = state.reservoir
        labels = state.labels
        metrics = state.metrics
        counters = state.counters
        rng = state.rng
        targetNormalizer = state.targetNormalizer
        drift = state.drift
        protection = state.protection
        recentClasses = state.recentClasses
        pending = state.pending
        delayed = state.delayed
    }
}
