/// A learner that tunes its own step size online: a population of `Learner`s that differ only in
/// their learning rate (`TuningConfig`), behind the same API as one `Learner`.
///
/// Per labelled record every member learns it (test-then-train, each with its own replay memory
/// and statistics); the record is answered and scored with the members' predictions combined by
/// running prequential loss (`combine`); the leader is the member with the lowest. Every `interval`
/// learned records the worst member, when worse by more than `margin`, becomes a copy of the best
/// with the best's rate moved by `factor` away from the worst's (a line search in log step size that
/// keeps the weights of the best). A member whose step
/// goes non-finite is reset to a copy of the best member that learned the record (with a smaller
/// rate), counted in `tuning.resets` and reported in `events`; the record stays learned as long as
/// one member learned it. With `TuningMode.off` there is one member and every call is exactly the
/// plain `Learner`'s. Pure and deterministic like `Learner`.
public final class TunedLearner {
    public private(set) var members: [Learner]
    /// nil with tuning off.
    public internal(set) var tuning: TuningState?
    /// Member resets since the last `takeEvents()`, for the log and the journal.
    public private(set) var events: [TuningReset] = []
    /// With tuning on, the population's one pending table and delayed score (`pending`, `delayed`;
    /// the members' own stay empty); unused with tuning off (the single learner's are used).
    var sharedPending = PendingTable()
    var sharedDelayed = DelayedScore()
    /// Per-record scratch of `learn` (each member's figures before its step, and its outcome), kept to
    /// allocate nothing per record.
    private var marks: [MetricMark] = []
    private var outcomes: [LearnOutcome] = []

    public init(config: LearnerConfig, tuning: TuningConfig? = nil) {
        let tuning = tuning ?? TuningConfig(mode: config.tuning)
        guard tuning.mode == .auto else {
            members = [Learner(config: config)]
            return
        }
        let rates = tuning.initialRates(from: config.learningRate)
        members = rates.map { Learner(config: tuning.member(config, rate: $0)) }
        self.tuning = TuningState(config: tuning, rates: rates,
                                  metrics: PrequentialMetrics(window: config.recentWindow, slots: config.outputs))
    }

    /// A tuner around a restored single learner (a checkpoint without tuner state): with tuning off
    /// that learner alone; with "auto" a fresh population of copies of it at rates around its own.
    public convenience init(restoring learner: Learner, tuning: TuningConfig) {
        guard tuning.mode == .auto else {
            self.init(members: [learner], tuning: nil)
            return
        }
        let rates = tuning.initialRates(from: learner.config.learningRate)
        let state = learner.snapshot()
        let members = rates.map { rate in
            let m = Learner(restoring: state)
            m.retune(tuning.member(m.config, rate: rate))
            return m
        }
        var tuner = TuningState(config: tuning, rates: rates, metrics: state.metrics)
        tuner.counters = state.counters
        self.init(members: members, tuning: tuner)
        adoptPending(state.pending, state.delayed)
    }

    /// A tuner continuing from saved members and tuner state (nil: one member, tuning off).
    /// Precondition: `tuning?.inconsistency(memberCount:)` is nil and `members` is not empty.
    public init(members: [Learner], tuning: TuningState?) {
        precondition(!members.isEmpty && (tuning == nil ? members.count == 1 : true))
        precondition(tuning?.inconsistency(memberCount: members.count) == nil)
        self.members = members
        self.tuning = tuning
    }

    /// The member whose predictions are served.
    public var leader: Learner { members[tuning?.leader ?? 0] }

    /// The resets gathered in `events`, which are then cleared.
    public func takeEvents() -> [TuningReset] {
        defer { events = [] }
        return events
    }

    /// Learns one labelled record with every member; answers with the members' prequential
    /// predictions combined (`combine`), scored in the served `metrics`.
    public func learn(_ x: [Float], target: LearnTarget) -> LearnOutcome {
        guard var state = tuning else { return members[0].learn(x, target: target) }
        tuning = nil   // `state` the only owner: its arrays change in place, not copied per record
        defer { tuning = state }
        let served = state.leader
        marks.removeAll(keepingCapacity: true)
        outcomes.removeAll(keepingCapacity: true)
        for m in members { marks.append(MetricMark(m)) }
        if x.count == members[0].config.inputs { shareStatistics(x) }
        for m in members { outcomes.append(m.learn(x, target: target)); m.sharedStatistics = nil }
        guard let first = outcomes.firstIndex(where: \.isLearned) else {
            if case .rejected(let kind, _) = outcomes[served] { state.counters.countRejection(kind: kind) }
            return outcomes[served]
        }
        // The leader, or if it failed the learned member with the lowest running loss (the first of equals).
        var answered = outcomes[served].isLearned ? served : first
        for i in outcomes.indices where answered != served && outcomes[i].isLearned
            && state.runningLoss[i] < state.runningLoss[answered] { answered = i }
        let prediction = combine(outcomes, answered: answered, state)
        marks[answered].score(prediction, members[answered], target: target, into: &state.metrics)
        for i in outcomes.indices where outcomes[i].isLearned {
            state.observe(member: i, loss: marks[i].loss(members[i]))
        }
        for i in outcomes.indices where !outcomes[i].isLearned { reset(i, from: answered, &state) }
        state.counters.countLearned()
        state.sinceDecision += 1
        if state.sinceDecision >= state.config.interval { decide(&state) }
        state.leader = state.best
        return .learned(prediction)
    }

    /// Replaces the worst member by a copy of the best, its rate the best's moved by `factor`
    /// away from the worst's (towards the unexplored side).
    private func decide(_ state: inout TuningState) {
        state.sinceDecision = 0
        let b = state.best, w = state.worst
        guard b != w, state.runningLoss[w] > state.runningLoss[b] * (1 + state.config.margin) else { return }
        let f = state.config.factor, down = state.rates[w] > state.rates[b]
        var rate = state.config.clamp(state.rates[b] * (down ? 1 / f : f))
        if rate == state.rates[b] { rate = state.config.clamp(state.rates[b] * (down ? f : 1 / f)) }
        copy(w, from: b, rate: rate, &state)
        state.exploits += 1
    }

    /// Member `i`'s step went non-finite: it becomes a copy of member `source` at a third of its rate.
    private func reset(_ i: Int, from source: Int, _ state: inout TuningState) {
        let old = state.rates[i]
        copy(i, from: source, rate: state.config.clamp(state.rates[source] / state.config.factor), &state)
        state.resets += 1
        events.append(TuningReset(member: i, source: source, rateBefore: old, rate: state.rates[i],
                                  record: state.counters.learned + 1))
    }

    private func copy(_ i: Int, from source: Int, rate: Float, _ state: inout TuningState) {
        let clone = Learner(restoring: members[source].snapshot())
        var c = clone.config
        c.learningRate = rate
        clone.retune(c)
        members[i] = clone
        state.rates[i] = rate
        state.runningLoss[i] = state.runningLoss[source]
    }
}

extension LearnOutcome {
    var isLearned: Bool { if case .learned = self { true } else { false } }
    var prediction: Prediction? { if case .learned(let p) = self { p } else { nil } }
}

/// A member's cumulative prequential figures before a step, to read the step's own from.
private struct MetricMark {
    let lossSum: Double, squaredErrorSum: Double, correct: Int

    init(_ learner: Learner) {
        lossSum = learner.metrics.lossSum
        squaredErrorSum = learner.metrics.squaredErrorSum
        correct = learner.metrics.correct
    }

    /// The record's prequential loss: cross-entropy (classify) or squared error in target units (regress).
    func loss(_ learner: Learner) -> Double {
        learner.config.task == .classify ? learner.metrics.lossSum - lossSum
            : learner.metrics.squaredErrorSum - squaredErrorSum
    }

    static func meanSquaredError(_ y: [Float], _ t: [Float]) -> Float {
        var sum: Float = 0
        for (a, b) in zip(y, t) { sum += (a - b) * (a - b) }
        return sum / Float(max(1, y.count))
    }

    /// Adds the record, answered with `served`, to the served metrics; the loss is `learner`'s.
    func score(_ served: Prediction, _ learner: Learner, target: LearnTarget, into metrics: inout PrequentialMetrics) {
        switch (served, target) {
        case (.label(let predicted, _), .label(let name)):
            let actual = learner.labels.names.firstIndex(of: name)!
            metrics.recordClassification(predicted: predicted == name ? actual : nil, actual: actual,
                                         loss: Float(learner.metrics.lossSum - lossSum))
        case (.values(let values), .values(let t)):
            metrics.recordRegression(meanSquaredError: Self.meanSquaredError(values, t))
        default:
            preconditionFailure("prediction kind matches the task")
        }
    }
}
