import ArgumentParser
import CheckpointFormat
import Config
import Daemon
import LearnCore
import Posix
import Storage
import StreamRunner

/// `learnd stream FILE... | -`: the batch twin of `learnd serve`.
struct Stream: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the learner over records from files or standard input, then report.",
        discussion: """
            Each input file is a stage: with --eval, the learner is evaluated (without learning) \
            on each labelled eval file after each input file ends, and every --eval-every records. \
            Rejected records are listed on stderr as FILE:LINE: REASON and counted; the run goes on.

            Examples:
              learnd stream Fixtures/digits_ci_train.csv --set model.outputs=10
              learnd stream task1.csv task2.csv --eval test.csv --report json
              producer | learnd stream - --config learnd.toml
            """
    )

    @Argument(help: ArgumentHelp("Record files, in order; '-' reads standard input.", valueName: "FILE"))
    var files: [String]

    @OptionGroup var configOptions: ConfigOptions

    @Option(name: .customLong("eval"), help: ArgumentHelp("Labelled file to evaluate on (repeatable).", valueName: "FILE"))
    var evalFiles: [String] = []

    @Option(help: ArgumentHelp("Also evaluate every N records.", valueName: "N"))
    var evalEvery: Int?

    @Option(help: ArgumentHelp("Report format: text or json.", valueName: "FORMAT"))
    var report: ReportFormat = .text

    @Flag(help: "Do not list rejected records or show progress on stderr.")
    var quiet = false

    @Option(help: ArgumentHelp("Continue from this checkpoint (its model shape must match the configuration).", valueName: "CKPT"))
    var restore: String?

    @Option(help: ArgumentHelp("Write the final learner state to this checkpoint file.", valueName: "FILE"))
    var checkpointOut: String?

    @Option(help: ArgumentHelp("Reveal each label N records after its features: predict at once, learn when the "
                               + "label comes (delayed prequential score in the report's labels).", valueName: "N"))
    var delay: Int?

    func validate() throws {
        if let n = evalEvery, n <= 0 { throw ValidationError("--eval-every must be a positive number of records") }
        if let n = delay, n < 0 { throw ValidationError("--delay must be 0 or a positive number of records") }
    }

    func run() throws {
        let settings = try configOptions.streamSettings()
        var options = StreamOptions(inputs: files)
        options.evalFiles = evalFiles
        options.evalEvery = evalEvery
        options.reportRejections = !quiet
        options.progress = !quiet
        options.delay = delay
        if let n = delay, n >= settings.learner.pendingCapacity {
            Stderr.line("learnd stream: --delay \(n) needs labels.pending_capacity above \(n), "
                        + "got \(settings.learner.pendingCapacity)")
            throw ExitCode.failure
        }
        do {
            let restored = try restore.map { try Self.restore($0, settings) }
            let runner = StreamRunner(settings: settings, options: options, learner: restored, log: Stderr.line)
            let result = try runner.run()
            if let path = checkpointOut { try Self.write(result.learner, to: path, configText: try configOptions.loadWithText().1) }
            switch report {
            case .json: print(result.json().pretty())
            case .text: print(result.text())
            }
        } catch {
            Stderr.line("learnd stream: \(error)")
            throw ExitCode.failure
        }
    }
}

extension Stream {
    /// The learner saved in `path`, refused when its shape or class map differs from the configuration.
    static func restore(_ path: String, _ settings: StreamSettings) throws -> TunedLearner {
        let decoded = try Checkpoint.decode(try DurableFile.readRegular(FilePath(path), maxBytes: Checkpoint.maxFileBytes))
        let saved = decoded.state.config
        var wanted = settings.learner
        wanted.inputs = settings.inputs ?? saved.inputs
        let keys = saved.newModelKeys(toBecome: wanted)
        guard keys.isEmpty else {
            throw StreamError.cannotOpen(path: path, reason: "its model (\(saved.widths.map(String.init).joined(separator: "-")) "
                + "\(saved.task.rawValue) \(saved.optimizer.rawValue)) differs from the configuration's "
                + "(\(wanted.widths.map(String.init).joined(separator: "-")) \(wanted.task.rawValue) \(wanted.optimizer.rawValue)) "
                + "in \(keys.joined(separator: ", ")), which need a new model")
        }
        if let mismatch = wanted.classMapMismatch(decoded.state.labels) {
            throw StreamError.cannotOpen(path: path, reason: mismatch)
        }
        let learner = TunedLearner(restoring: decoded.state, tuning: TuningConfig(mode: wanted.tuning))
        learner.retune(wanted)
        return learner
    }

    static func write(_ learner: TunedLearner, to path: String, configText: String) throws {
        let meta = CheckpointMeta(createdUnixSeconds: WallClock.unixSeconds(), learndVersion: Version.string, configText: configText)
        try DurableFile.write(try Checkpoint.encode(learner.snapshot(), meta: meta), to: FilePath(path))
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
