import LearnCore
import Posix
import Wire

extension Server {
    /// The `status` reply. Keys are stable (README, "Status keys").
    func statusJSON() -> JSON {
        let s = service.currentStatus
        let uptime = seconds(since: started)
        let classify = s.task == .classify
        var pairs: [(String, JSON)] = [
            ("ok", true),
            ("version", .string(Version.string)),
            ("uptime_seconds", .number(uptime)),
            ("rss_bytes", ProcessInfo.residentSetBytes().map { .number(Double($0)) } ?? .null),
            ("model", .object([("shape", .array(s.shape.map { .number(Double($0)) })), ("task", .string(s.task.rawValue))])),
            ("records", .object([
                ("read", number(io.read)), ("learned", number(s.learned)), ("predicted", number(s.predicted)),
                ("rejected", number(s.rejected)), ("queued", number(queue.pending)),
                ("rejected_by_reason", .object(s.rejectedByKind.sorted { $0.key < $1.key }.map { ($0.key, number($0.value)) })),
            ])),
            ("records_per_second", .number(timers.rate.perSecond)),
            ("learning_rate", .number(s.learningRate)),
            ("tuning", .object([("mode", .string(s.tuning.rawValue)),
                                ("learning_rates", .array(s.learningRates.map { .number($0) })),
                                ("leader", number(s.leader)), ("exploits", number(s.exploits)), ("resets", number(s.resets))])),
        ]
        if classify {
            pairs += [("accuracy", .number(s.accuracy)), ("recent_accuracy", .number(s.recentAccuracy)),
                      ("classes", .array(s.classes.map { .string($0) }))]
        } else {
            pairs += [("rmse", .number(s.rmse)), ("recent_rmse", .number(s.recentRMSE))]
        }
        pairs += [
            ("loss", .number(s.loss)),
            ("replay", .object([("size", number(s.replaySize)), ("capacity", number(s.replayCapacity)),
                                ("classes", .object(s.replayHistogram.sorted { $0.key < $1.key }.map { ($0.key, number($0.value)) }))])),
            ("sparsity", .number(s.sparsity)),
            ("sparsity_per_layer", .array(s.sparsityPerLayer.map { .number($0) })),
            ("drift", .object([("detector", .string(s.driftDetector.rawValue)), ("events", number(s.driftDetections)),
                               ("last", .array(s.driftRecords.map { number($0) }))])),
            ("checkpoint", checkpoints.json(now: clock.now)),
            ("connections", .object([("ingest", number(ingest.count)), ("ingest_total", number(io.ingestConnectionsTotal)),
                                     ("control", number(control.count)), ("control_refused", number(io.controlRefused))])),
            ("replies_dropped", number(io.repliesDropped)),
            ("history", timers.history.json(task: s.task)),
        ]
        return .object(pairs)
    }

    /// The one-line `STATUS=` for systemd.
    func statusLine() -> String {
        let s = service.currentStatus
        let score = s.task == .classify ? "accuracy \(percent(s.recentAccuracy))" : "RMSE \(s.recentRMSE)"
        let age = checkpoints.lastAt.map { "\(Int(seconds(since: $0))) s ago" } ?? "none yet"
        return "learned \(s.learned), rejected \(s.rejected), \(score), sparsity \(percent(s.sparsity)), checkpoint \(age)"
    }

    func seconds(since instant: ContinuousClock.Instant) -> Double {
        let d = clock.now - instant
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    private func number(_ i: Int) -> JSON { .number(Double(i)) }

    private func percent(_ x: Double) -> String { "\(Double(Int((x * 1000).rounded())) / 10) %" }
}
