import Wire

/// The figures of the `tuning` object: the self-tuning step size (`train.tuning`, README "Step size:
/// tuned online").
public struct TuningFigures: Equatable, Sendable {
    /// `auto` or `off`.
    public var mode = "off"
    /// Each member's learning rate in member order (one with `off`).
    public var learningRates: [Double] = []
    /// The member that predicts (0-based); exploit moves and members reset after a non-finite step.
    public var leader = 0, exploits = 0, resets = 0

    public init() {}

    /// The `tuning` object of `status` and the `learnd stream` report (docs/status-keys.md).
    public var json: JSON {
        func count(_ n: Int) -> JSON { .number(Double(n)) }
        return .object([
            (ReportKey.tuningMode, .string(mode)),
            (ReportKey.tuningLearningRates, .array(learningRates.map { .number($0) })),
            (ReportKey.tuningLeader, count(leader)), (ReportKey.tuningExploits, count(exploits)),
            (ReportKey.tuningResets, count(resets)),
        ])
    }
}

extension TuningFigures {
    /// The `tuning` object of a report.
    init(_ r: ReportReader) throws(ReportError) {
        self.init()
        let k = ReportKey.tuning
        mode = try r.string(k, ReportKey.tuningMode)
        learningRates = try r.doubles(k, ReportKey.tuningLearningRates)
        leader = try r.int(k, ReportKey.tuningLeader)
        exploits = try r.int(k, ReportKey.tuningExploits)
        resets = try r.int(k, ReportKey.tuningResets)
    }
}
