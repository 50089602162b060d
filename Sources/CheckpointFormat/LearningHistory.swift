/// The learning curves a running learnd samples (every 2 s on its status tick) and carries in its checkpoints
/// (section `HIST`), so that a restarted daemon, and `learnctl plot --checkpoint`, still have them.
///
/// A plain value: no clock is read here. NaN in a sample's measurements means "not available" (e.g. a rate
/// before the second sample); every other value is finite.
public struct LearningHistory: Equatable, Sendable {
    /// One sample of the learner's progress.
    public struct Sample: Equatable, Sendable {
        /// When it was taken, seconds since 1970-01-01T00:00:00Z.
        public var unixSeconds: Int64
        /// Records learned so far (the learner's counter, restored with a checkpoint).
        public var learned: Int
        /// Records processed per second (learned, predicted or rejected), over the last ~10 s; ≥ 0.
        public var recordsPerSecond: Double
        /// Prequential accuracy (classify, 0...1) or RMSE (regress, ≥ 0) over everything learned.
        public var score: Double
        /// The same over the recent window (`metrics.recent_window` records).
        public var recentScore: Double
        /// Mean prequential loss, ≥ 0.
        public var loss: Double
        /// Fraction of weights pruned, 0...1.
        public var sparsity: Double
        /// Drift detections so far.
        public var driftEvents: Int

        public init(unixSeconds: Int64, learned: Int, recordsPerSecond: Double, score: Double, recentScore: Double,
                    loss: Double, sparsity: Double, driftEvents: Int) {
            self.unixSeconds = unixSeconds
            self.learned = learned
            self.recordsPerSecond = recordsPerSecond
            self.score = score
            self.recentScore = recentScore
            self.loss = loss
            self.sparsity = sparsity
            self.driftEvents = driftEvents
        }
    }

    /// A checkpoint written: when, and how many records the learner had learned.
    public struct CheckpointMark: Equatable, Sendable {
        public var unixSeconds: Int64
        public var learned: Int

        public init(unixSeconds: Int64, learned: Int) {
            self.unixSeconds = unixSeconds
            self.learned = learned
        }
    }

    /// Most samples, and most checkpoint marks, a checkpoint may hold (the daemon keeps far fewer).
    public static let maxEntries = Limits.historyEntries

    /// Seconds between two samples (finite, > 0, at most a day).
    public var periodSeconds: Double
    /// Oldest first.
    public var samples: [Sample]
    /// Checkpoints written, oldest first.
    public var checkpoints: [CheckpointMark]

    public init(periodSeconds: Double, samples: [Sample] = [], checkpoints: [CheckpointMark] = []) {
        self.periodSeconds = periodSeconds
        self.samples = samples
        self.checkpoints = checkpoints
    }
}
