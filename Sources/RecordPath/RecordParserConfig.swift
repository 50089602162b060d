import Config
import Wire

extension LearndConfig {
    /// The record parser for this configuration (`model.task`, `model.outputs`, `ingest.format`,
    /// `model.feature_names`, `ingest.max_record_bytes`), ready for a new stream; `inputs` is the
    /// width when known (nil: `model.inputs`, or "auto").
    public func recordParser(inputs: Int? = nil) -> RecordParser {
        RecordParser(task: model.task == .classify ? .classify : .regress(outputs: model.outputs),
                     format: RecordFormat(rawValue: ingest.format.rawValue) ?? .auto,
                     inputs: inputs ?? model.inputs, featureNames: model.featureNames,
                     maxRecordBytes: ingest.maxRecordBytes)
    }
}
