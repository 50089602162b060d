/// A self-tuning learner's population as values: the tuner's state and every member's full state
/// (what the checkpoint's `TUNE` section holds beside the leader's sections).
public struct TunerSnapshot: Equatable, Sendable {
    public var tuning: TuningState
    /// Each member's own state (its own metrics and counters), in member order; none has a tuner.
    public var members: [LearnerState]

    public init(tuning: TuningState, members: [LearnerState]) {
        self.tuning = tuning
        self.members = members
    }

    /// Why this population cannot continue beside `served` (the leader's sections), or nil.
    func inconsistency(served: LearnerState) -> String? {
        if let problem = tuning.config.problem ?? tuning.inconsistency(memberCount: members.count) { return problem }
        for (i, m) in members.enumerated() {
            if m.tuner != nil { return "tuning member \(i) holds a population of its own" }
            if let problem = m.inconsistency { return "tuning member \(i): \(problem)" }
            if !m.config.newModelSettings(toBecome: served.config).isEmpty {
                return "tuning member \(i)'s model differs from the checkpoint's"
            }
            if m.labels.names != served.labels.names { return "tuning member \(i)'s classes differ from the checkpoint's" }
            if !m.pending.isEmpty || !m.delayed.isEmpty {
                return "tuning member \(i) holds pending predictions (the population keeps one table)"
            }
        }
        return nil
    }
}

extension TunedLearner {
    /// A snapshot of the whole state (cheap: copy-on-write): with tuning on, the leader's state with
    /// the served metrics and counters and the population in `tuner`; with tuning off, the one
    /// learner's snapshot exactly.
    public func snapshot() -> LearnerState {
        guard let tuning else { return members[0].snapshot() }
        var state = leader.snapshot()
        state.metrics = tuning.metrics
        state.counters = tuning.counters
        (state.pending, state.delayed) = (sharedPending, sharedDelayed)
        state.tuner = TunerSnapshot(tuning: tuning, members: members.map { $0.snapshot() })
        return state
    }

    /// A learner continuing from `state` (precondition: `state.inconsistency == nil`). With a
    /// population in the state and tuning "auto", that population; with tuning "off", its leader
    /// alone; without one, the single learner (a fresh population around it with "auto"). The
    /// state's pending table and delayed score become the population's one table.
    public convenience init(restoring state: LearnerState, tuning: TuningConfig) {
        if let tuner = state.tuner {
            if tuning.mode == .auto {
                self.init(members: tuner.members.map { Learner(restoring: $0) }, tuning: tuner.tuning)
            } else {
                self.init(members: [Learner(restoring: tuner.members[tuner.tuning.leader])], tuning: nil)
            }
            adoptPending(state.pending, state.delayed)
            return
        }
        var single = state
        single.tuner = nil
        self.init(restoring: Learner(restoring: single), tuning: tuning)
    }
}
