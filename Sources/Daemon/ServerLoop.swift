import Posix
import RecordPath
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import Wire

/// What each poll slot stands for.
enum PollSlot {
    case signals, wakeup, ingestListener, controlListener, ingest(Int), control(Int), metricsListener, metrics(Int)
}

/// I/O-side counters (the learner keeps its own).
struct IOCounters {
    var read = 0
    var repliesDropped = 0
    var ingestConnectionsTotal = 0
    var controlConnectionsTotal = 0
    var controlRefused = 0
}

extension Server {
    func register(in poll: inout PollSet) -> [PollSlot] {
        var slots: [PollSlot] = [.signals, .wakeup]
        poll.add(signals.fd, events: .readable)
        poll.add(wakeup.fd, events: .readable)
        let now = clock.now
        if let running {
            if running.backoff.accepts(.ingest, at: now) {
                poll.add(running.listeners.ingest, events: .readable)
                slots.append(.ingestListener)
            }
            if running.backoff.accepts(.control, at: now) {
                poll.add(running.listeners.control, events: .readable)
                slots.append(.controlListener)
            }
        }
        let accepting = !isDraining && !queue.isFull
        budget = Budget(limit: options.config.ingest.maxBufferedBytes, ingest: ingest.values, control: control.values)
        for (id, c) in ingest {
            var events: PollEvents = []
            if accepting && !c.inputEnded && !c.peerGone && budget.mayRead(c) { events.insert(.readable) }
            if c.pendingOutput > 0 && !c.peerGone { events.insert(.writable) }
            // A producer held back by the budget is watched for its hang-up, once (`hangUpSeen`).
            // One held back by the queue stays out of the set: poll would otherwise report its
            // hang-up at once, again and again.
            let watch = accepting && budget.spent && !c.hangUpSeen && !c.inputEnded && !c.peerGone
            guard !events.isEmpty || watch else { continue }
            poll.add(c.fd, events: events)
            slots.append(.ingest(id))
        }
        for (id, c) in control {
            var events: PollEvents = c.accepting ? .readable : []
            if c.pendingOutput > 0 && !c.peerGone { events.insert(.writable) }
            guard !events.isEmpty else { continue }
            poll.add(c.fd, events: events)
            slots.append(.control(id))
        }
        registerMetrics(in: &poll, &slots)
        return slots
    }

    func dispatch(_ poll: PollSet, _ slots: [PollSlot]) {
        for (index, slot) in slots.enumerated() {
            let events = poll.returnedEvents(at: index)
            guard !events.isEmpty else { continue }
            switch slot {
            case .signals: handleSignals()
            case .wakeup: wakeup.drain()
            case .ingestListener: acceptIngest()
            case .controlListener: acceptControl()
            case .ingest(let id):
                guard let c = ingest[id] else { continue }
                if events.contains(.hangup) { c.hangUpSeen = true }
                if !events.isDisjoint(with: [.readable, .error]) { budget.read(c) { readIngest(c) } }
            case .control(let id): if let c = control[id] { handleControlInput(c) }
            case .metricsListener:
                guard let running, let metrics = running.listeners.metrics else { continue }
                metrics.accept(now: clock.now) { acceptNext(metrics.fd, .metrics, running) }
            case .metrics(let id): serviceMetrics(id)
            }
        }
    }

    private func acceptIngest() {
        guard let running else { return }
        while let fd = acceptNext(running.listeners.ingest, .ingest, running) {
            let id = nextConnectionID
            nextConnectionID += 1
            let c = options.config
            ingest[id] = IngestConnection(id: id, fd: fd, parser: c.recordParser(inputs: service.inputs),
                                          maxLineBytes: c.ingest.maxRecordBytes)
            io.ingestConnectionsTotal += 1
        }
    }

    /// Reads one chunk from a producer, unless the learner queue is full (backpressure).
    private func readIngest(_ c: IngestConnection) {
        guard !queue.isFull, !c.inputEnded, !c.peerGone else { return }
        do {
            let items = try c.readItems(into: &readBuffer)
            c.inFlight += items.count
            io.read += items.count
            queue.push(items)
        } catch {
            c.peerGone = true
        }
    }

    /// Runs on this thread with one learner batch's replies (in order) and finished counts.
    func deliver(_ result: BatchResult) {
        for (id, line) in result.replies {
            guard let c = ingest[id], c.queueReply(line) else { io.repliesDropped += 1; continue }
        }
        for (id, n) in result.finished { ingest[id]?.inFlight -= n }
    }

    /// One pending connection on `listener`, or nil when there is none or accepting failed: then
    /// the listener rests (`AcceptBackoff`), and the control socket first spends the reserve
    /// descriptor, so that it still answers at the descriptor limit.
    func acceptNext(_ listener: FileDescriptor, _ which: Listener, _ running: Running) -> FileDescriptor? {
        do {
            return try UnixSocket.accept(listener)
        } catch {
            if which == .control, error.errno == .tooManyOpenFiles, running.reserve.release(),
               let fd = try? UnixSocket.accept(listener) {   // the failure, if any, is the one logged below
                return fd
            }
            if let line = running.backoff.failed(which, error, at: clock.now) { log.warning(line) }
            return nil
        }
    }

    func reapConnections() {
        listeners?.metrics?.reap(now: clock.now)
        var freed = false
        for (id, c) in ingest where c.finished {
            close(c.fd)
            ingest[id] = nil
            freed = true
        }
        for (id, c) in control where c.finished {
            close(c.fd)
            control[id] = nil
            freed = true
        }
        running?.reserve.refill()
        if freed { running?.backoff.resume(); returnFreeMemory() }
    }

    /// After connections closed: their buffers go back to the kernel, at most once a second.
    private func returnFreeMemory() {
        let now = clock.now
        if let last = timers.lastTrim, now - last < .seconds(1) { return }
        timers.lastTrim = now
        ProcessInfo.returnFreeMemory()
    }

    /// Closes a connection's descriptor. close(2) on a socket fails only with EBADF (a bug) or
    /// EINTR, after which Linux has closed it anyway: there is nothing to retry or report.
    func close(_ fd: FileDescriptor) {
        try? fd.close()
    }

    private func handleSignals() {
        for signal in takeSignals() {
            switch signal {
            case SIGHUP: _ = applyReload(reason: "SIGHUP")   // logged; nobody to answer
            default: beginShutdown(reason: signal == SIGINT ? "SIGINT" : "SIGTERM")
            }
        }
    }
}
