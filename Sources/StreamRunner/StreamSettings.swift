import LearnCore
import Wire

/// What `learnd stream` needs from the configuration, already validated.
public struct StreamSettings: Sendable {
    /// The learner's configuration; its `inputs` is ignored while `inputs` below is nil (auto).
    public var learner: LearnerConfig
    /// Input width, or nil to take it from the first valid record.
    public var inputs: Int?
    public var featureNames: [String]?
    public var format: RecordFormat
    public var maxRecordBytes: Int

    public init(learner: LearnerConfig, inputs: Int?, featureNames: [String]?, format: RecordFormat, maxRecordBytes: Int) {
        self.learner = learner
        self.inputs = inputs
        self.featureNames = featureNames
        self.format = format
        self.maxRecordBytes = maxRecordBytes
    }

    var recordTask: RecordTask {
        learner.task == .classify ? .classify : .regress(outputs: learner.outputs)
    }

    func parser() -> RecordParser {
        RecordParser(task: recordTask, format: format, inputs: inputs, featureNames: featureNames,
                     maxRecordBytes: maxRecordBytes)
    }
}

/// Options of one `learnd stream` run.
public struct StreamOptions: Sendable {
    /// Input files in order; "-" is standard input. Each file is a stage.
    public var inputs: [String]
    /// Labelled files evaluated (without learning) after each input file and every `evalEvery` records.
    public var evalFiles: [String] = []
    public var evalEvery: Int? = nil
    /// Print rejected records (`FILE:LINE: reason`) on stderr.
    public var reportRejections = true
    /// Show a progress line on stderr (only when it is a terminal).
    public var progress = true

    public init(inputs: [String]) { self.inputs = inputs }
}
