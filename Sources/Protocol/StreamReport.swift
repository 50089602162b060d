import Wire

/// The `learnd stream` report as a value (`--report json`, docs/records-and-replies.md): the runner
/// encodes it with `json`, a script or test decodes it with `init(json:)`. The drift, labels and
/// tuning objects are the ones `status` sends (one name per fact).
public struct StreamReport: Equatable, Sendable {
    /// Records read (`records`): every one is learned, predicted or rejected.
    public var total = 0
    public var counts = RecordCounts()
    /// `classify` or `regress`.
    public var task = "classify"
    /// Prequential score over the whole run and the recent window; the class names (classify).
    public var score = StatusReport.Score.classify(accuracy: 0, recentAccuracy: 0, classes: [])
    /// Mean prequential loss (`prequential_loss`).
    public var loss = 0.0
    public var shape: [Int] = []
    /// The layer kernels in use (`avx512`, `avx2-fma`, `sse2`, `portable`).
    public var kernel = ""
    public var sparsity = 0.0, sparsityPerLayer: [Double] = []
    public var replaySize = 0, replayCapacity = 0
    public var drift = DriftFigures()
    /// Consolidations of the weight protection.
    public var consolidations = 0
    /// Wall-clock seconds of the run, and records read per second.
    public var seconds = 0.0, recordsPerSecond = 0.0
    public var evaluations: [Evaluation] = []
    public var stages: [Stage] = []
    /// Present when the stages brought new classes and each eval file was scored after each stage.
    public var continual: [Continual] = []
    /// Present when records carried ids.
    public var labels: LabelsFigures?
    public var tuning = TuningFigures()

    public init() {}

    public var classify: Bool { task != "regress" }

    /// One evaluation on an eval file, after `afterRecords` records (and after input file
    /// `afterFile` at a stage boundary).
    public struct Evaluation: Equatable, Sendable {
        public var afterRecords = 0, afterFile: String?, file = ""
        public var score = EvaluationScore.regress(rmse: 0)
        public init() {}
    }

    /// Classify: accuracy overall and per class name; regress: RMSE.
    public enum EvaluationScore: Equatable, Sendable {
        case classify(accuracy: Double, perClass: [String: Double])
        case regress(rmse: Double)
    }

    /// One input file: the records it had learned and their own prequential score (nil when none
    /// was learned), and the classes it brought.
    public struct Stage: Equatable, Sendable {
        public var file = "", learned = 0, score: Double?, newClasses: [String] = []
        public init() {}
    }

    /// The continual-learning metrics of one eval file (README, "Continual learning").
    public struct Continual: Equatable, Sendable {
        public var file = "", tasks: [[String]] = [], accuracyMatrix: [[Double]] = []
        public var averageAccuracy = 0.0, backwardTransfer = 0.0, averageForgetting = 0.0
        public init() {}
    }
}

extension StreamReport {
    /// The report object, keys in documented order.
    public var json: JSON {
        var pairs: [(String, JSON)] = [("records", ReportJSON.int(total))] + counts.pairs + [("task", .string(task))]
        switch score {
        case .classify(let accuracy, let recent, let classes):
            pairs += [("prequential_accuracy", .number(accuracy)), ("recent_accuracy", .number(recent)),
                      ("classes", .array(classes.map { .string($0) }))]
        case .regress(let rmse, let recent):
            pairs += [("prequential_rmse", .number(rmse)), ("recent_rmse", .number(recent))]
        }
        pairs += [
            ("prequential_loss", .number(loss)), ("shape", .array(shape.map(ReportJSON.int))),
            ("kernel", .string(kernel)), ("sparsity", .number(sparsity)),
            ("sparsity_per_layer", .array(sparsityPerLayer.map { .number($0) })),
            ("replay", .object([("size", ReportJSON.int(replaySize)), ("capacity", ReportJSON.int(replayCapacity))])),
            (ReportKey.drift, drift.json), ("consolidations", ReportJSON.int(consolidations)),
            ("seconds", .number(seconds)), ("records_per_second", .number(recordsPerSecond)),
            ("evaluations", .array(evaluations.map(\.json))),
            ("stages", .array(stages.map { $0.json(classify: classify) })),
        ]
        if !continual.isEmpty { pairs.append(("continual", .array(continual.map(\.json)))) }
        if let labels { pairs.append((ReportKey.labels, labels.json(classify: classify))) }
        pairs.append((ReportKey.tuning, tuning.json))
        return .object(pairs)
    }
}

extension StreamReport.Evaluation {
    var json: JSON {
        var pairs: [(String, JSON)] = [("after_records", ReportJSON.int(afterRecords)),
                                       ("after_file", ReportJSON.optional(afterFile)), ("file", .string(file))]
        switch score {
        case .classify(let accuracy, let perClass):
            pairs += [("accuracy", .number(accuracy)),
                      ("per_class", .object(perClass.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }))]
        case .regress(let rmse):
            pairs.append(("rmse", .number(rmse)))
        }
        return .object(pairs)
    }
}

extension StreamReport.Stage {
    func json(classify: Bool) -> JSON {
        .object([("file", .string(file)), ("learned", ReportJSON.int(learned)),
                 (classify ? "prequential_accuracy" : "prequential_rmse", ReportJSON.optional(score)),
                 ("new_classes", .array(newClasses.map { .string($0) }))])
    }
}

extension StreamReport.Continual {
    var json: JSON {
        .object([
            ("file", .string(file)), ("tasks", .array(tasks.map { .array($0.map { .string($0) }) })),
            ("accuracy_matrix", .array(accuracyMatrix.map { .array($0.map { .number($0) }) })),
            ("average_accuracy", .number(averageAccuracy)), ("backward_transfer", .number(backwardTransfer)),
            ("average_forgetting", .number(averageForgetting)),
        ])
    }
}
