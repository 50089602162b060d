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

    public init(config: LearnerConfig, network: Network, optimizer: OptimizerState, normalizer: Normalizer,
                reservoir: Reservoir, labels: LabelMap, metrics: PrequentialMetrics, counters: Counters, rng: Rng) {
        self.config = config
        self.network = network
        self.optimizer = optimizer
        self.normalizer = normalizer
        self.reservoir = reservoir
        self.labels = labels
        self.metrics = metrics
        self.counters = counters
        self.rng = rng
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
        return nil
    }
}

extension Learner {
    /// A snapshot of the whole state (cheap: copy-on-write).
    public func snapshot() -> LearnerState {
        LearnerState(config: config, network: network, optimizer: optimizer, normalizer: normalizer,
                     reservoir: reservoir, labels: labels, metrics: metrics, counters: counters, rng: rng)
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
    }
}
