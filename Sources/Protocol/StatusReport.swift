import Wire

/// The `status` reply as a value (docs/status-keys.md): learnd encodes it with `json`, a client
/// decodes it with `init(json:)`.
public struct StatusReport: Equatable, Sendable {
    public struct Records: Equatable, Sendable {
        public var read = 0, learned = 0, predicted = 0, rejected = 0, queued = 0
        /// Learned records kept out of the feature statistics as extreme (over 1000 σ): `records.outliers`.
        public var outliers = 0
        /// Rejections per `RejectionKind` raw value (a newer learnd may send kinds this build lacks).
        public var rejectedByKind: [String: Int] = [:]
        public init() {}
    }

    /// Classify: prequential accuracy, overall and recent, and the class names; regress: RMSE.
    public enum Score: Equatable, Sendable {
        case classify(accuracy: Double, recentAccuracy: Double, classes: [String])
        case regress(rmse: Double, recentRMSE: Double)
    }

    /// The `drift` object, shared with the stream report and inspect.
    public typealias Drift = DriftFigures

    public struct Checkpoint: Equatable, Sendable {
        public var lastPath: String?, ageSeconds: Double?
        public var bytes = 0, writeMilliseconds = 0.0, written = 0, failed = 0
        public var lastError: String?
        public init() {}
    }

    public struct Connections: Equatable, Sendable {
        public var ingest = 0, ingestTotal = 0, control = 0, controlRefused = 0, bufferedBytes = 0, budgetBytes = 0
        public init() {}
    }

    /// `kernel`: the layer kernels chosen at start for this CPU (`avx512`, `avx2-fma`, `sse2`, `portable`).
    public var kernel = ""
    public var version = "", uptimeSeconds = 0.0, rssBytes: Int?
    public var shape: [Int] = [], task = "classify"
    public var records = Records()
    public var recordsPerSecond = 0.0, learningRate = 0.0
    /// The self-tuning step size (`tuning`).
    public var tuning = TuningFigures()
    public var score = Score.classify(accuracy: 0, recentAccuracy: 0, classes: [])
    public var loss = 0.0
    public var replaySize = 0, replayCapacity = 0
    /// Classify: items in the replay memory per class name.
    public var replayClasses: [String: Int] = [:]
    public var sparsity = 0.0, sparsityPerLayer: [Double] = []
    public var drift = Drift()
    /// Predictions with an id and their later labels (`labels`).
    public var labels = LabelsFigures()
    public var checkpoint = Checkpoint()
    public var connections = Connections()
    public var repliesDropped = 0
    public var history = StatusHistory()

    public init() {}
}

extension StatusReport {
    /// The reply object, keys in documented order.
    public var json: JSON {
        var pairs: [(String, JSON)] = [
            ("ok", true), ("version", .string(version)), ("kernel", .string(kernel)),
            ("uptime_seconds", .number(uptimeSeconds)),
            ("rss_bytes", rssBytes.map(Self.int) ?? .null),
            ("model", .object([("shape", .array(shape.map(Self.int))), ("task", .string(task))])),
            ("records", .object([
                ("read", Self.int(records.read)), ("learned", Self.int(records.learned)),
                ("predicted", Self.int(records.predicted)), ("rejected", Self.int(records.rejected)),
                ("queued", Self.int(records.queued)), (ReportKey.rejectedByKind, Self.counts(records.rejectedByKind)),
                ("outliers", Self.int(records.outliers)),
            ])),
            ("records_per_second", .number(recordsPerSecond)), ("learning_rate", .number(learningRate)),
            (ReportKey.tuning, tuning.json),
        ]
        switch score {
        case .classify(let accuracy, let recent, let classes):
            pairs += [("accuracy", .number(accuracy)), ("recent_accuracy", .number(recent)),
                      ("classes", .array(classes.map { .string($0) }))]
        case .regress(let rmse, let recent):
            pairs += [("rmse", .number(rmse)), ("recent_rmse", .number(recent))]
        }
        let c = checkpoint, n = connections
        pairs += [
            ("loss", .number(loss)),
            ("replay", .object([("size", Self.int(replaySize)), ("capacity", Self.int(replayCapacity)),
                                ("classes", Self.counts(replayClasses))])),
            ("sparsity", .number(sparsity)), ("sparsity_per_layer", .array(sparsityPerLayer.map { .number($0) })),
            (ReportKey.drift, drift.json),
            (ReportKey.labels, labels.json(classify: task != "regress")),
            ("checkpoint", .object([
                ("last_path", c.lastPath.map { .string($0) } ?? .null), ("age_seconds", c.ageSeconds.map { .number($0) } ?? .null),
                ("bytes", Self.int(c.bytes)), ("write_milliseconds", .number(c.writeMilliseconds)),
                ("written", Self.int(c.written)), ("failed", Self.int(c.failed)),
                ("last_error", c.lastError.map { .string($0) } ?? .null),
            ])),
            ("connections", .object([
                ("ingest", Self.int(n.ingest)), ("ingest_total", Self.int(n.ingestTotal)), ("control", Self.int(n.control)),
                ("control_refused", Self.int(n.controlRefused)), ("buffered_bytes", Self.int(n.bufferedBytes)),
                ("budget_bytes", Self.int(n.budgetBytes)),
            ])),
            ("replies_dropped", Self.int(repliesDropped)), ("history", history.json(classify: task != "regress")),
        ]
        return .object(pairs)
    }

    private static func int(_ value: Int) -> JSON { ReportJSON.int(value) }
    private static func counts(_ table: [String: Int]) -> JSON { ReportJSON.counts(table) }
}
