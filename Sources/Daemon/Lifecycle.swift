import Config
import LearnCore
import Posix
import Wire

extension Server {
    /// SIGHUP or `reload`: re-read the configuration and apply the live-tunable keys. A change
    /// that needs a new model is refused with a log line; the old configuration stays.
    @discardableResult
    func reload(reason: String) -> JSON {
        _ = notifier.send("RELOADING=1\nMONOTONIC_USEC=\(MonotonicClock.microseconds())")
        defer { _ = notifier.send("READY=1") }
        let loaded: (LearndConfig, String)
        do { loaded = try options.reload() } catch {
            log.event(.reload, .error, "Failed to reload configuration (\(reason)): \(error); keeping the old one",
                      ["RELOAD_TRIGGER": reason, "RELOAD_OUTCOME": "failed", "ERROR": "\(error)"])
            return failure("\(error)")
        }
        switch options.config.liveChanges(to: loaded.0) {
        case .failure(let error):
            log.event(.reload, .error, "Refused reload (\(reason)): \(error)",
                      ["RELOAD_TRIGGER": reason, "RELOAD_OUTCOME": "refused", "ERROR": "\(error)"])
            return failure("\(error)")
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
            return .object([("ok", true), ("changed", .array(changed.map { .string($0) }))])
        }
    }

    /// SIGTERM/SIGINT: stop accepting, learn what is queued (bounded by shutdown_timeout).
    func beginShutdown(reason: String) {
        guard !isDraining else { return }
        _ = notifier.send("STOPPING=1")
        log.event(.stopping, .notice, "\(reason): stopping; learning \(queue.pending) queued records "
                  + "(at most \(options.config.shutdownTimeout) s)",
                  ["STOP_SIGNAL": reason, "RECORDS_QUEUED": "\(queue.pending)"])
        closeListeners()
        phase = .draining(deadline: clock.now + .milliseconds(Int64(options.config.shutdownTimeout * 1000)))
        queue.close()
    }

    /// Ends the loop once the learner has drained the queue, or at the deadline.
    func checkDrained() {
        guard case .draining(let deadline) = phase else { return }
        if service.hasExited || clock.now >= deadline {
            if clock.now >= deadline { log.warning("Shutdown timeout reached with \(queue.pending) records still queued") }
            phase = .stopping
        }
    }

    /// After the loop: the final checkpoint, then exit 0.
    func shutDown() -> Int32 {
        mailbox.drain()
        for c in ingest.values { c.flush(); try? c.fd.close() }
        for c in control.values { c.flush(); try? c.fd.close() }
        queue.close()
        switch service.waitForExit(milliseconds: 1000) {
        case .exited(let state?):
            var written = false
            writer.write(state, reason: "shutdown") { [unowned self] in self.recordCheckpoint($0); written = true }
            while !written { OSThread.sleep(milliseconds: 2); mailbox.drain() }
        case .exited(nil):
            log.info("No model yet (no record learned): nothing to checkpoint")
        case .running:
            log.error("Failed to write the final checkpoint: the learner did not stop in time; the previous checkpoint stays")
        }
        writer.stop()
        log.notice("Stopped")
        return 0
    }

    func closeListeners() {
        for fd in [ingestListener, controlListener].compactMap({ $0 }) { try? fd.close() }
        ingestListener = nil
        controlListener = nil
        metricsListener?.close()
        metricsListener = nil
        for path in ownedSocketPaths { UnixSocket.unlink(path) }
        ownedSocketPaths = []
    }
}
