/// What the model learns, which decides how a record line is split.
public enum RecordTask: Equatable, Sendable {
    /// `LABEL,F1,...,Fn`: the first field is a class name.
    case classify
    /// `T1,...,Tk,F1,...,Fn`: the first `outputs` (k ≥ 1) fields are numeric targets.
    case regress(outputs: Int)
}

/// `ingest.format`.
public enum RecordFormat: String, Equatable, Sendable {
    /// Every line is CSV (a line starting with `{` fails as CSV).
    case csv
    /// Every line is one JSON object.
    case jsonl
    /// A line whose first non-blank byte is `{` is JSON, any other line is CSV.
    case auto
}

/// The learning target carried by a record.
public enum RecordTarget: Equatable, Sendable {
    /// Predict only: never learned from (CSV label empty or `?`, JSON label absent or null).
    case none
    /// A class name: 1...64 bytes of UTF-8 without comma, `"` or control characters.
    case label(String)
    /// Regression targets; exactly `outputs` finite float32 values.
    case values([Float])
}

/// One parsed record. Invariant: `features` are finite float32 values and their
/// count equals the parser's `inputs`, except for the truth of a pending prediction.
///
/// With an `id` (docs/records-and-replies.md, "Record ids") a record is either a prediction kept
/// pending (target `.none`, features present) or the truth for one (`features` empty, target set).
public struct Record: Equatable, Sendable {
    public var target: RecordTarget
    public var features: [Float]
    /// 1...128 bytes of printable ASCII without comma or quote; nil for a record without id.
    public var id: String?

    public init(target: RecordTarget, features: [Float], id: String? = nil) {
        self.target = target
        self.features = features
        self.id = id
    }

    /// The truth for a pending prediction: an id and a target, no features.
    public var isTruth: Bool { id != nil && features.isEmpty }
}

/// What one line turned out to be. Every line yields exactly one outcome.
public enum LineOutcome: Equatable, Sendable {
    /// A valid record; `json` tells whether it came as JSON (replies then use JSON).
    case record(Record, json: Bool)
    /// A comment (`#` as first non-blank byte) or a blank line: nothing to account for.
    case skipped
    /// The header line; carries the feature column names (label/target columns excluded).
    case header([String])
    /// An invalid line: its kind and its reason (one printable line, no CR/LF, ready for
    /// `Reply.rejection`); `json` tells whether the reply should be JSON.
    case rejected(Rejection, json: Bool)
}
