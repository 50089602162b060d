/// The model part of a learner that federated averaging exchanges (docs/control-protocol.md,
/// "weights" and "set_weights"): the network's parameters and pruning masks, the feature
/// normaliser's statistics and, for regress, the target normaliser's. Plain values; what the
/// learner does with them is `Learner.modelWeights()` and `Learner.load(_:)`.
///
/// Layout: `parameters` as `Network.parameters` (per layer the weight `[out][in]` row-major, then
/// the bias `[out]`); `masks` empty (none given: see `load`) or shaped like `parameters`.
public struct ModelWeights: Equatable, Sendable {
    public var widths: [Int]
    public var parameters: [Float]
    public var masks: [Float]
    /// Feature statistics (count, mean, M2 per feature); nil keeps the learner's own on load.
    public var normalizer: Normalizer?
    /// Regress: target statistics; nil keeps the learner's own on load (always nil for classify).
    public var targetNormalizer: Normalizer?

    public init(widths: [Int], parameters: [Float], masks: [Float] = [], normalizer: Normalizer? = nil,
                targetNormalizer: Normalizer? = nil) {
        self.widths = widths
        self.parameters = parameters
        self.masks = masks
        self.normalizer = normalizer
        self.targetNormalizer = targetNormalizer
    }
}

/// Why weights cannot be loaded; the learner is unchanged. The text names what to fix.
public struct ModelWeightsError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Learner {
    /// The current model (a copy-on-write snapshot of the arrays: cheap on the learner thread).
    public func modelWeights() -> ModelWeights {
        ModelWeights(widths: network.widths, parameters: network.parameters, masks: network.masks,
                     normalizer: normalizer, targetNormalizer: config.task == .regress ? targetNormalizer : nil)
    }

    /// Replaces the model with `weights`, all or nothing: everything is checked first (shape,
    /// finiteness, masks of 0 and 1 that never mask a bias, normaliser statistics of the input
    /// width with count ≥ 0 and M2 ≥ 0), and a refusal leaves the learner as it was.
    ///
    /// Masks: given masks are applied (masked parameters become exactly 0). Without masks, a
    /// learner that prunes re-prunes the loaded weights by magnitude, row by row, to the sparsity
    /// its schedule has reached (averaged sparse models are denser than each: the union of their
    /// masks); a dense learner stays dense. The optimiser state, replay memory, metrics, counters
    /// and generator are kept: learning continues from the loaded model.
    /// - Returns: the number of parameters that changed value.
    @discardableResult
    public func load(_ weights: ModelWeights) throws(ModelWeightsError) -> Int {
        try check(weights)
        var loaded = Network(widths: network.widths, activation: network.activation,
                             parameters: weights.parameters, masks: weights.masks)
        if weights.masks.isEmpty {
            let target = pruning.sparsity(at: counters.learned)
            if target > 0 { loaded.prune(toSparsity: target, liveOutputs: liveOutputs) }
        } else {
            loaded.applyMasks()
        }
        let changed = zip(loaded.parameters, network.parameters).reduce(0) { $1.0 != $1.1 ? $0 + 1 : $0 }
        network = loaded
        if let n = weights.normalizer { normalizer = n }
        if let t = weights.targetNormalizer { targetNormalizer = t }
        return changed
    }

    func check(_ w: ModelWeights) throws(ModelWeightsError) {
        guard w.widths == network.widths else {
            throw ModelWeightsError("shape \(w.widths) differs from the running model's \(network.widths)")
        }
        let n = network.parameters.count
        guard w.parameters.count == n else { throw ModelWeightsError("\(w.parameters.count) parameters, expected \(n)") }
        if let bad = w.parameters.firstIndex(where: { !$0.isFinite }) {
            throw ModelWeightsError("parameter \(bad) is not finite")
        }
        if !w.masks.isEmpty {
            guard w.masks.count == n else { throw ModelWeightsError("\(w.masks.count) mask values, expected \(n)") }
            guard w.masks.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw ModelWeightsError("masks must be 0 or 1") }
            for l in 0..<network.layerCount where w.masks[network.biasRange(l)].contains(0) {
                throw ModelWeightsError("layer \(l)'s bias is masked: biases are never pruned")
            }
        }
        try Self.check(w.normalizer, features: config.inputs, what: "normaliser")
        if config.task == .classify, w.targetNormalizer != nil {
            throw ModelWeightsError("a target normaliser is for regress only")
        }
        try Self.check(w.targetNormalizer, features: config.outputs, what: "target normaliser")
    }

    private static func check(_ s: Normalizer?, features: Int, what: String) throws(ModelWeightsError) {
        guard let s else { return }
        guard s.features == features else { throw ModelWeightsError("\(what) has \(s.features) features, expected \(features)") }
        guard s.mean.allSatisfy(\.isFinite), s.m2.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw ModelWeightsError("\(what) statistics must be finite, with M2 >= 0")
        }
    }
}

extension Normalizer {
    /// The statistics of the union of two streams (Chan, Golub and LeVeque's parallel Welford):
    /// n = nA + nB, δ = meanB − meanA, mean = meanA + δ·nB/n, M2 = M2A + M2B + δ²·nA·nB/n, per
    /// feature. Exact up to rounding: merging the statistics of two halves equals running over
    /// the whole. How a federation merges its devices' normalisers (docs/control-protocol.md).
    /// Precondition: the same number of features.
    public func merged(with other: Normalizer) -> Normalizer {
        precondition(features == other.features)
        guard count > 0 else { return other }
        guard other.count > 0 else { return self }
        let na = Double(count), nb = Double(other.count), n = na + nb
        var mean = self.mean, m2 = self.m2
        for i in 0..<features {
            let delta = other.mean[i] - mean[i]
            mean[i] += delta * nb / n
            m2[i] += other.m2[i] + delta * delta * na * nb / n
        }
        return Normalizer(count: count + other.count, mean: mean, m2: m2)
    }
}

extension LearnerConfig {
    /// Why a learner's label map does not hold this configuration's fixed class map (`classes`)
    /// in its first slots, or nil (also when there is no fixed map). A restored checkpoint or
    /// another device's model must put every class in the slot the map says.
    public func classMapMismatch(_ labels: LabelMap) -> String? {
        guard !classes.isEmpty, task == .classify else { return nil }
        if labels.names.count >= classes.count && Array(labels.names.prefix(classes.count)) == classes { return nil }
        return "its class slots \(labels.names) are not model.classes \(classes)"
    }
}
