import Posix
import Prometheus
import SystemPackage

/// The opt-in HTTP listener: `GET /metrics` on a Unix socket (`metrics.socket`, or a socket-activated descriptor
/// named `metrics`), for `curl --unix-socket` and Unix-socket-capable scrapers. One request per connection: the
/// I/O thread reads the request head, writes one complete response and closes. Limits: `maxConnections` open at
/// once (more are closed at accept), `timeout` from accept to the response's last byte.
final class MetricsListener {
    static let maxConnections = 16
    static let timeout: Duration = .seconds(10)

    /// One scrape: the head read so far, then the response being written.
    final class Connection {
        let fd: FileDescriptor
        let accepted: ContinuousClock.Instant
        var head: [UInt8] = []
        var response: [UInt8]?
        var sent = 0
        var done = false

        init(fd: FileDescriptor, accepted: ContinuousClock.Instant) {
            self.fd = fd
            self.accepted = accepted
        }
    }

    let fd: FileDescriptor
    /// The path to unlink at close (nil for a socket-activated descriptor: systemd owns it).
    let ownedPath: String?
    private(set) var connections: [Int: Connection] = [:]
    private var nextID = 0

    init(fd: FileDescriptor, ownedPath: String?) {
        self.fd = fd
        self.ownedPath = ownedPath
    }

    /// Takes the connections `next` accepts until it has none (or failed: the server's `acceptNext` then rests
    /// this listener, as it does the others); beyond `maxConnections` a connection is closed at once.
    func accept(now: ContinuousClock.Instant, next: () -> FileDescriptor?) {
        while let client = next() {
            // close(2) of a socket just accepted: see `reap`.
            guard connections.count < Self.maxConnections else { try? client.close(); continue }
            nextID += 1
            connections[nextID] = Connection(fd: client, accepted: now)
        }
    }

    /// Reads from connection `id`; once its head is complete (or bad), renders the response with `metrics` and
    /// writes as much as the socket takes.
    func service(_ id: Int, buffer: inout [UInt8], metrics: (ExpositionFormat) -> String) {
        guard let c = connections[id] else { return }
        if c.response == nil { read(c, buffer: &buffer, metrics: metrics) }
        if c.response != nil { write(c) }
    }

    private func read(_ c: Connection, buffer: inout [UInt8], metrics: (ExpositionFormat) -> String) {
        let result: IOResult
        do {
            result = try buffer.withUnsafeMutableBytes { (b) throws(PosixError) -> IOResult in
                try IO.readSome(c.fd, into: b)
            }
        } catch {
            c.done = true
            return
        }
        switch result {
        case .wouldBlock: return
        case .eof: c.response = ScrapeHTTP.respond(to: ScrapeHTTP.parse(c.head[...]), metrics: metrics)
        case .bytes(let n):
            c.head += buffer[0..<n]
            let parsed = ScrapeHTTP.parse(c.head[...])
            if parsed != .needMore { c.response = ScrapeHTTP.respond(to: parsed, metrics: metrics) }
        }
    }

    private func write(_ c: Connection) {
        guard let response = c.response else { return }
        while c.sent < response.count {
            do {
                let written = try response.withUnsafeBytes { (b) throws(PosixError) -> Int? in
                    try IO.writeSome(c.fd, UnsafeRawBufferPointer(rebasing: b[c.sent...]))
                }
                guard let n = written else { return }
                c.sent += n
            } catch {
                break
            }
        }
        c.done = true
    }

    /// The poll events each connection waits for: readable while reading the head, writable while responding.
    var interest: [(id: Int, fd: FileDescriptor, events: PollEvents)] {
        connections.map { ($0.key, $0.value.fd, $0.value.response == nil ? PollEvents.readable : .writable) }
    }

    /// Closes finished connections and those older than `timeout`. (close(2) on a socket fails only with EBADF,
    /// a bug, or EINTR, after which Linux has closed it anyway: nothing to retry or report, here and below.)
    func reap(now: ContinuousClock.Instant) {
        for (id, c) in connections where c.done || now - c.accepted > Self.timeout {
            try? c.fd.close()
            connections[id] = nil
        }
    }

    /// Closes the listener and every connection, and removes the socket file learnd created.
    func close() {
        for c in connections.values { try? c.fd.close() }
        connections = [:]
        try? fd.close()
        if let ownedPath { UnixSocket.unlink(ownedPath) }
    }
}

extension Server {
    /// Adds the HTTP listener, while running, and its connections to the poll set.
    func registerMetrics(in poll: inout PollSet, _ slots: inout [PollSlot]) {
        guard let running, let listener = running.listeners.metrics else { return }
        if running.backoff.accepts(.metrics, at: clock.now) {
            poll.add(listener.fd, events: .readable)
            slots.append(.metricsListener)
        }
        for (id, fd, events) in listener.interest {
            poll.add(fd, events: events)
            slots.append(.metrics(id))
        }
    }

    func serviceMetrics(_ id: Int) {
        listeners?.metrics?.service(id, buffer: &readBuffer) { [unowned self] format in
            metricsText(format == .prometheus ? .prometheus : .openmetrics)
        }
    }
}
