import CheckpointFormat
import Config
import LearnCore
import Posix
import Storage
import SystemPackage
import Systemd
import Wire

extension Server {
    /// Lifecycle step 1: the newest valid checkpoint in the state directory (invalid newer ones
    /// are renamed `*.broken` with a log line), unless `--fresh`. A checkpoint whose model shape
    /// differs from the configuration is an error, and no file is touched.
    func restoreAtStart() throws(DaemonError) -> TunedLearner? {
        let dir = options.paths.stateDirectory
        do { try StateDirectory.prepare(FilePath(dir)) } catch {
            throw .startup("State directory: \(error)")
        }
        let config = options.config
        let fixedInputs = config.model.inputs
        guard !options.fresh else {
            log.notice("Starting fresh (--fresh): existing checkpoints in \(dir) are ignored")
            return fixedInputs.map { TunedLearner(config: config.learnerConfig(inputs: $0)) }
        }
        let store = CheckpointStore(directory: dir, keep: config.checkpoint.keep)
        let found: (path: FilePath, value: DecodedCheckpoint)?
        do {
            found = try store.loadNewestValid(decode: { try Checkpoint.decode($0) }, onBroken: { [log] path, reason in
                log.warning("Invalid checkpoint \(path): \(reason); renamed to \(path).broken, trying the next older one")
            })
        } catch {
            throw .startup("Cannot read checkpoints: \(error)")
        }
        guard let (path, decoded) = found else {
            return fixedInputs.map { TunedLearner(config: config.learnerConfig(inputs: $0)) }
        }
        let saved = decoded.state.config
        let wanted = config.learnerConfig(inputs: fixedInputs ?? saved.inputs)
        guard saved.widths == wanted.widths, saved.task == wanted.task, saved.activation == wanted.activation,
              saved.optimizer == wanted.optimizer, saved.replayCapacity == wanted.replayCapacity,
              saved.replayPolicy == wanted.replayPolicy else {
            throw .startup("Checkpoint \(path) holds a \(Self.describe(saved)) model but the configuration asks for \(Self.describe(wanted)); "
                           + "move the checkpoint away or start with --fresh")
        }
        let learner = TunedLearner(restoring: decoded.state, tuning: TuningConfig(mode: wanted.tuning))
        learner.retune(wanted)
        log.notice("Restored \(path): \(learner.counters.learned) records learned, \(adoptHistory(of: decoded))")
        return learner
    }

    static func describe(_ c: LearnerConfig) -> String {
        c.widths.map(String.init).joined(separator: "-") + " \(c.task.rawValue) \(c.activation.rawValue) \(c.optimizer.rawValue), replay \(c.replayCapacity) \(c.replayPolicy.rawValue)"
    }

    /// Lifecycle step 2: socket-activated descriptors (named `ingest`/`control`) or our own.
    func openSockets(activated: [(name: String, fd: Int32)]) throws(DaemonError) {
        for (name, raw) in activated {
            let fd = FileDescriptor(rawValue: raw)
            guard UnixSocket.isListeningUnixSocket(fd) else {
                throw .startup("Socket-activated descriptor \(raw) (\(name)) is not a listening Unix stream socket")
            }
            UnixSocket.setNonBlocking(fd)
            switch name {
            case "ingest": ingestListener = fd
            case "control": controlListener = fd
            default: log.warning("Ignoring socket-activated descriptor \(raw) named \"\(name)\" (expected ingest or control)")
            }
        }
        let c = options.config
        do {
            if ingestListener == nil {
                ingestListener = try UnixSocket.listen(path: options.paths.ingestSocket, mode: 0o660, createParent: true)
                ownedSocketPaths.append(options.paths.ingestSocket)
            }
            if controlListener == nil {
                let fd = try UnixSocket.listen(path: options.paths.controlSocket, mode: c.control.mode, createParent: true)
                controlListener = fd
                ownedSocketPaths.append(options.paths.controlSocket)
                if let group = c.control.group {
                    guard let gid = UnixSocket.groupID(named: group) else { throw DaemonError.startup("control.group: no group named \"\(group)\"") }
                    try UnixSocket.chown(path: options.paths.controlSocket, uid: nil, gid: gid)
                }
            }
        } catch let error as DaemonError {
            closeListeners()
            throw error
        } catch {
            closeListeners()
            throw .startup("\(error)")
        }
    }

    /// `restore` on the control socket: read and validate fully on the writer's side of things,
    /// then swap; a bad file leaves the running state untouched.
    func restore(_ request: JSON, _ respond: @escaping (JSON) -> Void) {
        guard let path = request["path"]?.stringValue else { return respond(failure("restore needs \"path\"")) }
        let decoded: DecodedCheckpoint
        do {
            decoded = try Checkpoint.decode(try DurableFile.read(FilePath(path), maxBytes: 1 << 30))
        } catch {
            return respond(failure("refused \(path): \(error); the running state is unchanged"))
        }
        let saved = decoded.state.config
        let c = options.config
        let wanted = c.learnerConfig(inputs: c.model.inputs ?? saved.inputs)
        guard saved.widths == wanted.widths || c.model.inputs == nil && service.inputs == nil,
              saved.task == wanted.task else {
            return respond(failure("refused \(path): it holds a \(Self.describe(saved)) model, this daemon runs \(Self.describe(wanted))"))
        }
        queue.send(.restore(decoded.state) { [unowned self] error in
            if let error { return respond(self.failure("\(error)")) }
            let history = self.adoptHistory(of: decoded)
            self.publishHistory()
            self.log.notice("Restored \(path) on request: \(decoded.state.counters.learned) records learned, \(history)")
            respond(.object([("ok", true), ("path", .string(path)), ("learned", .number(Double(decoded.state.counters.learned)))]))
        })
    }

    /// Takes the history a restored checkpoint carries as the daemon's (one without any leaves the
    /// daemon's as it is); what to say of it in the log line.
    private func adoptHistory(of decoded: DecodedCheckpoint) -> String {
        guard let history = decoded.meta.history else { return "no history" }
        timers.history.restore(history)
        return "\(history.samples.count) history samples"
    }
}
