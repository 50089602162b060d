/// Online self-tuning of the step size (`train.tuning`): how the population is built and searched.
///
/// With `.auto` the learner is a small population of members that differ only in their learning
/// rate; each learns every record, the member with the lowest recent prequential loss predicts, and
/// every `interval` records the worst member is replaced by a copy of the best with the best's rate
/// multiplied or divided by `factor` (population-based training, Jaderberg et al. 2017, reduced to
/// a line search over log step size). With `.off` there is one member and today's behaviour exactly.
public enum TuningMode: String, Sendable, CaseIterable {
    case auto
    case off
}

/// The settings of the tuner. Invariants after `validate`: `members ≥ 2`, `factor > 1`,
/// `interval ≥ 1`, `0 < minRate ≤ maxRate`, `0 < halfLife`.
public struct TuningConfig: Equatable, Sendable {
    public var mode: TuningMode = .auto
    /// Population size (each member costs one learner's step and memory).
    public var members: Int = 3
    /// Ratio between neighbouring members' initial rates and of each exploration move.
    public var factor: Float = 2
    /// Learned records between two exploit/explore decisions.
    public var interval: Int = 100
    /// Half-life (records) of each member's exponentially weighted prequential loss.
    public var halfLife: Double = 50
    /// Bounds of the searched learning rate (SGD). Above 0.3 the digits stream's prequential loss
    /// still favours larger steps while its held-out accuracy falls (class-incremental plasticity).
    public var minRate: Float = 1e-4
    public var maxRate: Float = 0.3

    public init(mode: TuningMode = .auto) { self.mode = mode }

    /// What makes these settings unusable, or nil (the invariants above).
    public var problem: String? {
        if members < 2 || members > 16 { return "tuning needs 2 to 16 members, got \(members)" }
        if !(factor > 1) || !factor.isFinite { return "tuning factor must be > 1, got \(factor)" }
        if interval < 1 { return "tuning interval must be >= 1, got \(interval)" }
        if !(halfLife > 0) || !halfLife.isFinite { return "tuning half-life must be > 0, got \(halfLife)" }
        if !(minRate > 0) || !(minRate <= maxRate) || !maxRate.isFinite { return "tuning rate bounds must satisfy 0 < min <= max" }
        return nil
    }

    /// The initial learning rates: `members` rates spaced by `factor` in log scale, centred
    /// (geometric mean) on `center`, clamped to the bounds.
    public func initialRates(center: Float) -> [Float] {
        let mid = Float(members - 1) / 2
        return (0..<members).map { i in clamp(center * pow(factor, Float(i) - mid)) }
    }

    /// `rate` kept within [minRate, maxRate].
    public func clamp(_ rate: Float) -> Float { min(maxRate, max(minRate, rate)) }

    /// The weight of the newest loss in each member's running loss: 1 − 2^(−1/halfLife).
    var lossDecay: Double { 1 - pow(2, -1 / halfLife) }
}

/// base^exponent for a positive base, through the core's libm wrappers.
private func pow(_ base: Float, _ exponent: Float) -> Float { Math.exp(exponent * Math.log(base)) }
private func pow(_ base: Double, _ exponent: Double) -> Double { Math.exp(exponent * Math.log(base)) }
