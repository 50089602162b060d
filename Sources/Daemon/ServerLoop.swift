import Posix
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
        if let fd = ingestListener { poll.add(fd, events: .readable); slots.append(.ingestListener) }
        if let fd = controlListener { poll.add(fd, events: .readable); slots.append(.controlListener) }
        let accepting = !isDraining && !queue.isFull
        for (id, c) in ingest {
            var events: PollEvents = []
            if accepting && !c.inputEnded && !c.peerGone { events.insert(.readable) }
            if c.pendingOutput > 0 && !c.peerGone { events.insert(.writable) }
            // A producer we are not reading (backpressure) stays out of the set: poll would
            // otherwise report its hang-up at once, again and again.
            guard !events.isEmpty else { continue }
            poll.add(c.fd, events: events)
            slots.append(.ingest(id))
        }
        for (id, c) in control {
            poll.add(c.fd, events: c.pendingOutput > 0 ? [.readable, .writable] : .readable)
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
            case .ingest(let id): if let c = ingest[id] { readIngest(c) }
            case .control(let id): if let c = control[id] { handleControlInput(c) }
            case .metricsListener: metricsListener?.accept(now: clock.now)
            case .metrics(let id): serviceMetrics(id)
            }
        }
    }

    private func acceptIngest() {
        guard let listener = ingestListener else { return }
        while let fd = try? UnixSocket.accept(listener) {
            let id = nextConnectionID
            nextConnectionID += 1
            let c = options.config
            var parser = RecordParser(task: c.model.task == .classify ? .classify : .regress(outputs: c.model.outputs),
                                      format: RecordFormat(rawValue: c.ingest.format.rawValue)!,
                                      inputs: service.inputs ?? c.model.inputs, featureNames: c.model.featureNames,
                                      maxRecordBytes: c.ingest.maxRecordBytes)
            parser.reset()
            ingest[id] = IngestConnection(id: id, fd: fd, parser: parser, maxLineBytes: c.ingest.maxRecordBytes)
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

    func reapConnections() {
        for (id, c) in ingest where c.finished {
            try? c.fd.close()
            ingest[id] = nil
        }
        for (id, c) in control where c.finished {
            try? c.fd.close()
            control[id] = nil
        }
        metricsListener?.reap(now: clock.now)
    }

    private func handleSignals() {
        for signal in (try? signals.read()) ?? [] {
            switch signal {
            case SIGHUP: reload(reason: "SIGHUP")
            default: beginShutdown(reason: signal == SIGINT ? "SIGINT" : "SIGTERM")
            }
        }
    }
}
