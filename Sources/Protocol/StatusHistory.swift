import Wire

/// The `history` object of `status` (docs/status-keys.md, `history.*`): learnd's periodic samples
/// of the learner's progress and the checkpoints written, which `learnctl watch` and `plot` draw.
/// The encoder writes the values as given; learnd rounds them before (fractions to 6 decimals,
/// rates to 2) to keep replies small.
public struct StatusHistory: Equatable, Sendable {
    /// Seconds between two samples, and samples kept at most.
    public var periodSeconds = 2.0, capacity = 0
    /// Oldest first.
    public var samples: [Sample] = []
    /// Checkpoints written, oldest first.
    public var checkpoints: [CheckpointMark] = []

    public init() {}

    /// One sample; a value not available (a score before the first record is learned) is nil (`null`).
    public struct Sample: Equatable, Sendable {
        public var unixSeconds = 0, learned = 0
        public var recordsPerSecond: Double?
        /// Accuracy (classify) or RMSE (regress), overall and recent.
        public var score: Double?, recentScore: Double?
        public var loss: Double?, sparsity: Double?
        /// Drift detections so far (`drift_detections`).
        public var driftDetections = 0
        public init() {}
    }

    public struct CheckpointMark: Equatable, Sendable {
        public var unixSeconds = 0, learned = 0
        public init(unixSeconds: Int, learned: Int) {
            (self.unixSeconds, self.learned) = (unixSeconds, learned)
        }
    }

    /// The object; a sample's scores are `accuracy`, `recent_accuracy` (classify) or `rmse`, `recent_rmse`.
    public func json(classify: Bool) -> JSON {
        let (scoreKey, recentKey) = Self.scoreKeys(classify: classify)
        let int = ReportJSON.int, optional: (Double?) -> JSON = ReportJSON.optional
        return .object([
            ("period_seconds", .number(periodSeconds)), ("capacity", int(capacity)),
            ("samples", .array(samples.map { s in
                .object([
                    ("unix_seconds", int(s.unixSeconds)), ("learned", int(s.learned)),
                    ("records_per_second", optional(s.recordsPerSecond)),
                    (scoreKey, optional(s.score)), (recentKey, optional(s.recentScore)),
                    ("loss", optional(s.loss)), ("sparsity", optional(s.sparsity)),
                    (ReportKey.sampleDriftDetections, int(s.driftDetections)),
                ])
            })),
            ("checkpoints", .array(checkpoints.map {
                .object([("unix_seconds", int($0.unixSeconds)), ("learned", int($0.learned))])
            })),
        ])
    }

    static func scoreKeys(classify: Bool) -> (String, String) {
        classify ? ("accuracy", "recent_accuracy") : ("rmse", "recent_rmse")
    }

    /// The `history` object `r` reads.
    init(_ r: ReportReader, classify: Bool) throws(ReportError) {
        self.init()
        let (scoreKey, recentKey) = Self.scoreKeys(classify: classify)
        periodSeconds = try r.double("period_seconds")
        capacity = try r.int("capacity")
        for item in try r.items("samples") {
            var s = Sample()
            (s.unixSeconds, s.learned) = (try item.int("unix_seconds"), try item.int("learned"))
            s.recordsPerSecond = try item.optionalDouble("records_per_second")
            s.score = try item.optionalDouble(scoreKey)
            s.recentScore = try item.optionalDouble(recentKey)
            s.loss = try item.optionalDouble("loss")
            s.sparsity = try item.optionalDouble("sparsity")
            s.driftDetections = try item.int(ReportKey.sampleDriftDetections)
            samples.append(s)
        }
        for item in try r.items("checkpoints") {
            checkpoints.append(CheckpointMark(unixSeconds: try item.int("unix_seconds"), learned: try item.int("learned")))
        }
    }
}
