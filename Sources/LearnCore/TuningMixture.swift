/// The served answer of a self-tuning learner: its members' prequential predictions for a record,
/// each weighted by 1 / its running loss (all equal before any loss is known).
extension TunedLearner {
    /// Classify: each member's top class gets weight × its confidence; the class with the most wins
    /// (with two classes this is the weighted mean of the probabilities). Regress: the weighted mean
    /// over the members trusted beside `answered` (the member the answer falls back to, normally the
    /// leader): a running loss at most twice the best's, and every output within 3 running RMSEs of
    /// `answered`'s, so a member that diverges on this record cannot move the answer.
    func combine(_ predictions: [(Prediction, Int)], answered: Int, _ state: TuningState) -> Prediction {
        let weights = predictions.map { state.weight(member: $0.1) }
        switch predictions.first(where: { $0.1 == answered })?.0 ?? predictions[0].0 {
        case .label:
            var votes: [String: Float] = [:], total: Float = 0
            for ((prediction, _), w) in zip(predictions, weights) {
                guard case .label(let name?, let confidence) = prediction else { continue }
                votes[name, default: 0] += w * confidence
                total += w
            }
            guard let best = votes.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })
            else { return .label(nil, confidence: 0) }
            return .label(best.key, confidence: best.value / total)
        case .values(let anchor):
            let trusted = trust(anchor, predictions, answered: answered, state)
            var sum = [Float](repeating: 0, count: anchor.count), total: Float = 0
            for ((prediction, i), w) in zip(predictions, weights) where trusted.contains(i) {
                guard case .values(let v) = prediction else { continue }
                for j in v.indices { sum[j] += w * v[j] }
                total += w
            }
            return .values(sum.map { $0 / total })
        }
    }

    /// The members whose regression outputs may join `anchor` (`answered`'s) in the mean.
    private func trust(_ anchor: [Float], _ predictions: [(Prediction, Int)], answered: Int,
                       _ state: TuningState) -> Set<Int> {
        let own = state.runningLoss[answered]
        guard own.isFinite else { return [answered] }
        let best = state.runningLoss.filter(\.isFinite).min() ?? own
        let reach = Float(3 * own.squareRoot())
        var trusted: Set<Int> = [answered]
        for (prediction, i) in predictions where i != answered && state.runningLoss[i] <= 2 * best {
            guard case .values(let v) = prediction, zip(v, anchor).allSatisfy({ abs($0 - $1) <= reach }) else {
                continue
            }
            trusted.insert(i)
        }
        return trusted
    }
}

extension TuningState {
    /// 1 / running loss (1 before the member's first loss; a zero loss counts as 1e-12).
    func weight(member i: Int) -> Float {
        let loss = runningLoss[i]
        return loss.isNaN ? 1 : Float(1 / max(loss, 1e-12))
    }
}
