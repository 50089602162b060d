import Config
import LearnCore
import RecordPath
import Wire

/// What `learnd stream` needs from the configuration, already validated.
public struct StreamSettings: Sendable {
    /// The learner's configuration; its `inputs` is ignored while `inputs` below is nil (auto).
    public var learner: LearnerConfig
    /// The record parser for a new file (its `inputs`: the configured width, nil for auto).
    public var parser: RecordParser
    /// Why a model of this many inputs would not fit `model.max_memory` (nil: it fits).
    public var fits: @Sendable (Int) -> String?

    public init(config: LearndConfig) {
        learner = config.learnerConfig(inputs: config.model.inputs ?? 1)
        parser = config.recordParser()
        fits = { config.memoryProblem(inputs: $0) }
    }

    /// Input width, or nil to take it from the first valid record.
    public var inputs: Int? { parser.inputs }
    public var maxRecordBytes: Int { parser.maxRecordBytes }

    /// A parser for a new file; `inputs` fixes the width when the configuration leaves it "auto".
    func parser(inputs: Int?) -> RecordParser {
        guard let inputs, parser.inputs == nil else { return parser }
        return RecordParser(task: parser.task, format: parser.format, inputs: inputs, featureNames: parser.featureNames,
                            maxRecordBytes: parser.maxRecordBytes)
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
    /// Reveal each labelled record's label this many records after its features (nil: learn at once).
    public var delay: Int? = nil

    public init(inputs: [String]) { self.inputs = inputs }
}
