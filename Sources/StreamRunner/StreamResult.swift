import LearnCore
import Protocol
import RecordPath
import Wire

/// The end of a `learnd stream` run: the learner (for `--checkpoint-out`) and the report
/// (Protocol's `StreamReport`, printed as JSON with `--report json` or as text).
public struct StreamResult {
    public let learner: TunedLearner
    public let report: StreamReport

    /// The report of `learner` after a run of `seconds` with the runner's own accounting `tally`.
    /// `stageStart` is a restored learner's state before the first record (nil for a fresh one).
    public init(learner: TunedLearner, tally: Counters, seconds: Double, evaluations: [EvaluationEntry],
                stages: [StageMark] = [], stageStart: StageMark? = nil) {
        self.learner = learner
        let classify = learner.config.task == .classify
        let m = learner.metrics
        var r = StreamReport()
        r.total = tally.total
        r.counts = RecordCounts(learned: tally.learned, predicted: tally.predicted, rejected: tally.rejected,
                                rejectedByKind: tally.rejectedByKind)
        r.task = learner.config.task.rawValue
        r.score = classify ? .classify(accuracy: m.accuracy, recentAccuracy: m.recentAccuracy, classes: learner.labels.names)
            : .regress(rmse: m.rmse, recentRMSE: m.recentRMSE)
        r.loss = m.meanLoss
        r.shape = learner.config.widths
        r.kernel = Learner.kernelName
        r.sparsity = learner.sparsity
        r.sparsityPerLayer = learner.sparsityPerLayer
        r.replaySize = learner.reservoir.count
        r.replayCapacity = learner.reservoir.capacity
        r.drift = DriftFigures(detector: learner.config.driftDetector.rawValue, detections: learner.drift.detections,
                               last: learner.drift.events.map(\.record))
        r.consolidations = learner.protection.consolidations
        r.seconds = seconds
        r.recordsPerSecond = seconds > 0 ? Double(tally.total) / seconds : 0
        r.evaluations = evaluations.map { Self.evaluation($0, classify: classify) }
        r.stages = Self.stages(stages, from: stageStart, classify: classify)
        r.continual = Self.continual(r.stages, evaluations, classify: classify)
        if !learner.delayed.isEmpty || !learner.pending.isEmpty { r.labels = LabelsFigures(learner) }
        r.tuning = TuningFigures(learner)
        report = r
    }

    /// The report as JSON (`--report json`).
    public func json() -> JSON { report.json }

    /// The report as text.
    public func text() -> String { report.text }

    private static func evaluation(_ e: EvaluationEntry, classify: Bool) -> StreamReport.Evaluation {
        var out = StreamReport.Evaluation()
        out.afterRecords = e.afterRecords
        out.afterFile = e.afterFile
        out.file = e.file
        out.score = classify ? .classify(accuracy: e.tally.accuracy, perClass: e.tally.perClassAccuracy)
            : .regress(rmse: e.tally.rmse)
        return out
    }

    /// Each stage's own prequential score (accuracy or RMSE over its records) and the classes it brought.
    private static func stages(_ marks: [StageMark], from start: StageMark?, classify: Bool) -> [StreamReport.Stage] {
        var previous = start?.metrics ?? PrequentialMetrics(window: 1, slots: 0)
        var previousClasses = start?.classes.count ?? 0
        return marks.map { mark in
            let m = mark.metrics, n = m.count - previous.count
            var stage = StreamReport.Stage()
            stage.file = mark.file
            stage.learned = n
            if n > 0 {
                stage.score = classify ? Double(m.correct - previous.correct) / Double(n)
                    : ((m.squaredErrorSum - previous.squaredErrorSum) / Double(n)).squareRoot()
            }
            stage.newClasses = Array(mark.classes[min(previousClasses, mark.classes.count)...])
            previous = m
            previousClasses = mark.classes.count
            return stage
        }
    }

    /// For each eval file: the accuracy matrix and its summaries, when the input files are stages
    /// that each brought new classes and there is one evaluation of the file after each stage.
    private static func continual(_ stages: [StreamReport.Stage], _ evaluations: [EvaluationEntry],
                                  classify: Bool) -> [StreamReport.Continual] {
        guard classify, stages.count >= 2 else { return [] }
        let tasks = stages.map(\.newClasses)
        var files: [String] = []
        for e in evaluations where e.afterFile != nil && !files.contains(e.file) { files.append(e.file) }
        return files.compactMap { file in
            let rows = evaluations.filter { $0.file == file && $0.afterFile != nil }.map(\.tally.perClass)
            guard let m = ContinualMetrics(tasks: tasks, perClass: rows) else { return nil }
            var c = StreamReport.Continual()
            c.file = file
            c.tasks = m.tasks
            c.accuracyMatrix = m.accuracy
            c.averageAccuracy = m.averageAccuracy
            c.backwardTransfer = m.backwardTransfer
            c.averageForgetting = m.averageForgetting
            return c
        }
    }
}
