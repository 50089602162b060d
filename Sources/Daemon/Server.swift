import Config
import LearnCore
import Posix
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import Systemd
import Wire

/// `learnd serve`: the lifecycle as a small state machine around one poll loop.
///
/// Threads: this one does all socket I/O, timers, signals (via signalfd) and systemd
/// notifications; the learner thread learns (`LearnerService`); the checkpoint writer thread
/// encodes and writes snapshots (`CheckpointWriter`). They talk through `LearnerQueue`
/// (bounded; full means backpressure) and `Mailbox` (results back to this thread).
///
/// Everything a server holds exists from its start to its end (no member is optional): it is
/// built only once signals, the restored learner and the listening sockets are in hand
/// (`run(options:log:)`). The phase owns what only it needs (Phase.swift): `running` the
/// listeners, their back-off and the reserve descriptor; `draining` its deadline.
public final class Server {
    let log: Log
    var options: ServeOptions
    let notifier = SystemdNotifier()
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    var phase: Phase

    let signals: SignalFD
    let wakeup: EventFD
    let mailbox: Mailbox
    let queue: LearnerQueue
    let service: LearnerService
    let writer: CheckpointWriter

    var ingest: [Int: IngestConnection] = [:]
    var control: [Int: ControlConnection] = [:]
    var nextConnectionID = 1
    var readBuffer = [UInt8](repeating: 0, count: 1 << 16)
    var io = IOCounters()
    var checkpoints = CheckpointRecord()
    var timers = Timers()
    /// What clients hold against `ingest.max_buffered_bytes`, recounted each loop turn.
    var budget: Budget
    var failures = EdgeFailures()

    /// Sets up (signals, the newest checkpoint, the sockets, the threads) and serves until
    /// SIGTERM/SIGINT; the exit status. A start-up problem throws (exit 1, one line).
    public static func run(options: ServeOptions, log: Log) throws(DaemonError) -> Int32 {
        let activated = SystemdNotifier.listenFileDescriptors()   // before any thread starts
        IO.ignoreSIGPIPE()
        let signals: SignalFD, wakeup: EventFD
        do {
            signals = try SignalFD.make(signals: [SIGTERM, SIGINT, SIGHUP])
            wakeup = try EventFD.make()
        } catch {
            throw .startup("Failed to set up signal handling: \(error)")
        }
        let restored = try restoreAtStart(options, log)
        let listeners = try Listeners.open(activated: activated, options: options, log: log)
        return Server(options: options, log: log, signals: signals, wakeup: wakeup, listeners: listeners,
                      restored: restored).serve()
    }

    private init(options: ServeOptions, log: Log, signals: SignalFD, wakeup: EventFD, listeners: Listeners,
                 restored: Restored) {
        let c = options.config
        let relay = Relay()
        let mailbox = Mailbox(wake: { wakeup.signal() })
        let queue = LearnerQueue(capacity: c.ingest.queue)
        let writer = CheckpointWriter(directory: options.paths.stateDirectory, keep: c.checkpoint.keep, mailbox: mailbox,
                                      configText: { [options] in options.configText })
        let every = c.checkpoint.everyRecords
        service = LearnerService(queue: queue, mailbox: mailbox, template: c.learnerConfig(inputs: c.model.inputs ?? 1),
                                 learner: restored.learner, fits: { c.memoryProblem(inputs: $0) }, checkpointEvery: every,
                                 deliver: { relay.server?.deliver($0) },
                                 onCheckpointDue: { state in
                                     writer.write(state, reason: "every \(every) records", coalesce: true) {
                                         relay.server?.recordCheckpoint($0)
                                     }
                                 },
                                 onDrift: { report in mailbox.post { relay.server?.logDrift(report) } },
                                 onTuningEvent: { reset in mailbox.post { log.tuningReset(reset) } })
        self.options = options
        self.log = log
        self.signals = signals
        self.wakeup = wakeup
        self.mailbox = mailbox
        self.queue = queue
        self.writer = writer
        started = clock.now
        phase = .running(Running(listeners: listeners))
        budget = Budget(limit: c.ingest.maxBufferedBytes, ingest: [], control: [])
        if let history = restored.history { timers.history.restore(history) }
        relay.server = self
    }

    /// Lets the learner's callbacks (built before the server exists) reach it; they run on the
    /// I/O thread (through the mailbox), where the server lives.
    private final class Relay: @unchecked Sendable {
        weak var server: Server?
    }

    private func serve() -> Int32 {
        startThreads()
        notify("READY=1\nSTATUS=listening on \(options.paths.ingestSocket)")
        let (ingestPath, controlPath) = (options.paths.ingestSocket, options.paths.controlSocket)
        log.event(.started, .notice, "learnd \(Version.string) listening: ingest \(ingestPath), control \(controlPath)",
                  ["VERSION": Version.string, "INGEST_SOCKET": ingestPath, "CONTROL_SOCKET": controlPath])
        timers.start(at: clock.now, config: options.config, watchdog: notifier.watchdogInterval)
        loop()
        return shutDown()
    }

    private func startThreads() {
        publishHistory()
        let service = self.service, writer = self.writer, mailbox = self.mailbox, log = self.log
        OSThread.spawn { CurrentThread.setName("learnd-learner"); service.run() }
        OSThread.spawn {
            CurrentThread.setName("learnd-ckpt")
            writer.run(lowered: { result in
                guard case .failure(let error) = result else { return }
                mailbox.post { log.warning("Checkpoint writer runs at the daemon's priority: \(error)") }
            })
        }
    }

    /// The poll loop: until the queue is drained after a stop request.
    private func loop() {
        var poll = PollSet()
        while true {
            if case .stopped = phase { return }
            poll.removeAll()
            let registrations = register(in: &poll)
            let timeout = timers.millisecondsUntilNext(from: clock.now, draining: isDraining, also: running?.backoff.nextResume)
            wait(&poll, timeoutMilliseconds: timeout)
            dispatch(poll, registrations)
            mailbox.drain()
            for connection in ingest.values { connection.flush() }
            for connection in control.values { connection.flush() }
            reapConnections()
            runTimers()
            checkDrained()
        }
    }

    var isDraining: Bool { if case .draining = phase { return true } else { return false } }

    /// What accepting needs, while running; nil once draining.
    var running: Running? { if case .running(let r) = phase { return r } else { return nil } }

    /// The listeners while running; nil once draining.
    var listeners: Listeners? { running?.listeners }
}
