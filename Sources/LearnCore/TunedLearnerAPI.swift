/// The rest of `Learner`'s API on the tuner, so that an edge swaps one type for the other: reads
/// go to the leader (the member that predicts), except the served `metrics` and `counters`;
/// record accounting goes to every member.
extension TunedLearner: LearnerParts {
    public var config: LearnerConfig { leader.config }
    public var network: Network { leader.network }
    public var labels: LabelMap { leader.labels }
    public var reservoir: Reservoir { leader.reservoir }
    public var drift: DriftMonitor { leader.drift }
    public var protection: Protection { leader.protection }
    /// The leader's feature statistics (each member keeps its own; `records.outliers` reads the leader's).
    public var normalizer: Normalizer { leader.normalizer }
    /// What the served predictions scored (the single member's own metrics with tuning off).
    public var metrics: PrequentialMetrics { tuning?.metrics ?? members[0].metrics }
    /// The served record accounting (the single member's own with tuning off).
    public var counters: Counters { tuning?.counters ?? members[0].counters }

    /// Each member's learning rate in member order (one rate with tuning off).
    public var learningRates: [Float] { members.map(\.config.learningRate) }

    /// Predicts with the leader without learning; nil when its outputs are not finite.
    public func predict(_ x: [Float]) -> Prediction? { leader.predict(x) }

    /// Scores one labelled record with the leader, without learning.
    @discardableResult
    public func evaluate(_ x: [Float], target: LearnTarget, into tally: inout EvaluationTally) -> Bool {
        leader.evaluate(x, target: target, into: &tally)
    }

    public func countRejection(kind: String) {
        for m in members { m.countRejection(kind: kind) }
        tuning?.counters.countRejection(kind: kind)
    }

    public func countPrediction() {
        for m in members { m.countPrediction() }
        tuning?.counters.countPredicted()
    }

    /// Applies new values of the live-tunable keys to every member (`Learner.retune`); with tuning
    /// on each member keeps its own learning rate (and a regression member its scaled replay k).
    public func retune(_ new: LearnerConfig) {
        for (i, m) in members.enumerated() {
            m.retune(tuning.map { $0.config.member(new, rate: $0.rates[i]) } ?? new)
        }
        if tuning != nil { trimPending() }
    }
}
