import LearnCore

/// Every key learnd reads, in the order of the default file: the one place that lists them.
/// A new key is one line here (plus its field in `LearndConfig`); loading, `--set`,
/// validation messages, the default file, `effectiveText()` and reload checks follow from it.
extension ConfigKey {
    /// Built once, on first use (a load, a render or a comparison reads it many times). `nonisolated(unsafe)`:
    /// a `let` never written after its initialiser, whose closures capture only key paths and constants (key
    /// paths are not `Sendable` in Swift 6.3, which is all that keeps `ConfigKey` from being).
    nonisolated(unsafe) static let all: [ConfigKey] = {
        [
            seconds("shutdown_timeout", "seconds SIGTERM may spend learning what is queued before the final checkpoint",
                    .restart, must: "> 0", { $0 > 0 }, \.shutdownTimeout),
        ] + model + train + replay + prune + protect + drift + checkpoint + ingest + control + metrics + labels
    }()

    private static var model: [ConfigKey] {
        [
            modelInputs,
            modelHidden,
            int("model.outputs", "output slots: the class capacity (classify) or the target count (regress)",
                .newModel, min: 1, max: 1 << 16, \.model.outputs),
            choice("model.task", "\"classify\" (softmax cross-entropy) or \"regress\" (mean squared error)",
                   .newModel, \.model.task),
            choice("model.activation", "hidden-layer nonlinearity: \"relu\" or \"tanh\"", .newModel, \.model.activation),
            modelSeed,
            modelFeatureNames,
            modelClasses,
            modelMaxMemory,
        ]
    }

    private static var train: [ConfigKey] {
        [
            choice("train.optimizer", "\"sgd\" (with momentum when momentum > 0) or \"adam\"", .newModel, \.train.optimizer),
            choice("train.tuning", "\"auto\" (a population tunes the learning rate online) or \"off\" (learning_rate as set)",
                   .restart, \.train.tuning),
            double("train.learning_rate", "optimiser step size (with tuning \"auto\": where the search starts)", .live,
                   must: "> 0", { Float($0) > 0 }, \.train.learningRate),
            double("train.momentum", "SGD heavy-ball momentum (0 = plain SGD)", .live, must: "in [0, 1)",
                   { $0 >= 0 && $0 < 1 }, \.train.momentum),
            int("train.replay_k", "records drawn from the replay reservoir per step (mini-batch = 1 + replay_k; "
                + "twice that for regress with tuning \"auto\")",
                .live, min: 0, max: 1024, \.train.replayK),
            int("train.ace_window",
                "classify: ER-ACE, the new record's loss covers only the classes of the last N records (0 = off)",
                .live, min: 0, max: 1 << 20, \.train.aceWindow),
            double("train.clip_norm", "gradient L2-norm ceiling (0 = off)", .live, must: ">= 0", { $0 >= 0 },
                   \.train.clipNorm),
            double("train.adam_beta1", "Adam's first-moment decay", .newModel, must: "in [0, 1)",
                   { $0 >= 0 && $0 < 1 }, \.train.adamBeta1),
            double("train.adam_beta2", "Adam's second-moment decay", .newModel, must: "in [0, 1)",
                   { $0 >= 0 && $0 < 1 }, \.train.adamBeta2),
            double("train.adam_epsilon", "Adam's denominator guard", .newModel, must: "> 0", { Float($0) > 0 },
                   \.train.adamEpsilon),
            choice("train.protect", "memory protection: \"none\", \"si\" (Synaptic Intelligence) or \"ewc\" (online EWC)",
                   .live, \.train.protect),
            ConfigKey("train.normalize_targets", "regress: learn targets standardised online (predictions in target units)",
                      .newModel, set: { c, v in
                          guard case .bool(let b) = v else { return .expected("true or false") }
                          c.train.normalizeTargets = b
                          return nil
                      }, get: { c in .bool(c.train.normalizeTargets) }),
        ]
    }

    private static var protect: [ConfigKey] {
        [
            double("protect.strength", "λ of the SI/EWC penalty (importance is scaled to mean 1)", .live, must: ">= 0",
                   { $0 >= 0 }, \.protect.strength),
            count("protect.min_interval", "fewest learned records between two consolidations", .live, min: 1,
                  \.protect.minInterval),
        ]
    }

    private static var replay: [ConfigKey] {
        [
            int("replay.capacity", "records kept in the replay reservoir", .newModel, min: 0, max: 1 << 24,
                \.replay.capacity),
            choice("replay.policy", "\"reservoir\" (uniform over all records) or \"class-balanced\" (classify only)",
                   .newModel, \.replay.policy),
            double("replay.logit_weight",
                   "classify: dark-experience replay, pull replayed outputs to those stored with them (0 = off)",
                   .live, must: ">= 0", { $0 >= 0 }, \.replay.logitWeight),
        ]
    }

    private static var prune: [ConfigKey] {
        [
            double("prune.target_sparsity", "final fraction of weights pruned to zero (0 = off)", .live,
                   must: "in [0, 1)", { $0 >= 0 && $0 < 1 }, \.prune.targetSparsity),
            count("prune.start", "learned records at which pruning starts", .live, min: 0, \.prune.start),
            count("prune.end", "learned records at which the target sparsity is reached", .live, min: 0, \.prune.end),
            count("prune.every", "re-mask every this many learned records", .live, min: 1, \.prune.every),
            choice("prune.schedule", "\"gradual\": Zhu and Gupta's cubic schedule from start to end", .live,
                   \.prune.schedule),
        ]
    }

    private static var drift: [ConfigKey] {
        [
            choice("drift.detector", "drift detector on the prequential error: \"none\", \"page-hinkley\" or \"adwin\"",
                   .live, \.drift.detector),
            driftAction,
            double("drift.boost_factor", "boost-lr: learning-rate multiplier right after a rise of the error", .live,
                   must: ">= 1", { $0 >= 1 }, \.drift.boostFactor),
            count("drift.boost_records", "boost-lr: learned records over which the boost decays back to 1", .live,
                  min: 1, \.drift.boostRecords),
            double("drift.replay_keep", "refresh-replay: fraction of the replay memory kept at a rise of the error",
                   .live, must: "in [0, 1]", { $0 >= 0 && $0 <= 1 }, \.drift.replayKeep),
        ]
    }

    private static var checkpoint: [ConfigKey] {
        [
            seconds("checkpoint.every_seconds", "seconds between checkpoints (0 = off, else >= 0.001)", .live,
                    must: ">= 0", { $0 >= 0 }, \.checkpoint.everySeconds),
            count("checkpoint.every_records", "learned records between checkpoints (0 = off)", .live, min: 0,
                  \.checkpoint.everyRecords),
            count("checkpoint.keep", "newest checkpoints kept in the state directory", .live, min: 1,
                  \.checkpoint.keep),
        ]
    }

    private static var ingest: [ConfigKey] {
        [
            socketPath("ingest.socket", "ingest socket path (default: ingest.sock in the runtime directory)",
                       \.ingest.socket),
            choice("ingest.format", "\"csv\", \"jsonl\" or \"auto\" (a line starting with { is JSON)", .restart,
                   \.ingest.format),
            int("ingest.max_record_bytes", "longest accepted record line, in bytes", .restart, min: 64, max: 1 << 24,
                \.ingest.maxRecordBytes),
            int("ingest.queue", "records waiting for the learner before producers are slowed down", .restart,
                min: 1, max: 1 << 20, \.ingest.queue),
            choice("ingest.missing", "what a missing or invalid feature does: \"reject\" the record", .restart,
                   \.ingest.missing),
            int("ingest.max_buffered_bytes", "bytes of partial lines and unsent replies held for all clients together "
                + "before learnd stops reading them", .restart, min: 1 << 16, max: 1 << 30, \.ingest.maxBufferedBytes),
        ]
    }

    private static var control: [ConfigKey] {
        [
            socketPath("control.socket", "control socket path (default: control.sock in the runtime directory)",
                       \.control.socket),
            controlMode,
            controlGroup,
            controlAllowUIDs,
        ]
    }

    private static var labels: [ConfigKey] {
        [
            int("labels.pending_capacity",
                "predictions with an id kept for a later label (oldest evicted first; ~4 × inputs + 250 bytes each)",
                .live, min: 1, max: 1 << 24, \.labels.pendingCapacity),
            seconds("labels.pending_seconds", "seconds a prediction with an id waits for its label before it expires",
                    .live, must: "> 0", { $0 > 0 }, \.labels.pendingSeconds),
        ]
    }

    private static var metrics: [ConfigKey] {
        [
            int("metrics.recent_window", "records in the recent prequential accuracy window", .newModel,
                min: 1, max: 1 << 20, \.metrics.recentWindow),
            socketPath("metrics.socket", "HTTP GET /metrics socket path (default: none, no HTTP listener)",
                       \.metrics.socket),
        ]
    }
}
