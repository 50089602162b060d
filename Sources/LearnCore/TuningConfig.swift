/// Online self-tuning of the step size (`train.tuning`): how the population is built and searched.
///
/// With `.auto` the learner is a small population of members that differ only in their learning
/// rate; each learns every record, their predictions are combined by recent prequential loss (the
/// member with the lowest is the leader), and every `interval` records the worst member, when clearly
/// worse, is replaced by a copy of the best with the best's rate multiplied or divided by `factor`
/// (population-based training, Jaderberg et al. 2017, reduced to a line search over log step size).
/// With `.off` there is one member and today's behaviour exactly.
public enum TuningMode: String, Sendable, CaseIterable {
    case auto
    case off
}

/// The settings of the tuner (only `mode` is a configuration key; the rest are fixed defaults, kept
/// in the checkpoint). Invariants when `problem` is nil: `2 ≤ members ≤ 16`, `factor > 1`,
/// `spread > 1`, `interval ≥ 1`, `margin ≥ 0`, `halfLife > 0`, `0 < minRate ≤ maxRate`, all finite.
public struct TuningConfig: Equatable, Sendable {
    public var mode: TuningMode = .auto
    /// Population size (each member costs one learner's step and memory).
    public var members: Int = 2
    /// Ratio of each exploration move.
    public var factor: Float = 2
    /// Ratio between neighbouring members' initial rates.
    public var spread: Float = 2
    /// Learned records between two exploit/explore decisions.
    public var interval: Int = 100
    /// The worst member is replaced only when its running loss exceeds the best's by more than this
    /// fraction (differences within it are taken for noise, and the rates stay). At 0.3 float rounding
    /// alone (the water-flow stream scaled by 1000) flipped a decision near the margin and moved one
    /// seed's RMSE by 14 %; at 0.4 the scaled streams' means agree within 0.6 % (seeds 1-5; 1.5 % on 6-15).
    public var margin: Double = 0.4
    /// Half-life (records) of each member's exponentially weighted prequential loss.
    public var halfLife: Double = 50
    /// Regress: each member replays this many times `replayK` records per step (a larger batch
    /// averages the targets' noise; water flow's second-half RMSE 2.27 against 2.50 at 1).
    public var regressReplayFactor: Int = 2
    /// Bounds of the searched learning rate (SGD). Above 0.3 the digits stream's prequential loss
    /// still favours larger steps while its held-out accuracy falls (class-incremental plasticity).
    public var minRate: Float = 1e-4
    public var maxRate: Float = 0.3

    public init(mode: TuningMode = .auto) { self.mode = mode }

    /// What makes these settings unusable, or nil (the invariants above).
    public var problem: String? {
        if members < 2 || members > 16 { return "tuning needs 2 to 16 members, got \(members)" }
        if regressReplayFactor < 1 || regressReplayFactor > 16 { return "tuning replay factor must be in 1...16" }
        if !(factor > 1) || !factor.isFinite { return "tuning factor must be > 1, got \(factor)" }
        if !(spread > 1) || !spread.isFinite { return "tuning spread must be > 1, got \(spread)" }
        if interval < 1 { return "tuning interval must be >= 1, got \(interval)" }
        if !(halfLife > 0) || !halfLife.isFinite { return "tuning half-life must be > 0, got \(halfLife)" }
        if !(margin >= 0) || !margin.isFinite { return "tuning margin must be >= 0, got \(margin)" }
        if !(minRate > 0) || !(minRate <= maxRate) || !maxRate.isFinite {
            return "tuning rate bounds must satisfy 0 < min <= max"
        }
        return nil
    }

    /// The initial learning rates: `members` rates spaced by `spread` in log scale around the
    /// configured `rate`, which member ⌊(members − 1)/2⌋ takes (with 2 members: `rate`,
    /// `spread`·`rate`), clamped to the bounds.
    public func initialRates(from rate: Float) -> [Float] {
        let own = (members - 1) / 2
        return (0..<members).map { i in clamp(rate * pow(spread, Float(i - own))) }
    }

    /// A member's configuration: `config` at `rate` with tuning off, its replay k scaled for regress.
    public func member(_ config: LearnerConfig, rate: Float) -> LearnerConfig {
        var c = config
        c.learningRate = rate
        c.tuning = .off   // a member is a plain learner
        if c.task == .regress { c.replayK = min(1024, c.replayK * regressReplayFactor) }
        return c
    }

    /// `rate` kept within [minRate, maxRate].
    public func clamp(_ rate: Float) -> Float { min(maxRate, max(minRate, rate)) }

    /// The weight of the newest loss in each member's running loss: 1 − 2^(−1/halfLife).
    var lossDecay: Double { 1 - pow(2, -1 / halfLife) }
}

extension LearnerConfig {
    /// A memory holds too few records per class for plain replay below this many per output slot.
    public static let smallMemoryPerOutput = 50

    /// This configuration as learnd runs it: with `tuning` "auto", a classifier whose replay memory is
    /// small (fewer than `smallMemoryPerOutput` records per output slot, e.g. 200 for 10 outputs)
    /// replays class-balanced instead of `reservoir`, with stored outputs at weight 0.1 where
    /// `replayLogitWeight` is 0 and ER-ACE over 20 records where `aceWindow` is 0: with plain replay
    /// such a memory forgets the early classes through recency bias (digits, memory 200: 4 points,
    /// against 1.1 with these). Each setting is decided on its own, so that a live change of one
    /// (the weight or the window) never changes the policy, a model setting. Otherwise unchanged.
    public var resolvingSmallMemory: LearnerConfig {
        guard tuning == .auto, task == .classify, replayCapacity > 0,
              replayCapacity < Self.smallMemoryPerOutput * outputs else { return self }
        var c = self
        if replayPolicy == .reservoir { c.replayPolicy = .classBalanced }
        if replayLogitWeight == 0 { c.replayLogitWeight = 0.1 }
        if aceWindow == 0 { c.aceWindow = 20 }
        return c
    }
}

/// base^exponent for a positive base, through the core's libm wrappers.
private func pow(_ base: Float, _ exponent: Float) -> Float { Math.exp(exponent * Math.log(base)) }
private func pow(_ base: Double, _ exponent: Double) -> Double { Math.exp(exponent * Math.log(base)) }
