import LearnCore
import Protocol
import RecordPath
import Wire

/// The result of a `learnd stream` run, as JSON (`--report json`) or as text.
public struct StreamReport {
    public let learner: TunedLearner
    /// Records read, by outcome (the runner's own accounting).
    public let tally: Counters
    public let seconds: Double
    public let evaluations: [EvaluationEntry]
    /// The end of each input file (stage), in order.
    public let stages: [StageMark]
    /// A restored learner's state before the first record; nil for a fresh learner.
    public let stageStart: StageMark?

    public init(learner: TunedLearner, tally: Counters, seconds: Double, evaluations: [EvaluationEntry], stages: [StageMark] = [],
                stageStart: StageMark? = nil) {
        self.learner = learner
        self.tally = tally
        self.seconds = seconds
        self.evaluations = evaluations
        self.stages = stages
        self.stageStart = stageStart
    }

    public var recordsPerSecond: Double { seconds > 0 ? Double(tally.total) / seconds : 0 }
    private var classify: Bool { learner.config.task == .classify }

    public func json() -> JSON {
        let m = learner.metrics
        var pairs: [(String, JSON)] = [
            ("records", .number(Double(tally.total))),
            ("learned", .number(Double(tally.learned))),
            ("predicted", .number(Double(tally.predicted))),
            ("rejected", .number(Double(tally.rejected))),
            (ReportKey.rejectedByKind, .object(tally.rejectedByKind.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
            ("task", .string(learner.config.task.rawValue)),
        ]
        if classify {
            pairs.append(("prequential_accuracy", .number(m.accuracy)))
            pairs.append(("recent_accuracy", .number(m.recentAccuracy)))
            pairs.append(("classes", .array(learner.labels.names.map { .string($0) })))
        } else {
            pairs.append(("prequential_rmse", .number(m.rmse)))
            pairs.append(("recent_rmse", .number(m.recentRMSE)))
        }
        pairs += [
            ("prequential_loss", .number(m.meanLoss)),
            ("shape", .array(learner.config.widths.map { .number(Double($0)) })),
            ("kernel", .string(Learner.kernelName)),
            ("sparsity", .number(learner.sparsity)),
            ("sparsity_per_layer", .array(learner.sparsityPerLayer.map { .number($0) })),
            ("replay", .object([("size", .number(Double(learner.reservoir.count))),
                                ("capacity", .number(Double(learner.reservoir.capacity)))])),
            (ReportKey.drift, .object([
                (ReportKey.driftDetector, .string(learner.config.driftDetector.rawValue)),
                (ReportKey.driftDetections, .number(Double(learner.drift.detections))),
                (ReportKey.driftLast, .array(learner.drift.events.map { .number(Double($0.record)) })),
            ])),
            ("consolidations", .number(Double(learner.protection.consolidations))),
            ("seconds", .number(seconds)),
            ("records_per_second", .number(recordsPerSecond)),
            ("evaluations", .array(evaluations.map(evaluationJSON))),
            ("stages", .array(stageScores.map(stageJSON))),
        ]
        if !continual.isEmpty { pairs.append(("continual", .array(continual.map(continualJSON)))) }
        if !learner.delayed.isEmpty || !learner.pending.isEmpty {
            pairs.append((ReportKey.labels, LabelsFigures(learner).json(classify: classify)))
        }
        pairs.append((ReportKey.tuning, TuningFigures(learner).json))
        return .object(pairs)
    }

    private func evaluationJSON(_ e: EvaluationEntry) -> JSON {
        var pairs: [(String, JSON)] = [
            ("after_records", .number(Double(e.afterRecords))),
            ("after_file", e.afterFile.map { .string($0) } ?? .null),
            ("file", .string(e.file)),
        ]
        if classify {
            pairs.append(("accuracy", .number(e.tally.accuracy)))
            let perClass = e.tally.perClassAccuracy.sorted { $0.key < $1.key }.map { ($0.key, JSON.number($0.value)) }
            pairs.append(("per_class", .object(perClass)))
        } else {
            pairs.append(("rmse", .number(e.tally.rmse)))
        }
        return .object(pairs)
    }

    /// A short human summary.
    public func text() -> String {
        let m = learner.metrics
        var lines = [
            "records      \(tally.total) (learned \(tally.learned), predicted \(tally.predicted), rejected \(tally.rejected))",
            "model        \(learner.config.widths.map(String.init).joined(separator: "-")) \(learner.config.task.rawValue)",
        ]
        if classify {
            lines.append("prequential  accuracy \(Format.percent(m.accuracy)), recent \(Format.percent(m.recentAccuracy))")
            lines.append("classes      \(learner.labels.names.joined(separator: " "))")
        } else {
            lines.append("prequential  RMSE \(Format.fixed(m.rmse, 4)), recent \(Format.fixed(m.recentRMSE, 4))")
        }
        lines.append("sparsity     \(Format.percent(learner.sparsity))")
        lines.append("replay       \(learner.reservoir.count)/\(learner.reservoir.capacity)")
        lines.append("speed        \(Int(recordsPerSecond)) records/s (\(Format.fixed(seconds, 3)) s)")
        let events = learner.drift.events.map { String($0.record) }.joined(separator: " ")
        lines.append("drift        \(learner.drift.detections) detected\(events.isEmpty ? "" : " (records \(events))")")
        if !learner.delayed.isEmpty || !learner.pending.isEmpty {
            let d = learner.delayed
            let score = classify ? "accuracy \(Format.percent(d.accuracy))" : "RMSE \(Format.fixed(d.rmse, 4))"
            lines.append("labels       delayed \(score); matched \(d.matched), pending \(learner.pending.count), "
                         + "expired \(d.expired), evicted \(d.evicted)")
        }
        for e in evaluations {
            let score = classify ? "accuracy \(Format.percent(e.tally.accuracy))" : "RMSE \(Format.fixed(e.tally.rmse, 4))"
            lines.append("eval         after \(e.afterRecords) records (\(e.afterFile ?? "-")) on \(e.file): \(score)")
        }
        if stages.count > 1 {
            for s in stageScores {
                let score = s.score.map { classify ? "accuracy \(Format.percent($0))" : "RMSE \(Format.fixed($0, 4))" } ?? "-"
                lines.append("stage        \(s.file): \(s.learned) learned, prequential \(score)")
            }
        }
        for (file, m) in continual {
            lines.append("continual    on \(file): average accuracy \(Format.percent(m.averageAccuracy)), "
                         + "backward transfer \(Format.fixed(m.backwardTransfer * 100, 2)) points, "
                         + "average forgetting \(Format.fixed(m.averageForgetting * 100, 2)) points")
        }
        return lines.joined(separator: "\n")
    }
}

/// Per-stage prequential scores and the stage metrics of continual learning.
extension StreamReport {
    struct StageScore {
        var file: String
        var learned: Int
        /// Prequential accuracy (classify) or RMSE (regress) over the stage's own records; nil
        /// when none was learned.
        var score: Double?
        var newClasses: [String]
    }

    var stageScores: [StageScore] {
        var previous = stageStart?.metrics ?? PrequentialMetrics(window: 1, slots: 0)
        var previousClasses = stageStart?.classes.count ?? 0
        return stages.map { mark in
            let m = mark.metrics, n = m.count - previous.count
            var score: Double? = nil
            if n > 0 {
                score = classify ? Double(m.correct - previous.correct) / Double(n)
                    : ((m.squaredErrorSum - previous.squaredErrorSum) / Double(n)).squareRoot()
            }
            defer { previous = m; previousClasses = mark.classes.count }
            return StageScore(file: mark.file, learned: n, score: score,
                              newClasses: Array(mark.classes[min(previousClasses, mark.classes.count)...]))
        }
    }

    /// For each eval file: the accuracy matrix and its summaries, when the input files are stages
    /// that each brought new classes and there is one evaluation of the file after each stage.
    var continual: [(file: String, metrics: ContinualMetrics)] {
        guard classify, stages.count >= 2 else { return [] }
        let tasks = stageScores.map(\.newClasses)
        var out: [(file: String, metrics: ContinualMetrics)] = []
        var files: [String] = []
        for e in evaluations where e.afterFile != nil && !files.contains(e.file) { files.append(e.file) }
        for file in files {
            let rows = evaluations.filter { $0.file == file && $0.afterFile != nil }.map(\.tally.perClass)
            if let m = ContinualMetrics(tasks: tasks, perClass: rows) { out.append((file, m)) }
        }
        return out
    }

    func stageJSON(_ s: StageScore) -> JSON {
        .object([
            ("file", .string(s.file)),
            ("learned", .number(Double(s.learned))),
            (classify ? "prequential_accuracy" : "prequential_rmse", s.score.map { .number($0) } ?? .null),
            ("new_classes", .array(s.newClasses.map { .string($0) })),
        ])
    }

    func continualJSON(_ entry: (file: String, metrics: ContinualMetrics)) -> JSON {
        let m = entry.metrics
        return .object([
            ("file", .string(entry.file)),
            ("tasks", .array(m.tasks.map { .array($0.map { .string($0) }) })),
            ("accuracy_matrix", .array(m.accuracy.map { .array($0.map { .number($0) }) })),
            ("average_accuracy", .number(m.averageAccuracy)),
            ("backward_transfer", .number(m.backwardTransfer)),
            ("average_forgetting", .number(m.averageForgetting)),
        ])
    }
}
