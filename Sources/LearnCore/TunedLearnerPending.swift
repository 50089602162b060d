/// Delayed labels and live weights on a population (docs/records-and-replies.md, "Record ids";
/// docs/control-protocol.md, "weights"): one pending table for the whole population, predicted by
/// the leader; a truth learns every member. With tuning off, exactly the single learner's calls.
extension TunedLearner: PendingLearner {
    /// Predictions waiting for their labels (the population's one table).
    public internal(set) var pending: PendingTable {
        get { tuning == nil ? members[0].pending : sharedPending }
        set { if tuning == nil { members[0].pending = newValue } else { sharedPending = newValue } }
    }

    /// The delayed prequential score of the served predictions and the pending table's counts.
    public internal(set) var delayed: DelayedScore {
        get { tuning == nil ? members[0].delayed : sharedDelayed }
        set { if tuning == nil { members[0].delayed = newValue } else { sharedDelayed = newValue } }
    }

    /// Answers `x` with the leader and keeps it pending under `id`. Precondition: `x.count == config.inputs`.
    public func predictPending(id: String, features x: [Float], now: Double) -> PendingOutcome {
        keepPending(id: id, features: x, now: now)
    }

    /// The truth for the prediction pending under `id`: scores that prediction, then every member learns it.
    public func resolvePending(id: String, target: LearnTarget, now: Double) -> LearnOutcome {
        resolveEntry(id: id, target: target, now: now)
    }

    /// Drops the entries older than `config.pendingSeconds` at `now`, counting them expired.
    public func expirePending(now: Double) { expireEntries(now: now) }

    /// Moves a restored single learner's pending table and delayed score to the population's
    /// (with tuning on; the members then hold none).
    func adoptPending(_ table: PendingTable, _ score: DelayedScore) {
        pending = table
        delayed = score
        guard tuning != nil else { return }
        for m in members {
            m.pending = PendingTable()
            m.delayed = DelayedScore()
        }
    }

    /// The predicting member's model (`Learner.modelWeights`).
    public func modelWeights() -> ModelWeights { leader.modelWeights() }

    /// Loads `weights` into every member, all or nothing: every member checks them before any
    /// loads, and a refusal leaves the population as it was (`Learner.load`).
    /// - Returns: the number of the leader's parameters that changed value.
    @discardableResult
    public func load(_ weights: ModelWeights) throws(ModelWeightsError) -> Int {
        for m in members { try m.check(weights) }
        let lead = tuning?.leader ?? 0
        var changed = 0
        for (i, m) in members.enumerated() {
            let n = try m.load(weights)
            if i == lead { changed = n }
        }
        return changed
    }
}
