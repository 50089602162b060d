import Wire

/// The figures of the `drift` object, the same in `status`, the `learnd stream` report and
/// `learnctl inspect --json` (docs/status-keys.md, `drift.*`).
public struct DriftFigures: Equatable, Sendable {
    /// `adwin`, `page-hinkley` or `none`.
    public var detector = "none"
    /// Detections so far.
    public var detections = 0
    /// Learned-record indices (0-based) of the last detections kept, oldest first.
    public var last: [Int] = []

    public init() {}

    public init(detector: String, detections: Int, last: [Int]) {
        self.detector = detector
        self.detections = detections
        self.last = last
    }

    public var json: JSON {
        .object([(ReportKey.driftDetector, .string(detector)),
                 (ReportKey.driftDetections, ReportJSON.int(detections)),
                 (ReportKey.driftLast, .array(last.map(ReportJSON.int)))])
    }

    /// The `drift` object of a report.
    init(_ r: ReportReader) throws(ReportError) {
        let d = try r.at(ReportKey.drift)
        self.init(detector: try d.string(ReportKey.driftDetector), detections: try d.int(ReportKey.driftDetections),
                  last: try d.ints(ReportKey.driftLast))
    }
}

/// The learner's record counters, the same in the `learnd stream` report (top level) and
/// `learnctl inspect --json` (`records`); `status` carries them in its `records` too.
public struct RecordCounts: Equatable, Sendable {
    public var learned = 0, predicted = 0, rejected = 0
    /// Rejections per `RejectionKind` raw value (a newer learnd may send kinds this build lacks).
    public var rejectedByKind: [String: Int] = [:]

    public init() {}

    public init(learned: Int, predicted: Int, rejected: Int, rejectedByKind: [String: Int]) {
        self.learned = learned
        self.predicted = predicted
        self.rejected = rejected
        self.rejectedByKind = rejectedByKind
    }

    /// `learned`, `predicted`, `rejected`, `rejected_by_kind`, in that order.
    var pairs: [(String, JSON)] {
        [("learned", ReportJSON.int(learned)), ("predicted", ReportJSON.int(predicted)),
         ("rejected", ReportJSON.int(rejected)), (ReportKey.rejectedByKind, ReportJSON.counts(rejectedByKind))]
    }

    /// The counters in the object `r` reads.
    init(_ r: ReportReader) throws(ReportError) {
        self.init(learned: try r.int("learned"), predicted: try r.int("predicted"), rejected: try r.int("rejected"),
                  rejectedByKind: try r.counts(ReportKey.rejectedByKind))
    }
}
