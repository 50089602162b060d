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
public final class Server {
    enum Phase { case running, draining(deadline: ContinuousClock.Instant), stopping }

    let log: Log
    var options: ServeOptions
    let notifier = SystemdNotifier()
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    var phase = Phase.running

    var signals: SignalFD!
    var wakeup: EventFD!
    var mailbox: Mailbox!
    var queue: LearnerQueue!
    var service: LearnerService!
    var writer: CheckpointWriter!
    var ingestListener: FileDescriptor?
    var controlListener: FileDescriptor?
    var ownedSocketPaths: [String] = []
    var ingest: [Int: IngestConnection] = [:]
    var control: [Int: ControlConnection] = [:]
    var nextConnectionID = 1
    var readBuffer = [UInt8](repeating: 0, count: 1 << 16)
    var io = IOCounters()
    var checkpoints = CheckpointRecord()
    var timers = Timers()

    public init(options: ServeOptions, log: Log) {
        self.options = options
        self.log = log
        self.started = clock.now
    }

    /// Runs until SIGTERM/SIGINT; returns the exit status. Startup problems throw (exit 1, one line).
    public func run() throws(DaemonError) -> Int32 {
        let activated = SystemdNotifier.listenFileDescriptors()   // before any thread starts
        try setUpSignals()
        let restored = try restoreAtStart()
        try openSockets(activated: activated)
        startThreads(restored)
        _ = notifier.send("READY=1\nSTATUS=listening on \(options.paths.ingestSocket)")
        log.notice("learnd \(Version.string) listening: ingest \(options.paths.ingestSocket), control \(options.paths.controlSocket)")
        timers.start(at: clock.now, config: options.config, watchdog: notifier.watchdogInterval)
        loop()
        return shutDown()
    }

    private func setUpSignals() throws(DaemonError) {
        do {
            IO.ignoreSIGPIPE()
            signals = try SignalFD.make(signals: [SIGTERM, SIGINT, SIGHUP])
            wakeup = try EventFD.make()
        } catch {
            throw .startup("Failed to set up signal handling: \(error)")
        }
        mailbox = Mailbox(wake: { [wakeup] in wakeup?.signal() })
    }

    private func startThreads(_ learner: TunedLearner?) {
        let c = options.config
        queue = LearnerQueue(capacity: c.ingest.queue)
        writer = CheckpointWriter(directory: options.paths.stateDirectory, keep: c.checkpoint.keep, mailbox: mailbox,
                                  configText: { [options] in options.configText })
        service = LearnerService(queue: queue, mailbox: mailbox, template: c.learnerConfig(inputs: c.model.inputs ?? 1),
                                 learner: learner, checkpointEvery: c.checkpoint.everyRecords,
                                 deliver: { [unowned self] in self.deliver($0) },
                                 onCheckpointDue: { [writer, unowned self] state in
                                     writer!.write(state, reason: "every \(c.checkpoint.everyRecords) records", coalesce: true) {
                                         self.recordCheckpoint($0)
                                     }
                                 },
                                 onDrift: { [mailbox, unowned self] report in mailbox!.post { self.logDrift(report) } },
                                 onTuningEvent: { [mailbox, log] line in mailbox!.post { log.warning(line) } })
        publishHistory()
        let service = self.service!
        OSThread.spawn { CurrentThread.setName("learnd-learner"); service.run() }
        let writer = self.writer!, mailbox = self.mailbox!, log = self.log
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
            if case .stopping = phase { return }
            poll.removeAll()
            let registrations = register(in: &poll)
            let timeout = timers.millisecondsUntilNext(from: clock.now, draining: isDraining)
            _ = try? poll.wait(timeoutMilliseconds: timeout)
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
}
