import ArgumentParser
import LearnCore
import Wire

/// `learnctl eval CKPT TEST.csv [--json]`: scores a checkpoint's model on labelled records, without learning.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a checkpoint on labelled records.",
        discussion: """
            Classify: accuracy, per-class accuracy and the confusion matrix (rows: actual class, columns: \
            predicted). Regress: RMSE over all outputs. Records are read as learnd reads them (CSV or JSON \
            lines, header and comments skipped); rejected lines are listed on stderr as FILE:LINE: REASON.
            """
    )

    @Argument(help: ArgumentHelp("A checkpoint file.", valueName: "CKPT"))
    var checkpoint: String

    @Argument(help: ArgumentHelp("Labelled records; '-' reads standard input.", valueName: "TEST.csv"))
    var records: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(help: ArgumentHelp("Also write one JSON line per record with its prediction to FILE ('-': stdout).",
                               valueName: "FILE"))
    var predictions: String?

    func run() throws {
        let decoded = try Files.load(checkpoint)
        let learner = Learner(restoring: decoded.state)
        var run = EvaluationRun(config: decoded.state.config, keepPredictions: predictions != nil)
        var file = RecordFile(path: records, config: decoded.state.config, inputs: decoded.state.config.inputs)
        try file.forEach { line, outcome in
            switch outcome {
            case .record(let record, _): run.add(record, line: line, learner: learner)
            case .rejected(let rejection, _):
                run.rejected += 1
                if run.rejected <= 20 { Stderr.line("\(records):\(line): \(rejection.reason)") }
            case .header, .skipped: break
            }
        }
        if let predictions { try Files.write(Array(run.predictionLines.utf8), to: predictions) }
        print(json ? run.json.pretty() : run.text(labelOrder: decoded.state.labels.names))
    }
}
