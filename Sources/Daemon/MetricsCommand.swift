import LearnCore
import Posix
import Prometheus
import Wire

extension Server {
    /// learnd's figures for Prometheus, from the same sources as `status` (README, "Metrics"): the learner's
    /// published counters (restored with a checkpoint, as `status` shows them) and the I/O thread's.
    func metricsValues() -> LearndMetrics {
        let s = service.currentStatus
        let now = WallClock.seconds()
        var m = LearndMetrics()
        m.version = Version.string
        m.kernel = Self.kernelRelease
        m.task = s.task.rawValue
        m.learned = s.learned
        m.predicted = s.predicted
        m.rejectedByReason = s.rejectedByKind
        m.driftEvents = s.driftDetections
        m.checkpointsWritten = checkpoints.written
        m.checkpointsFailed = checkpoints.failed
        m.repliesDropped = io.repliesDropped
        m.ingestAccepted = io.ingestConnectionsTotal
        m.controlAccepted = io.controlConnectionsTotal
        m.controlRefused = io.controlRefused
        m.score = s.task == .classify ? .accuracy(all: s.accuracy, recent: s.recentAccuracy)
                                      : .rmse(all: s.rmse, recent: s.recentRMSE)
        m.loss = s.loss
        m.sparsity = s.sparsity
        m.replayRecords = s.replaySize
        m.replayCapacity = s.replayCapacity
        m.queuedRecords = queue.pending
        m.openIngest = ingest.count
        m.openControl = control.count
        if let at = checkpoints.lastAt {
            m.lastCheckpoint = .init(unixSeconds: now - seconds(since: at), bytes: checkpoints.lastBytes)
        }
        m.checkpointIntervalSeconds = options.config.checkpoint.everySeconds
        m.residentBytes = ProcessInfo.residentSetBytes()
        m.startUnixSeconds = now - seconds(since: started)
        return m
    }

    /// The `metrics` reply: `{"ok": true, "format": ..., "text": ...}`, the text in Prometheus' text format, or in
    /// OpenMetrics with `"format": "openmetrics"`.
    func metricsJSON(_ request: JSON) -> JSON {
        let format: ExpositionFormat
        switch request["format"]?.stringValue ?? "prometheus" {
        case "prometheus": format = .prometheus
        case "openmetrics": format = .openMetrics
        case let other: return failure("unknown metrics format \"\(other)\" (prometheus, openmetrics)")
        }
        return .object([("ok", true), ("format", .string(format == .prometheus ? "prometheus" : "openmetrics")),
                        ("text", .string(metricsText(format)))])
    }

    func metricsText(_ format: ExpositionFormat) -> String {
        Exposition.text(metricsValues().families, format: format)
    }

    /// The kernel does not change under a running process: read once.
    static let kernelRelease = ProcessInfo.kernelRelease()
}
