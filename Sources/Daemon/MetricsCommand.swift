import LearnCore
import Posix
import Prometheus
import Protocol

extension Server {
    /// learnd's figures for Prometheus, built from the `status` report (README, "Metrics": one name per fact,
    /// after its status key) plus what only Prometheus wants (kernel, control connections accepted, start time).
    func metricsValues() -> LearndMetrics {
        let r = statusReport()
        let now = WallClock.seconds()
        var m = LearndMetrics()
        m.version = r.version
        m.kernel = Self.kernelRelease
        m.task = r.task
        m.learned = r.records.learned
        m.predicted = r.records.predicted
        m.rejectedByKind = r.records.rejectedByKind
        m.driftDetections = r.drift.detections
        m.labels = .init(pending: r.labels.pending, matched: r.labels.matched, expired: r.labels.expired,
                         evicted: r.labels.evicted)
        m.learningRates = r.tuning.learningRates
        m.tuningResets = r.tuning.resets
        m.checkpointsWritten = r.checkpoint.written
        m.checkpointsFailed = r.checkpoint.failed
        m.repliesDropped = r.repliesDropped
        m.ingestAccepted = r.connections.ingestTotal
        m.controlAccepted = io.controlConnectionsTotal
        m.controlRefused = r.connections.controlRefused
        switch r.score {
        case .classify(let accuracy, let recent, _): m.score = .accuracy(all: accuracy, recent: recent)
        case .regress(let rmse, let recent): m.score = .rmse(all: rmse, recent: recent)
        }
        m.loss = r.loss
        m.sparsity = r.sparsity
        m.replayRecords = r.replaySize
        m.replayCapacity = r.replayCapacity
        m.queuedRecords = r.records.queued
        m.openIngest = r.connections.ingest
        m.openControl = r.connections.control
        if let age = r.checkpoint.ageSeconds {
            m.lastCheckpoint = .init(unixSeconds: now - age, bytes: r.checkpoint.bytes)
        }
        m.checkpointIntervalSeconds = options.config.checkpoint.everySeconds
        m.residentBytes = r.rssBytes
        m.startUnixSeconds = now - r.uptimeSeconds
        return m
    }

    /// The `metrics` text, in Prometheus' text format or OpenMetrics.
    func metricsText(_ format: MetricsFormat) -> String {
        Exposition.text(metricsValues().families, format: format == .prometheus ? .prometheus : .openMetrics)
    }

    /// The kernel does not change under a running process: read once.
    static let kernelRelease = ProcessInfo.kernelRelease()
}
