import Config
import LearnCore
import Posix
import Wire

extension Server {
    /// SIGHUP or `reload`: re-read the configuration and apply the live-tunable keys. A change
    /// that needs a new model is refused with a log line; the old configuration stays.
    func applyReload(reason: String) -> ReloadOutcome {
        notify("RELOADING=1\nMONOTONIC_USEC=\(MonotonicClock.microseconds())")
        defer { notify("READY=1") }
        let loaded: (LearndConfig, String)
        do { loaded = try options.reload() } catch {
            log.event(.reload, .error, "Failed to reload configuration (\(reason)): \(error); keeping the old one",
                      ["RELOAD_TRIGGER": reason, "RELOAD_OUTCOME": "failed", "ERROR": "\(error)"])
            return .refused("\(error)")
        }
        switch options.config.liveChanges(to: loaded.0) {
        case .failure(let error):
            log.event(.reload, .error, "Refused reload (\(reason)): \(error)",
                      ["RELOAD_TRIGGER": reason, "RELOAD_OUTCOME": "refused", "ERROR": "\(error)"])
            return .refused("\(error)")
        case .success(let changed):
            options.config = loaded.0
            options.configText = loaded.1
            let c = loaded.0
            queue.send(.retune(c.learnerConfig(inputs: c.model.inputs ?? 1)))
            writer.keep = c.checkpoint.keep
            timers.retune(c, now: clock.now)
            let what = changed.isEmpty ? "no changes" : "changed " + changed.joined(separator: ", ")
            log.event(.reload, .notice, "Reloaded configuration (\(reason)): \(what)",
                      ["RELOAD_TRIGGER": reason, "RELOAD_OUTCOME": "applied",
                       "CHANGED_KEYS": changed.joined(separator: " ")])
            return .applied(changed: changed)
        }
    }

    /// SIGTERM/SIGINT: stop accepting, learn what is queued (bounded by shutdown_timeout).
    func beginShutdown(reason: String) {
        guard case .running(let running) = phase else { return }
        notify("STOPPING=1")
        log.event(.stopping, .notice, "\(reason): stopping; learning \(queue.pending) queued records "
                  + "(at most \(options.config.shutdownTimeout) s)",
                  ["STOP_SIGNAL": reason, "RECORDS_QUEUED": "\(queue.pending)"])
        running.close()
        phase = .draining(Draining(deadline: clock.now + .seconds(clamping: options.config.shutdownTimeout)))
        queue.close()
    }

    /// Ends the loop once the learner has drained the queue, or at the deadline: then the queued
    /// records are abandoned, so that what was learned is still saved (case 12 of issue 13).
    func checkDrained() {
        guard case .draining(let draining) = phase else { return }
        if service.hasExited {
            phase = .stopped
        } else if clock.now >= draining.deadline {
            log.warning("Shutdown timeout (\(options.config.shutdownTimeout) s) reached with \(queue.pending) records "
                        + "still queued; stopping the learner after its current record")
            queue.abandon()
            phase = .stopped
        }
    }

    /// How long the learner may take to finish its current record once abandoned, and the final
    /// checkpoint to be written.
    static let learnerStopTimeout: Duration = .seconds(30)
    static let finalWriteTimeout: Duration = .seconds(60)

    /// After the loop: the final checkpoint with everything learned. Exit 0 when it is written (or
    /// there is nothing to write), 1 when it could not be: systemd then reports the failure.
    func shutDown() -> Int32 {
        mailbox.drain()
        for c in ingest.values { c.flush(); close(c.fd) }
        for c in control.values { c.flush(); close(c.fd) }
        queue.close()
        var status: Int32 = 0
        switch service.waitForExit(within: Self.learnerStopTimeout) {
        case .exited(let state?):
            let lost = queue.pending
            if lost > 0 { log.warning("\(lost) queued records were not learned; saving the \(state.counters.learned) learned") }
            var outcome: CheckpointWriter.Outcome?
            writer.write(state, reason: "shutdown") { [unowned self] in self.recordCheckpoint($0); outcome = $0 }
            if !mailbox.drain(until: { outcome != nil }, within: Self.finalWriteTimeout) {
                log.event(.checkpointFailed, .error, "Failed to write the final checkpoint: not done within "
                          + "\(Self.finalWriteTimeout)", ["CHECKPOINT_REASON": "shutdown", "ERROR": "timeout"])
                status = 1
            } else if let error = outcome?.error {
                log.event(.checkpointFailed, .error, "Failed to write the final checkpoint: \(error); "
                          + "\(state.counters.learned) learned records are not saved",
                          ["CHECKPOINT_REASON": "shutdown", "ERROR": "\(error)"])
                status = 1
            }
        case .exited(nil):
            log.info("No model yet (no record learned): nothing to checkpoint")
        case .running:
            log.error("Failed to write the final checkpoint: the learner did not stop within \(Self.learnerStopTimeout)")
            status = 1
        }
        writer.stop()
        log.notice(status == 0 ? "Stopped" : "Stopped with an error")
        return status
    }
}
