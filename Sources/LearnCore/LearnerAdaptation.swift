/// After a successful step: memory protection's bookkeeping and the answers to drift.
extension Learner {
    /// SI/EWC evidence from the step just taken, then a consolidation if the loss plateaued after
    /// a rise and `protectMinInterval` records have passed since the last one.
    func protect(recordLoss: Float) {
        protection.accumulate(gradient: unpenalizedGradient, after: network.parameters, before: scratch.parameters)
        if protection.trigger.observe(recordLoss) && consolidationAllowed {
            protection.consolidate(parameters: network.parameters, learned: counters.learned)
            protection.trigger.consolidated()
        }
    }

    /// Feeds the record's prequential error to the detector and answers a detection with the
    /// configured actions. `newClass`: the record was the first of its class.
    func adapt(error: Double, newClass: Bool) {
        let record = counters.learned - 1
        if newClass { drift.lastNewClass = record }
        drift.stepBoost()
        guard let event = drift.observe(error, record: record) else { return }
        let actions = config.driftActions
        if actions.contains(.consolidate) && protection.kind != .none && consolidationAllowed {
            protection.consolidate(parameters: network.parameters, learned: counters.learned)
        }
        guard event.rise else { return }
        if actions.contains(.boostLR) { drift.boostRemaining = config.driftBoostRecords }
        let followsNewClass = drift.lastNewClass >= 0 && record - drift.lastNewClass < DriftMonitor.noveltyWindow
        if actions.contains(.refreshReplay) && !followsNewClass {
            reservoir.refresh(keeping: config.driftReplayKeep, rng: &rng)
        }
    }

    /// Consolidates now: folds the evidence gathered so far into the importance and re-anchors
    /// (no-op without protection). For tests and for a caller that knows where a task ends.
    public func consolidate() {
        guard protection.kind != .none else { return }
        protection.consolidate(parameters: network.parameters, learned: counters.learned)
    }

    private var consolidationAllowed: Bool {
        counters.learned - protection.lastConsolidation >= config.protectMinInterval
    }
}
