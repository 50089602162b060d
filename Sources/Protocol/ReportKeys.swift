/// The names of the facts that `status`, the `learnd stream` report and `learnctl inspect` share:
/// one name per fact, spelled only here (docs/status-keys.md; renamed keys: README, "Changelog").
public enum ReportKey {
    /// `records.rejected_by_kind` (status, inspect), `rejected_by_kind` (stream report): rejections
    /// per `RejectionKind` raw value. Was `rejected_by_reason` in status and the stream report.
    public static let rejectedByKind = "rejected_by_kind"
    /// The `drift` object: `detector`, `detections`, `last`.
    public static let drift = "drift"
    public static let driftDetector = "detector"
    /// Drift detections so far. Was `drift.events` in status and `drift_detections` in the stream report.
    public static let driftDetections = "detections"
    /// Learned-record indices (0-based) of the last detections kept, oldest first. Was
    /// `drift_events` in the stream report.
    public static let driftLast = "last"
    /// A history sample's drift detections so far. Was `drift_events`.
    public static let sampleDriftDetections = "drift_detections"
}
