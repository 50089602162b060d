import LearnCore
import Wire

/// `learnd stream`: the batch twin of `learnd serve`. Runs the learner over records from files
/// (or standard input), evaluates on labelled eval files at stage boundaries, and reports.
///
/// Every record read is accounted for exactly once in `tally`: learned, predicted or rejected.
public final class StreamRunner {
    public let settings: StreamSettings
    public let options: StreamOptions
    public private(set) var learner: TunedLearner?
    private var parser: RecordParser
    var tally = Counters()
    var evaluations: [EvaluationEntry] = []
    var stages: [StageMark] = []
    /// The restored learner's state before the first record (stage scores count from it).
    private let stageStart: StageMark?
    var evalSets: [EvalSet]? = nil
    private var progress: Progress
    private let log: (String) -> Void

    /// - Parameters:
    ///   - learner: a restored learner to continue from (its shape must match `settings`).
    ///   - log: where rejection lines and warnings go (stderr in the executable).
    public init(settings: StreamSettings, options: StreamOptions, learner: TunedLearner? = nil,
                log: @escaping (String) -> Void) {
        self.settings = settings
        self.options = options
        self.learner = learner
        stageStart = learner.map { StageMark(file: "", learned: $0.counters.learned, metrics: $0.metrics, classes: $0.labels.names) }
        var s = settings
        if let learner { s.inputs = learner.config.inputs }
        self.parser = s.parser()
        self.progress = Progress(enabled: options.progress)
        self.log = log
    }

    /// Streams every input, then returns the report.
    public func run() throws(StreamError) -> StreamReport {
        let clock = ContinuousClock(), start = clock.now
        for path in options.inputs {
            parser.reset()
            try LineSource(path: path, maxLineBytes: settings.maxRecordBytes).forEachLine { line, number in
                handle(line, number, path)
            }
            try evaluate(afterFile: path)
        }
        progress.finish()
        guard let learner else { throw .noRecords }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return StreamReport(learner: learner, tally: tally, seconds: seconds, evaluations: evaluations, stages: stages,
                            stageStart: stageStart)
    }

    private func handle(_ line: FramedLine, _ number: Int, _ path: String) {
        switch parser.parse(line) {
        case .skipped, .header: return
        case .rejected(let reason, _): reject(kind: RejectionKind.of(reason), reason: reason, path, number)
        case .record(let record, _): process(record, path, number)
        }
        progress.tick(records: tally.total, learner: learner)
        if let every = options.evalEvery, every > 0, tally.total % every == 0 {
            try? evaluate(afterFile: nil)
        }
    }

    private func process(_ record: Record, _ path: String, _ number: Int) {
        let learner = learnerFor(width: record.features.count)
        switch record.target {
        case .none:
            if learner.predict(record.features) == nil {
                reject(kind: "non-finite", reason: "non-finite", path, number)
            } else {
                tally.countPredicted()
                learner.countPrediction()
            }
        case .label(let name): learn(record.features, .label(name), path, number)
        case .values(let values): learn(record.features, .values(values), path, number)
        }
    }

    private func learn(_ x: [Float], _ target: LearnTarget, _ path: String, _ number: Int) {
        switch learnerFor(width: x.count).learn(x, target: target) {
        case .learned: tally.countLearned()
            for line in learner!.takeEvents() { log(line) }
        case .rejected(let kind, let reason):
            tally.countRejection(kind: kind)
            if options.reportRejections { log("\(path):\(number): \(reason)") }
        }
    }

    private func reject(kind: String, reason: String, _ path: String, _ number: Int) {
        tally.countRejection(kind: kind)
        learner?.countRejection(kind: kind)
        if options.reportRejections { log("\(path):\(number): \(reason)") }
    }

    /// The learner, built on the first valid record when the input width is "auto".
    private func learnerFor(width: Int) -> TunedLearner {
        if let learner { return learner }
        var config = settings.learner
        config.inputs = width
        let made = TunedLearner(config: config)
        for (kind, n) in tally.rejectedByKind { for _ in 0..<n { made.countRejection(kind: kind) } }
        learner = made
        return made
    }
}
