import Config
import LearnCore
import Posix
import Protocol
import Wire

extension Server {
    /// SIGHUP or `reload`: re-read the configuration and apply the live-tunable keys. A change
    /// that needs a new model is refused with a log line; the old configuration stays.
    @discardableResult
    func reload(reason: String) -> ControlResponse {
        notify("RELOADING=1\nMONOTONIC_USEC=\(MonotonicClock.microseconds())")
        defer { notify("READY=1") }
        let loaded: (LearndConfig, String)
        do { loaded = try options.reload() } catch {
            log.error("Failed to reload configuration (\(reason)): \(error); keeping the old one")
            return .failure("\(error)")
        }
        switch options.config.liveChanges(to: loaded.0) {
        case .failure(let error):
            log.error("Refused reload (\(reason)): \(error)")
            return .failure("\(error)")
        case .success(let changed):
            options.config = loaded.0
            options.configText = loaded.1
            let c = loaded.0
            queue.send(.retune(c.learnerConfig(inputs: c.model.inputs ?? 1)))
            writer.keep = c.checkpoint.keep
            timers.retune(c, now: clock.now)
            log.notice("Reloaded configuration (\(reason)): \(changed.isEmpty ? "no changes" : "changed " + changed.joined(separator: ", "))")
            return .reloaded(changed: changed)
        }
    }

    /// SIGTERM/SIGINT: stop accepting, learn what is queued (bounded by shutdown_timeout).
    func beginShutdown(reason: String) {
        guard !isDraining else { return }
        notify("STOPPING=1")
        log.notice("\(reason): stopping; learning \(queue.pending) queued records (at most \(options.config.shutdownTimeout) s)")
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
        for c in ingest.values { c.flush(); close(c.fd) }
        for c in control.values { c.flush(); close(c.fd) }
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
        for fd in [ingestListener, controlListener].compactMap({ $0 }) { close(fd) }
        ingestListener = nil
        controlListener = nil
        for path in ownedSocketPaths { UnixSocket.unlink(path) }
        ownedSocketPaths = []
    }
}
