import Protocol
import LearnCore
import Wire

/// Records with an id (docs/records-and-replies.md, "Record ids"): a prediction kept pending, or the
/// truth for one, possibly from another connection and any time later (LearnCore's `predictPending`,
/// `resolvePending`).
extension RecordPath {
    /// A prediction kept pending under `id`, or the truth for one. `countingPrediction`: count the
    /// answered prediction as a predicted record (wire records; `learnd stream --delay` does not,
    /// since its predictions are of labelled records it learns later).
    public func processIdentified(_ record: Record, id: String, now: Double, countingPrediction: Bool) -> RecordResult {
        if record.isTruth { return resolve(record.target, id: id, now: now) }
        guard record.target == .none else { return rejected(RecordParser.bothProblem(id)) }
        if let refusal = refusal(width: record.features.count) { return rejected(refusal) }
        let learner = learnerFor(width: record.features.count)
        guard record.features.count == learner.config.inputs else {
            let expected = learner.config.inputs
            return rejected(Rejection(.width, "expected \(expected) features, got \(record.features.count)"))
        }
        switch learner.predictPending(id: id, features: record.features, now: now) {
        case .predicted(let prediction):
            if countingPrediction { learner.countPrediction() }
            return .predicted(prediction)
        case .rejected(let kind, let reason):
            return .rejected(Rejection(RejectionKind(kind), reason))
        }
    }

    /// Drops the pending predictions that outlived `labels.pending_seconds` at `now`.
    public func expirePending(now: Double) { learner?.expirePending(now: now) }

    private func resolve(_ target: RecordTarget, id: String, now: Double) -> RecordResult {
        let learnTarget: LearnTarget
        switch target {
        case .label(let name): learnTarget = .label(name)
        case .values(let values): learnTarget = .values(values)
        case .none: return rejected(.init(.parse, "the truth for id \"\(id)\" has no label"))
        }
        guard let learner else { return rejected(Rejection(.unknownId, PendingRejection.unknownReason(id))) }
        return outcome(learner.resolvePending(id: id, target: learnTarget, now: now))
    }
}

extension LabelsFigures {
    /// The figures of `learner`'s pending table and delayed score.
    public init(_ learner: TunedLearner) {
        self.init()
        let d = learner.delayed
        (pending, capacity) = (learner.pending.count, learner.config.pendingCapacity)
        (matched, expired, evicted) = (d.matched, d.expired, d.evicted)
        delayedScore = learner.config.task == .classify ? d.accuracy : d.rmse
        let q = d.delayQuantiles([0.5, 0.99])
        (delayMedian, delayP99) = (q[0], q[1])
    }
}
