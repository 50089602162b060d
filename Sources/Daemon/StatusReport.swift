import LearnCore
import Posix
import Protocol
import Wire

extension Server {
    /// The `status` reply (docs/status-keys.md).
    func statusReport() -> StatusReport {
        let s = service.currentStatus
        var r = StatusReport()
        r.version = Version.string
        r.kernel = Learner.kernelName
        r.uptimeSeconds = seconds(since: started)
        r.rssBytes = ProcessInfo.residentSetBytes()
        r.shape = s.shape
        r.task = s.task.rawValue
        r.records.read = io.read
        r.records.learned = s.learned
        r.records.predicted = s.predicted
        r.records.rejected = s.rejected
        r.records.queued = queue.pending
        r.records.rejectedByKind = s.rejectedByKind
        r.records.outliers = s.outliers
        r.recordsPerSecond = timers.rate.perSecond
        r.learningRate = s.learningRate
        r.tuning = s.tuning
        r.score = s.task == .classify ? .classify(accuracy: s.accuracy, recentAccuracy: s.recentAccuracy, classes: s.classes)
            : .regress(rmse: s.rmse, recentRMSE: s.recentRMSE)
        r.loss = s.loss
        r.replaySize = s.replaySize
        r.replayCapacity = s.replayCapacity
        r.replayClasses = s.replayHistogram
        r.sparsity = s.sparsity
        r.sparsityPerLayer = s.sparsityPerLayer
        r.drift.detector = s.driftDetector.rawValue
        r.drift.detections = s.driftDetections
        r.drift.last = s.driftRecords
        r.labels = s.labels
        r.checkpoint = checkpoints.report(now: clock.now)
        r.connections.ingest = ingest.count
        r.connections.ingestTotal = io.ingestConnectionsTotal
        r.connections.control = control.count
        r.connections.controlRefused = io.controlRefused
        r.connections.bufferedBytes = budget.total
        r.connections.budgetBytes = budget.limit
        r.repliesDropped = io.repliesDropped
        r.history = timers.history.status
        return r
    }

    /// The one-line `STATUS=` for systemd.
    func statusLine() -> String {
        let s = service.currentStatus
        let score = s.task == .classify ? "accuracy \(percent(s.recentAccuracy))" : "RMSE \(s.recentRMSE)"
        let age = checkpoints.lastAt.map { "\(Int(seconds(since: $0))) s ago" } ?? "none yet"
        return "learned \(s.learned), rejected \(s.rejected), \(score), sparsity \(percent(s.sparsity)), checkpoint \(age)"
    }

    func seconds(since instant: ContinuousClock.Instant) -> Double {
        (clock.now - instant).inSeconds
    }

    private func percent(_ x: Double) -> String { "\(Double(Int((x * 1000).rounded())) / 10) %" }
}
