import Wire

/// What `learnctl inspect` says about a checkpoint file, as a value: `json` is `--json`
/// (docs/status-keys.md names the shared keys), `init(json:)` reads it back. The record counters
/// and the drift object are the ones the stream report and `status` carry (one name per fact).
public struct CheckpointSummary: Equatable, Sendable {
    public var file = ""
    public var formatVersion = 0, fileBytes = 0, containerBytes = 0
    /// When it was written (Unix seconds, and as UTC text) and by which learnd.
    public var createdUnixSeconds = 0, created = "", learndVersion = ""
    public var model = Model()
    public var records = RecordCounts()
    /// Class names in slot order, and the number of slots.
    public var labels: [String] = [], labelCapacity = 0
    public var sparsity = 0.0, sparsityPerLayer: [Double] = []
    /// Whether the network carries pruning masks.
    public var pruned = false
    public var replay = Replay()
    public var metrics = Metrics()
    public var drift = DriftFigures()
    public var protection = Protection()
    /// The learning history the checkpoint carries, if any.
    public var history: History?
    public var sections: [NamedCount] = []
    /// The configuration text saved with the checkpoint.
    public var configText = ""

    public init() {}

    public struct Model: Equatable, Sendable {
        public var widths: [Int] = [], task = "classify", activation = "", optimizer = ""
        public var learningRate = 0.0, parameters = 0, optimizerSteps = 0
        public init() {}
    }

    /// The replay memory: items held, its size, records offered; items per class in slot order (classify).
    public struct Replay: Equatable, Sendable {
        public var count = 0, capacity = 0, seen = 0, policy = ""
        public var classHistogram: [NamedCount] = []
        public init() {}
    }

    /// The prequential metrics: records scored, recent window, mean loss and the score.
    public struct Metrics: Equatable, Sendable {
        public var count = 0, window = 0, meanLoss = 0.0
        public var score = Score.regress(rmse: 0, recentRMSE: 0)
        public init() {}
    }

    /// Classify: prequential accuracy overall and recent, and per class (slot order); regress: RMSE.
    public enum Score: Equatable, Sendable {
        case classify(accuracy: Double, recentAccuracy: Double, perClass: [ClassScore])
        case regress(rmse: Double, recentRMSE: Double)
    }

    public struct ClassScore: Equatable, Sendable {
        public var name: String, seen: Int, correct: Int, accuracy: Double
        public init(name: String, seen: Int, correct: Int, accuracy: Double) {
            (self.name, self.seen, self.correct, self.accuracy) = (name, seen, correct, accuracy)
        }
    }

    /// The weight protection: `none`, `ewc`, ...; consolidations so far.
    public struct Protection: Equatable, Sendable {
        public var kind = "none", consolidations = 0
        public init() {}
    }

    /// The history section: sample period, samples and checkpoint marks kept, first and last sample time.
    public struct History: Equatable, Sendable {
        public var periodSeconds = 0.0, samples = 0, checkpoints = 0
        public var firstUnixSeconds: Int?, lastUnixSeconds: Int?
        public init() {}
    }
}

extension CheckpointSummary {
    /// The `--json` object, keys in documented order.
    public var json: JSON {
        let int = ReportJSON.int
        return .object([
            ("file", .string(file)), ("valid", true), ("format_version", int(formatVersion)),
            ("file_bytes", int(fileBytes)), ("container_bytes", int(containerBytes)),
            ("created_unix_seconds", int(createdUnixSeconds)), ("created", .string(created)),
            ("learnd_version", .string(learndVersion)), ("model", model.json), ("records", .object(records.pairs)),
            ("labels", .array(labels.map { .string($0) })), ("label_capacity", int(labelCapacity)),
            ("sparsity", .number(sparsity)), ("sparsity_per_layer", .array(sparsityPerLayer.map { .number($0) })),
            ("pruned", .bool(pruned)), ("replay", replay.json), ("metrics", metrics.json), (ReportKey.drift, drift.json),
            ("protection", .object([("kind", .string(protection.kind)), ("consolidations", int(protection.consolidations))])),
            ("history", history?.json ?? .null),
            ("sections", .array(sections.map { .object([("tag", .string($0.name)), ("bytes", int($0.count))]) })),
            ("config_text", .string(configText)),
        ])
    }
}

extension CheckpointSummary.Model {
    var json: JSON {
        .object([
            ("widths", .array(widths.map(ReportJSON.int))), ("task", .string(task)), ("activation", .string(activation)),
            ("optimizer", .string(optimizer)), ("learning_rate", .number(learningRate)),
            ("parameters", ReportJSON.int(parameters)), ("optimizer_steps", ReportJSON.int(optimizerSteps)),
        ])
    }
}

extension CheckpointSummary.Replay {
    var json: JSON {
        .object([
            ("count", ReportJSON.int(count)), ("capacity", ReportJSON.int(capacity)), ("seen", ReportJSON.int(seen)),
            ("policy", .string(policy)),
            ("class_histogram", .object(classHistogram.map { ($0.name, ReportJSON.int($0.count)) })),
        ])
    }
}

extension CheckpointSummary.Metrics {
    var json: JSON {
        var members: [(String, JSON)] = [("count", ReportJSON.int(count)), ("window", ReportJSON.int(window)),
                                         ("mean_loss", .number(meanLoss))]
        switch score {
        case .classify(let accuracy, let recent, let perClass):
            members += [("prequential_accuracy", .number(accuracy)), ("recent_accuracy", .number(recent))]
            members.append(("per_class", .object(perClass.map { c in
                (c.name, .object([("seen", ReportJSON.int(c.seen)), ("correct", ReportJSON.int(c.correct)),
                                  ("accuracy", .number(c.accuracy))]))
            })))
        case .regress(let rmse, let recent):
            members += [("prequential_rmse", .number(rmse)), ("recent_rmse", .number(recent))]
        }
        return .object(members)
    }
}

extension CheckpointSummary.History {
    var json: JSON {
        .object([("period_seconds", .number(periodSeconds)), ("samples", ReportJSON.int(samples)),
                 ("checkpoints", ReportJSON.int(checkpoints)),
                 ("first_unix_seconds", ReportJSON.optional(firstUnixSeconds.map(Double.init))),
                 ("last_unix_seconds", ReportJSON.optional(lastUnixSeconds.map(Double.init)))])
    }
}
