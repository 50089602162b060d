import LearnCore
import RecordPath
import Wire

/// `learnd stream`: the batch twin of `learnd serve`. Runs the learner over records from files
/// (or standard input), evaluates on labelled eval files at stage boundaries, and reports.
///
/// Every record read is accounted for exactly once in `tally`: learned, predicted or rejected.
public final class StreamRunner {
    public let settings: StreamSettings
    public let options: StreamOptions
    /// The learner, once the first valid record fixed the width (or restored).
    public var learner: TunedLearner? { records.learner }
    /// Learns, predicts and rejects (the path `learnd serve` takes too).
    let records: RecordPath
    private var parser: RecordParser
    var tally = Counters()
    var evaluations: [EvaluationEntry] = []
    var stages: [StageMark] = []
    /// The restored learner's state before the first record (stage scores count from it).
    private let stageStart: StageMark?
    var evalSets: [EvalSet]? = nil
    private var progress: Progress
    let log: (String) -> Void
    /// When the run started (`now` counts from it).
    private var started = ContinuousClock.now
    /// `--delay`: labels held back until `delay` more records came (DelayedStream.swift).
    var held = HeldLabels()

    /// - Parameters:
    ///   - learner: a restored learner to continue from (its shape must match `settings`).
    ///   - log: where rejection lines and warnings go (stderr in the executable).
    public init(settings: StreamSettings, options: StreamOptions, learner: TunedLearner? = nil,
                log: @escaping (String) -> Void) {
        self.settings = settings
        self.options = options
        self.records = RecordPath(template: settings.learner, learner: learner, fits: settings.fits)
        stageStart = learner.map { StageMark(file: "", learned: $0.counters.learned, metrics: $0.metrics, classes: $0.labels.names) }
        self.parser = settings.parser(inputs: learner?.config.inputs)
        self.progress = Progress(enabled: options.progress)
        self.log = log
    }

    /// Streams every input, then returns the report.
    public func run() throws(StreamError) -> StreamResult {
        let clock = ContinuousClock(), start = clock.now
        started = start
        for path in options.inputs {
            parser.reset()
            try LineSource(path: path, maxLineBytes: settings.maxRecordBytes).forEachLine { line, number in
                handle(line, number, path)
            }
            revealAll(path)
            try evaluate(afterFile: path)
        }
        progress.finish()
        guard let learner else { throw .noRecords }
        let seconds = start.duration(to: clock.now).inSeconds
        return StreamResult(learner: learner, tally: tally, seconds: seconds, evaluations: evaluations, stages: stages,
                            stageStart: stageStart)
    }

    private func handle(_ line: FramedLine, _ number: Int, _ path: String) {
        switch parser.parse(line) {
        case .skipped, .header: return
        case .rejected(let rejection, _): count(records.rejected(rejection), number, path)
        case .record(let record, _):
            if let delay = options.delay, record.id == nil, record.target != .none {
                hold(record, number, path, delay: delay)
            } else {
                count(records.process(record, now: now), number, path)
            }
        }
        progress.tick(records: tally.total, learner: learner)
        if let every = options.evalEvery, every > 0, tally.total % every == 0 {
            try? evaluate(afterFile: nil)
        }
    }

    /// Seconds since the run started: the clock of pending predictions.
    var now: Double { started.duration(to: ContinuousClock.now).inSeconds }

    /// Accounts for one record's outcome (rejections listed on stderr unless quiet).
    func count(_ result: RecordResult, _ number: Int, _ path: String) {
        switch result {
        case .learned:
            tally.countLearned()
            for reset in learner?.takeEvents() ?? [] { log(reset.message) }
        case .predicted: tally.countPredicted()
        case .rejected(let r):
            tally.countRejection(kind: r.kind.rawValue)
            if options.reportRejections { log("\(path):\(number): \(r.reason)") }
        }
    }
}
