/// The served answer of a self-tuning learner: its members' prequential predictions for a record,
/// each weighted by 1 / its running loss (all equal before any loss is known). Runs for every
/// record, so it allocates nothing beyond the answer (the members are few: loops over them).
extension TunedLearner {
    /// Combines the predictions of the members that learned the record (`outcomes`, one per member).
    /// Classify: each member's top class gets weight × its confidence; the class with the most wins
    /// (ties: the smaller name; with two classes this is the weighted mean of the probabilities).
    /// Regress: the weighted mean over the members trusted beside `answered` (the member the answer
    /// falls back to, normally the leader, which learned the record): a running loss at most twice
    /// the best's, and every output within 3 running RMSEs of `answered`'s, so a member that
    /// diverges on this record cannot move the answer.
    func combine(_ outcomes: [LearnOutcome], answered: Int, _ state: TuningState) -> Prediction {
        switch outcomes[answered].prediction! {
        case .label: vote(outcomes, state)
        case .values(let anchor): mean(anchor, outcomes, answered: answered, state)
        }
    }

    private func vote(_ outcomes: [LearnOutcome], _ state: TuningState) -> Prediction {
        var best: (name: String, votes: Float)?, total: Float = 0
        for i in outcomes.indices {
            guard case .learned(.label(let name?, _)) = outcomes[i] else { continue }
            total += state.weight(member: i)
            if best?.name == name { continue }
            // The class's votes, weight × confidence summed in member order.
            var votes: Float = 0
            for k in outcomes.indices {
                guard case .learned(.label(name?, let confidence)) = outcomes[k] else { continue }
                votes += state.weight(member: k) * confidence
            }
            if let b = best, votes < b.votes || (votes == b.votes && name > b.name) { continue }
            best = (name, votes)
        }
        guard let best else { return .label(nil, confidence: 0) }
        return .label(best.name, confidence: best.votes / total)
    }

    private func mean(_ anchor: [Float], _ outcomes: [LearnOutcome], answered: Int,
                      _ state: TuningState) -> Prediction {
        var sum = [Float](repeating: 0, count: anchor.count), total: Float = 0
        for i in outcomes.indices {
            guard case .learned(.values(let v)) = outcomes[i], isTrusted(i, v, anchor, answered: answered, state)
            else { continue }
            let w = state.weight(member: i)
            for j in v.indices { sum[j] += w * v[j] }
            total += w
        }
        for j in sum.indices { sum[j] /= total }
        return .values(sum)
    }

    /// Whether member `i`'s regression outputs `v` may join `anchor` (`answered`'s) in the mean.
    private func isTrusted(_ i: Int, _ v: [Float], _ anchor: [Float], answered: Int, _ state: TuningState) -> Bool {
        if i == answered { return true }
        let own = state.runningLoss[answered]
        guard own.isFinite else { return false }
        var best = own
        for loss in state.runningLoss where loss.isFinite && loss < best { best = loss }
        guard state.runningLoss[i] <= 2 * best else { return false }
        let reach = Float(3 * own.squareRoot())
        for j in v.indices where !(abs(v[j] - anchor[j]) <= reach) { return false }
        return true
    }
}

extension TuningState {
    /// 1 / running loss (1 before the member's first loss; a zero loss counts as 1e-12).
    func weight(member i: Int) -> Float {
        let loss = runningLoss[i]
        return loss.isNaN ? 1 : Float(1 / max(loss, 1e-12))
    }
}
