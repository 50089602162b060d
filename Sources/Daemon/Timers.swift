import Config
import LearnCore

/// The poll loop's clocks: the systemd STATUS line, the watchdog ping, periodic checkpoints,
/// and the records/s meter.
struct Timers {
    static let statusPeriod: Duration = .seconds(2)
    var nextStatus: ContinuousClock.Instant?
    var nextWatchdog: ContinuousClock.Instant?
    var watchdogPeriod: Duration?
    var nextCheckpoint: ContinuousClock.Instant?
    var checkpointPeriod: Duration?
    var rate = RateMeter()
    /// Samples for `status.history` (History.swift), one per status tick.
    var history = History(periodSeconds: Timers.statusPeriod.inSeconds)
    var lastProgress: UInt64 = .max
    /// When freed memory was last handed back to the kernel (`ProcessInfo.returnFreeMemory`).
    var lastTrim: ContinuousClock.Instant?

    /// - Parameter watchdog: `WATCHDOG_USEC` as a duration; pings go out at half of it.
    mutating func start(at now: ContinuousClock.Instant, config: LearndConfig, watchdog: Duration?) {
        nextStatus = now
        watchdogPeriod = watchdog.map { $0 / 2 }
        nextWatchdog = watchdogPeriod.map { _ in now }
        retune(config, now: now)
    }

    mutating func retune(_ config: LearndConfig, now: ContinuousClock.Instant) {
        let every = config.checkpoint.everySeconds
        checkpointPeriod = every > 0 ? .seconds(clamping: every) : nil
        nextCheckpoint = checkpointPeriod.map { now + $0 }
    }

    /// - Parameter also: one more instant to wake at (an accept pause's end).
    func millisecondsUntilNext(from now: ContinuousClock.Instant, draining: Bool, also: ContinuousClock.Instant? = nil) -> Int32 {
        let candidates = [nextStatus, nextWatchdog, nextCheckpoint, also].compactMap { $0 }
        guard let soonest = candidates.min() else { return draining ? 50 : 1000 }
        return min((soonest - now).pollMilliseconds, draining ? 50 : 1000)
    }
}

/// Records per second over the last ~10 s, from (time, learned+predicted+rejected) samples.
struct RateMeter {
    private var samples: [(at: ContinuousClock.Instant, count: Int)] = []
    private(set) var perSecond = 0.0

    mutating func sample(_ count: Int, at now: ContinuousClock.Instant) {
        samples.append((now, count))
        while let first = samples.first, now - first.at > .seconds(10) { samples.removeFirst() }
        guard let first = samples.first, samples.count > 1 else { return }
        let seconds = (now - first.at).inSeconds
        perSecond = seconds > 0 ? Double(count - first.count) / seconds : 0
    }
}

extension Server {
    func runTimers() {
        let now = clock.now
        if let due = timers.nextStatus, now >= due {
            let s = service.currentStatus
            timers.rate.sample(s.learned + s.predicted + s.rejected, at: now)
            timers.history.sample(s, recordsPerSecond: timers.rate.perSecond)
            if s.labels.pending > 0 { queue.send(.expirePending) }
            publishHistory()
            notify("STATUS=" + statusLine())
            timers.nextStatus = now + Timers.statusPeriod
        }
        if let due = timers.nextWatchdog, let period = timers.watchdogPeriod, now >= due {
            pingWatchdogIfHealthy()
            timers.nextWatchdog = now + period
        }
        if let due = timers.nextCheckpoint, let period = timers.checkpointPeriod, now >= due, !isDraining {
            requestCheckpoint(reason: "every \(options.config.checkpoint.everySeconds) s")
            timers.nextCheckpoint = now + period
        }
    }

    /// Hands the history to the checkpoint writer, which puts it in every checkpoint.
    func publishHistory() {
        writer.publish(history: timers.history.snapshot)
    }

    /// One log line per drift detection, with the learned-record index (0-based) that completed it.
    func logDrift(_ report: DriftReport) {
        let first = report.total - report.events.count + 1
        if report.new > report.events.count {
            log.notice("Drift: \(report.new - report.events.count) detections not kept (more than \(DriftMonitor.maxEvents) in one batch)")
        }
        for (k, event) in report.events.enumerated() {
            log.event(.drift, .notice, "Drift detected at record \(event.record) (\(report.detector.rawValue), error "
                      + "\(event.rise ? "rose" : "fell")); detection \(first + k) so far",
                      ["DRIFT_RECORD": "\(event.record)", "DRIFT_DETECTOR": report.detector.rawValue,
                       "DRIFT_ERROR": event.rise ? "rose" : "fell", "DRIFT_DETECTION": "\(first + k)"])
        }
    }

    /// WATCHDOG=1 only while the learner makes progress or waits idle with nothing queued: a
    /// stuck learner lets the watchdog fire.
    private func pingWatchdogIfHealthy() {
        let health = queue.health()
        defer { timers.lastProgress = health.progress }
        guard health.progress != timers.lastProgress || health.idleAndEmpty else {
            log.warning("Learner made no progress for \(timers.watchdogPeriod.map { "\($0)" } ?? "?"), withholding WATCHDOG=1")
            return
        }
        notify("WATCHDOG=1")
    }
}
