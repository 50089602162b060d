/// Rejection counter keys of the delayed-label path (Wire's `RejectionKind` carries the same strings).
public enum PendingRejection {
    /// The reason of an `unknown-id` rejection.
    public static func unknownReason(_ id: String) -> String {
        "no pending prediction under id \"\(id)\" (unknown, matched, expired or evicted)"
    }
}

/// What became of a prediction kept for a later label.
public enum PendingOutcome: Equatable, Sendable {
    /// Answered and kept under its id.
    case predicted(Prediction)
    /// Not kept, nothing changed (already counted); `reason` is the user's text.
    case rejected(kind: LearnerRejection, reason: String)
}

/// What the delayed-label path needs of a learner: one `Learner`, or a `TunedLearner` whose
/// population shares one table (a truth then learns every member).
protocol PendingLearner: AnyObject {
    var pending: PendingTable { get set }
    var delayed: DelayedScore { get set }
    var config: LearnerConfig { get }
    func predict(_ x: [Float]) -> Prediction?
    func learn(_ x: [Float], target: LearnTarget) -> LearnOutcome
    func countRejection(kind: String)
}

/// Predict now, learn when the truth arrives (docs/records-and-replies.md, "Record ids").
///
/// A prediction with an id is answered and its features kept in `pending` (at most
/// `config.pendingCapacity` entries, the oldest evicted first; entries older than
/// `config.pendingSeconds` expire). The truth under that id scores the prediction made then in
/// `delayed`, and the features are learned with it exactly as a labelled record (immediate
/// metrics, replay, pruning). `now` is the caller's clock in seconds; nothing here reads a clock.
extension PendingLearner {
    /// Answers `x` and keeps it pending under `id`. Precondition: `x.count == config.inputs`.
    func keepPending(id: String, features x: [Float], now: Double) -> PendingOutcome {
        expireEntries(now: now)
        if pending.contains(id) {
            countRejection(kind: LearnerRejection.duplicateID.rawValue)
            return .rejected(kind: .duplicateID,
                             reason: "id \"\(id)\" already has a pending prediction")
        }
        guard let prediction = predict(x) else {
            countRejection(kind: LearnerRejection.nonFinite.rawValue)
            return .rejected(kind: .nonFinite, reason: LearnerRejection.nonFinite.rawValue)
        }
        let entry = PendingEntry(id: id, features: x, prediction: prediction, time: now)
        delayed.countEvicted(pending.insert(entry, capacity: config.pendingCapacity))
        return .predicted(prediction)
    }

    /// The truth for the prediction pending under `id`: scores that prediction, then learns its
    /// features with `target` (the learner counts the record learned or rejected).
    func resolveEntry(id: String, target: LearnTarget, now: Double) -> LearnOutcome {
        expireEntries(now: now)
        guard let entry = pending.take(id) else {
            countRejection(kind: LearnerRejection.unknownID.rawValue)
            return .rejected(kind: .unknownID, reason: PendingRejection.unknownReason(id))
        }
        delayed.countMatched()
        let outcome = learn(entry.features, target: target)
        if case .learned = outcome { delayed.score(entry.prediction, against: target, delay: now - entry.time) }
        return outcome
    }

    /// Drops the entries older than `config.pendingSeconds` at `now`, counting them expired.
    func expireEntries(now: Double) {
        delayed.countExpired(pending.expire(before: now - config.pendingSeconds))
    }

    /// Evicts down to `config.pendingCapacity` (after a smaller capacity was set).
    func trimPending() {
        while pending.count > max(1, config.pendingCapacity), let oldest = pending.oldest {
            _ = pending.take(oldest.id)
            delayed.countEvicted(1)
        }
    }
}

extension Learner: PendingLearner {
    /// Answers `x` and keeps it pending under `id`. Precondition: `x.count == config.inputs`.
    public func predictPending(id: String, features x: [Float], now: Double) -> PendingOutcome {
        keepPending(id: id, features: x, now: now)
    }

    /// The truth for the prediction pending under `id`: scores that prediction, then learns it.
    public func resolvePending(id: String, target: LearnTarget, now: Double) -> LearnOutcome {
        resolveEntry(id: id, target: target, now: now)
    }

    /// Drops the entries older than `config.pendingSeconds` at `now`, counting them expired.
    public func expirePending(now: Double) { expireEntries(now: now) }
}

extension LearnerState {
    /// Why the pending table does not fit `config`, or nil.
    var pendingInconsistency: String? {
        let c = config
        for entry in pending.entries {
            if entry.features.count != c.inputs {
                return "pending id \"\(entry.id)\" has \(entry.features.count) features, expected \(c.inputs)"
            }
            if !entry.features.allSatisfy(\.isFinite) || !entry.time.isFinite {
                return "pending id \"\(entry.id)\" holds a non-finite value"
            }
            switch (c.task, entry.prediction) {
            case (.classify, .label): continue
            case (.regress, .values(let v)) where v.count == c.outputs: continue
            default: return "pending id \"\(entry.id)\" holds a prediction of another task or width"
            }
        }
        let d = delayed
        if d.delays.count > DelayedScore.delayWindow || d.delayNext >= DelayedScore.delayWindow
            || (d.delays.count < DelayedScore.delayWindow && d.delayNext != d.delays.count % DelayedScore.delayWindow) {
            return "delay window is inconsistent"
        }
        if d.scored > d.matched || d.correct > d.scored { return "delayed score counts are inconsistent" }
        return nil
    }
}
