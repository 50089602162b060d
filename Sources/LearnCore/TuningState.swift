/// The tuner's own state beside its members' (what the checkpoint's `TUNE` section holds).
///
/// Invariants: `rates`, `runningLoss` and `resetsByMember` have one entry per member, every rate
/// is finite and > 0, `leader` indexes a member, `sinceDecision ≥ 0`.
public struct TuningState: Equatable, Sendable {
    public var config: TuningConfig
    /// Each member's learning rate (the member's `config.learningRate`).
    public var rates: [Float]
    /// Each member's exponentially weighted prequential loss (cross-entropy, or squared error in
    /// the targets' units); NaN before its first record.
    public var runningLoss: [Double]
    /// The member that predicts: the lowest running loss when the last record was learned.
    public var leader: Int = 0
    /// Learned records since the last exploit/explore decision.
    public var sinceDecision: Int = 0
    /// Times the worst member was replaced by a copy of the best.
    public var exploits: Int = 0
    /// Members reset after a non-finite step, in total.
    public var resets: Int = 0
    /// What the served predictions scored (the leader's prediction for each record).
    public var metrics: PrequentialMetrics
    /// The served record accounting: learned, predicted, rejected by kind.
    public var counters: Counters

    public init(config: TuningConfig, rates: [Float], metrics: PrequentialMetrics) {
        self.config = config
        self.rates = rates
        runningLoss = [Double](repeating: .nan, count: rates.count)
        self.metrics = metrics
        counters = Counters()
    }

    /// Why this state cannot drive a tuner of `memberCount` members, or nil.
    public func inconsistency(memberCount: Int) -> String? {
        if rates.count != memberCount || runningLoss.count != memberCount {
            return "tuning holds \(rates.count) rates and \(runningLoss.count) losses for \(memberCount) members"
        }
        if rates.contains(where: { !$0.isFinite || $0 <= 0 }) {
            return "tuning holds a learning rate that is not positive"
        }
        if leader < 0 || leader >= memberCount { return "tuning leader \(leader) is not a member" }
        if sinceDecision < 0 { return "tuning decision counter is negative" }
        return nil
    }

    /// Folds `loss` into member `i`'s running loss.
    mutating func observe(member i: Int, loss: Double) {
        let old = runningLoss[i]
        runningLoss[i] = old.isNaN ? loss : old + config.lossDecay * (loss - old)
    }

    /// The member with the lowest running loss (NaN ranks last; ties go to the lower index).
    var best: Int {
        var b = 0
        for i in runningLoss.indices.dropFirst() where ranksBefore(i, b) { b = i }
        return b
    }

    /// The member with the highest running loss (NaN highest; ties go to the higher index).
    var worst: Int {
        var w = 0
        for i in runningLoss.indices.dropFirst() where !ranksBefore(i, w) { w = i }
        return w
    }

    /// Whether member `a` ranks before member `b` (`a` ≠ `b`): a lower running loss, NaN last, ties by index.
    /// A linear scan, not a sort: this runs for every record.
    private func ranksBefore(_ a: Int, _ b: Int) -> Bool {
        let x = runningLoss[a], y = runningLoss[b]
        if x.isNaN || y.isNaN { return y.isNaN && (!x.isNaN || a < b) }
        return x < y || (x == y && a < b)
    }
}

/// A member reset after a non-finite step (what `TunedLearner.events` reports, for the log and the journal).
public struct TuningReset: Equatable, Sendable {
    /// The member reset and the member it became a copy of (indices into `members`).
    public var member: Int, source: Int
    /// The reset member's learning rate before, and after (a `factor`-th of the source's).
    public var rateBefore: Float, rate: Float
    /// The learned record (1-based, served count) whose step went non-finite.
    public var record: Int

    public init(member: Int, source: Int, rateBefore: Float, rate: Float, record: Int) {
        self.member = member
        self.source = source
        self.rateBefore = rateBefore
        self.rate = rate
        self.record = record
    }

    /// The log line.
    public var message: String {
        "tuning: member \(member) (learning rate \(rateBefore)) took a non-finite step at record \(record); "
            + "reset to a copy of member \(source) at learning rate \(rate)"
    }
}
