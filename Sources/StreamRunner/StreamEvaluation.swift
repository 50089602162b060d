import LearnCore
import Wire

/// One evaluation: after `afterRecords` records (and after input file `afterFile`, if at a
/// stage boundary), the learner's score on eval file `file`, without learning.
public struct EvaluationEntry: Sendable {
    public var afterRecords: Int
    public var afterFile: String?
    public var file: String
    public var tally: EvaluationTally
}

/// The end of one input file (a stage): the learner's prequential metrics and label map then,
/// from which the report derives each stage's own prequential score and the classes it brought.
public struct StageMark: Sendable {
    public var file: String
    public var learned: Int
    public var metrics: PrequentialMetrics
    /// Class names known at the end of the stage (in slot order).
    public var classes: [String]
}

/// A labelled eval file, parsed once.
struct EvalSet {
    let path: String
    let records: [(features: [Float], target: LearnTarget)]
}

extension StreamRunner {
    /// Marks the end of a stage (when `afterFile` is given) and evaluates on every eval file;
    /// a no-op before the first record, and no evaluation without eval files.
    func evaluate(afterFile: String?) throws(StreamError) {
        guard let learner else { return }
        if let afterFile {
            stages.append(StageMark(file: afterFile, learned: learner.counters.learned, metrics: learner.metrics,
                                    classes: learner.labels.names))
        }
        guard !options.evalFiles.isEmpty else { return }
        if evalSets == nil { evalSets = try loadEvalSets(width: learner.config.inputs) }
        for set in evalSets ?? [] {
            var score = EvaluationTally()
            for record in set.records { learner.evaluate(record.features, target: record.target, into: &score) }
            evaluations.append(EvaluationEntry(afterRecords: tally.total, afterFile: afterFile, file: set.path, tally: score))
        }
    }

    private func loadEvalSets(width: Int) throws(StreamError) -> [EvalSet] {
        var sets: [EvalSet] = []
        for path in options.evalFiles {
            var parser = settings.parser(inputs: width)
            var records: [(features: [Float], target: LearnTarget)] = []
            var failure: StreamError?
            try LineSource(path: path, maxLineBytes: settings.maxRecordBytes).forEachLine { line, number in
                guard failure == nil else { return }
                switch parser.parse(line) {
                case .skipped, .header: break
                case .rejected(let r, _): failure = .evalFileInvalid(path: path, line: number, reason: r.reason)
                case .record(let r, _):
                    switch r.target {
                    case .none: failure = .evalFileUnlabelled(path: path, line: number)
                    case .label(let name): records.append((r.features, .label(name)))
                    case .values(let v): records.append((r.features, .values(v)))
                    }
                }
            }
            if let failure { throw failure }
            sets.append(EvalSet(path: path, records: records))
        }
        return sets
    }
}
