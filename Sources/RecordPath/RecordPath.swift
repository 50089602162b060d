import LearnCore
import Wire

/// What became of one record on the record path.
public enum RecordResult: Equatable, Sendable {
    /// Learned (a labelled record).
    case learned
    /// Answered (a predict-only record); its prediction goes back to the producer.
    case predicted(Prediction)
    /// Not learned, nothing changed; the rejection goes back to the producer.
    case rejected(Rejection)
}

/// The one path of a parsed line to the learner, shared by `learnd stream` and `learnd serve`
/// (docs/records-and-replies.md): a labelled record is learned, a predict-only record answered, a
/// bad one rejected and counted by kind.
///
/// With the input width "auto" there is no learner until the first valid record fixes the width;
/// rejections before it are counted here and handed to the learner when it is built, so that
/// its counters account for every record. Not thread-safe: one owner (the learner thread).
public final class RecordPath {
    /// The learner, nil while the width is "auto" and no valid record came yet.
    public private(set) var learner: TunedLearner?
    /// The configuration a learner built here starts from (its `inputs` is set from the record).
    public var template: LearnerConfig
    /// Rejections counted before the learner exists.
    public private(set) var early = Counters()
    /// Why a model of this many inputs may not be built (it would need more than `model.max_memory`), nil
    /// when it may: asked when the first valid record fixes an "auto" width.
    let fits: (Int) -> String?

    public init(template: LearnerConfig, learner: TunedLearner?, fits: @escaping (Int) -> String? = { _ in nil }) {
        self.template = template
        self.learner = learner
        self.fits = fits
    }

    /// The counters of every record so far (the learner's, or the early ones before it exists).
    public var counters: Counters { learner?.counters ?? early }

    /// Learns, predicts or rejects one valid record. `now` (seconds, the caller's clock) times the
    /// predictions kept for a later label (records with an id, PendingPath.swift).
    public func process(_ record: Record, now: Double = 0) -> RecordResult {
        if let id = record.id { return processIdentified(record, id: id, now: now, countingPrediction: true) }
        if let refusal = refusal(width: record.features.count) { return rejected(refusal) }
        let learner = learnerFor(width: record.features.count)
        guard record.features.count == learner.config.inputs else {
            return rejected(Rejection(.width, "expected \(learner.config.inputs) features, got \(record.features.count)"))
        }
        switch record.target {
        case .none:
            guard let prediction = learner.predict(record.features) else {
                return rejected(Rejection(.nonFinite, RejectionKind.nonFinite.rawValue))
            }
            learner.countPrediction()
            return .predicted(prediction)
        case .label(let name): return outcome(learner.learn(record.features, target: .label(name)))
        case .values(let values): return outcome(learner.learn(record.features, target: .values(values)))
        }
    }

    /// Counts a line the parser rejected and passes the rejection on.
    public func rejected(_ rejection: Rejection) -> RecordResult {
        if let learner { learner.countRejection(kind: rejection.kind.rawValue) } else {
            early.countRejection(kind: rejection.kind.rawValue)
        }
        return .rejected(rejection)
    }

    /// Replaces the learner (a restored checkpoint).
    public func adopt(_ restored: TunedLearner) { learner = restored }

    /// The learner has already counted its own rejection (LearnCore's `LearnOutcome`).
    func outcome(_ o: LearnOutcome) -> RecordResult {
        switch o {
        case .learned: return .learned
        case .rejected(let kind, let reason): return .rejected(Rejection(RejectionKind(kind), reason))
        }
    }

    /// A width rejection when no learner exists yet and one of `width` inputs would not fit (`fits`).
    func refusal(width: Int) -> Rejection? {
        guard learner == nil, let problem = fits(width) else { return nil }
        return Rejection(.width, "a model of \(width) inputs cannot be built: \(problem)")
    }

    func learnerFor(width: Int) -> TunedLearner {
        if let learner { return learner }
        let made = TunedLearner(config: template.with(inputs: width))
        for (kind, n) in early.rejectedByKind { for _ in 0..<n { made.countRejection(kind: kind) } }
        learner = made
        return made
    }
}

extension LearnerConfig {
    /// This configuration with another input width.
    public func with(inputs: Int) -> LearnerConfig { var c = self; c.inputs = inputs; return c }
}
