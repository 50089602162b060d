import LearnCore
import Protocol
import Wire

/// What `status` says about checkpoints: the last one written, and failures.
struct CheckpointRecord {
    var lastPath: String?
    var lastAt: ContinuousClock.Instant?
    var lastBytes = 0
    var lastMilliseconds = 0.0
    var written = 0
    var failed = 0
    var lastError: String?

    func report(now: ContinuousClock.Instant) -> StatusReport.Checkpoint {
        var c = StatusReport.Checkpoint()
        c.lastPath = lastPath
        c.ageSeconds = lastAt.map { (now - $0).inSeconds }
        c.bytes = lastBytes
        c.writeMilliseconds = lastMilliseconds
        c.written = written
        c.failed = failed
        c.lastError = lastError
        return c
    }
}

extension Server {
    /// Asks the learner for a snapshot and hands it to the writer; `done` (a request's; nil for a
    /// periodic checkpoint, which may coalesce with one queued) gets the written checkpoint or why not.
    func requestCheckpoint(reason: String, _ done: ((Result<CheckpointWriter.Outcome, Refusal>) -> Void)? = nil) {
        let periodic = done == nil
        queue.send(.snapshot { [unowned self] state in
            guard let state else {
                done?(.failure(Refusal(description: "nothing to checkpoint yet: no record learned")))
                return
            }
            self.writer.write(state, reason: reason, coalesce: periodic) { outcome in
                self.recordCheckpoint(outcome)
                done?(outcome.error.map { .failure(Refusal(description: $0)) } ?? .success(outcome))
            }
        })
    }

    /// Runs on the I/O thread with each write's outcome: logged, and kept for `status`.
    func recordCheckpoint(_ outcome: CheckpointWriter.Outcome) {
        if let error = outcome.error {
            checkpoints.failed += 1
            checkpoints.lastError = error
            log.event(.checkpointFailed, .error, "Failed to write checkpoint (\(outcome.reason)): \(error); "
                      + "learning goes on, the previous checkpoint stays",
                      ["CHECKPOINT_REASON": outcome.reason, "ERROR": error])
            return
        }
        checkpoints.written += 1
        checkpoints.lastPath = outcome.path
        checkpoints.lastAt = clock.now
        checkpoints.lastBytes = outcome.bytes
        checkpoints.lastMilliseconds = outcome.milliseconds
        checkpoints.lastError = nil
        if let mark = outcome.mark {
            timers.history.mark(mark)
            publishHistory()
        }
        log.event(.checkpointWritten, .info, "Wrote checkpoint \(outcome.path ?? "") (\(outcome.reason), "
                  + "\(outcome.bytes) bytes, \(Int(outcome.milliseconds)) ms)",
                  ["CHECKPOINT_PATH": outcome.path ?? "", "CHECKPOINT_REASON": outcome.reason,
                   "CHECKPOINT_BYTES": "\(outcome.bytes)", "CHECKPOINT_MILLISECONDS": "\(outcome.milliseconds)"])
    }
}
