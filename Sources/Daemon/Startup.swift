import CheckpointFormat
import Config
import LearnCore
import Posix
import Protocol
import Storage
import SystemPackage
import Systemd
import Wire

extension Server {
    /// Lifecycle step 1: the newest valid checkpoint in the state directory (invalid newer ones
    /// are renamed `*.broken` with a log line), unless `--fresh`. A checkpoint whose model shape
    /// differs from the configuration is an error, and no file is touched.
    static func restoreAtStart(_ options: ServeOptions, _ log: Log) throws(DaemonError) -> Restored {
        let dir = options.paths.stateDirectory
        do { try StateDirectory.prepare(FilePath(dir)) } catch {
            throw .startup("State directory: \(error)")
        }
        let config = options.config
        let fixedInputs = config.model.inputs
        guard !options.fresh else {
            log.notice("Starting fresh (--fresh): existing checkpoints in \(dir) are ignored")
            return Restored(learner: fixedInputs.map { TunedLearner(config: config.learnerConfig(inputs: $0)) }, history: nil)
        }
        var store = CheckpointStore(directory: dir, keep: config.checkpoint.keep)
        store.maxFileBytes = Checkpoint.maxFileBytes   // the format's own bound, as every other reader uses
        let found: (path: FilePath, value: DecodedCheckpoint)?
        do {
            found = try store.loadNewestValid(decode: { try Checkpoint.decode($0) }, onBroken: { [log] path, reason in
                log.event(.fellBack, .warning, "Invalid checkpoint \(path): \(reason); renamed to \(path).broken, "
                          + "trying the next older one", ["CHECKPOINT_PATH": "\(path)", "ERROR": "\(reason)"])
            })
        } catch {
            throw .startup("Cannot read checkpoints: \(error)")
        }
        guard let (path, decoded) = found else {
            return Restored(learner: fixedInputs.map { TunedLearner(config: config.learnerConfig(inputs: $0)) }, history: nil)
        }
        let saved = decoded.state.config
        let wanted = config.learnerConfig(inputs: fixedInputs ?? saved.inputs)
        let keys = saved.newModelKeys(toBecome: wanted)
        guard keys.isEmpty else {
            throw .startup("Checkpoint \(path) was made with other values of \(keys.joined(separator: ", ")), which need a new "
                           + "model (it holds a \(describe(saved)) model, the configuration asks for "
                           + "\(describe(wanted))); set them back, move the checkpoint away or start with --fresh")
        }
        if let mismatch = wanted.classMapMismatch(decoded.state.labels) {
            throw .startup("Checkpoint \(path): \(mismatch); set model.classes back, move the checkpoint away or start with --fresh")
        }
        let learner = TunedLearner(restoring: decoded.state, tuning: TuningConfig(mode: wanted.tuning))
        learner.retune(wanted)
        let history = decoded.meta.history
        let learned = learner.counters.learned
        log.event(.restored, .notice, "Restored \(path): \(learned) records learned, "
                  + (history.map { "\($0.samples.count) history samples" } ?? "no history"),
                  ["CHECKPOINT_PATH": "\(path)", "RECORDS_LEARNED": "\(learned)", "RESTORE_TRIGGER": "start"])
        return Restored(learner: learner, history: history)
    }

    /// What start-up restored: the learner (nil while the width is "auto" and nothing was saved)
    /// and the learning history its checkpoint carried.
    struct Restored {
        var learner: TunedLearner?
        var history: LearningHistory?
    }

    static func describe(_ c: LearnerConfig) -> String {
        c.widths.map(String.init).joined(separator: "-") + " \(c.task.rawValue) \(c.activation.rawValue) \(c.optimizer.rawValue), replay \(c.replayCapacity) \(c.replayPolicy.rawValue)"
    }

    /// `restore` on the control socket: read and validate fully, then swap; a bad file leaves the
    /// running state untouched. The checkpoint's width and task must be the running ones (a width
    /// not fixed yet is taken from it); its other model settings (`ModelSetting`) must equal the
    /// configuration's unless `adopt` is set (docs/control-protocol.md, "restore"). `done` gets the
    /// records the restored state had learned, or why it was refused.
    func restoreOnRequest(path: String, adopt: Bool, _ done: @escaping (Result<Int, Refusal>) -> Void) {
        let decoded: DecodedCheckpoint
        do {
            decoded = try Checkpoint.decode(try DurableFile.readRegular(FilePath(path), maxBytes: Checkpoint.maxFileBytes))
        } catch {
            return done(.failure(Refusal(description: "refused \(path): \(error); the running state is unchanged")))
        }
        let saved = decoded.state.config
        let c = options.config
        let wanted = c.learnerConfig(inputs: c.model.inputs ?? service.inputs ?? saved.inputs)
        let keys = saved.newModelKeys(toBecome: wanted)
        let fixed = Set([ModelSetting.inputs, .task, .outputs].map(\.configKey))
        if !keys.isEmpty && (!adopt || keys.contains(where: fixed.contains)) {
            let how = keys.contains(where: fixed.contains) ? "" : "; send \"adopt\": true (learnctl restore --adopt) to take the checkpoint's"
            return done(.failure(Refusal(description: "refused \(path): its \(keys.joined(separator: ", ")) differ from the running configuration "
                + "(it holds a \(Self.describe(saved)) model, this daemon runs \(Self.describe(wanted)))\(how)")))
        }
        queue.send(.restore(decoded.state) { [unowned self] error in
            if let error { return done(.failure(Refusal(description: "\(error)"))) }
            let history = self.adoptHistory(of: decoded)
            self.publishHistory()
            let adopted = keys.isEmpty ? "" : "; adopted its \(keys.joined(separator: ", ")) until the next restart"
            let learned = decoded.state.counters.learned
            self.log.event(.restored, .notice, "Restored \(path) on request: \(learned) records learned, \(history)\(adopted)",
                           ["CHECKPOINT_PATH": path, "RECORDS_LEARNED": "\(learned)", "RESTORE_TRIGGER": "request"])
            done(.success(learned))
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
