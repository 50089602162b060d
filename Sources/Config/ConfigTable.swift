import LearnCore

/// Every key learnd reads, in the order of the default file. The one place that lists them.
extension ConfigKey {
    static var all: [ConfigKey] {
        typealias C = LearndConfig
        return [
            ConfigKey("model.inputs", "input width, or \"auto\" to take it from the first valid record",
                      set: { c, v in
                          if Read.string(v) == "auto" { c.model.inputs = nil; return nil }
                          guard let n = Read.int(v, min: 1, max: 1 << 20) else { return "\"auto\" or a positive integer" }
                          c.model.inputs = n; return nil
                      }, get: { c in c.model.inputs.map { .int($0) } ?? .string("auto") }),
            ConfigKey("model.hidden", "hidden layer widths, input to output",
                      set: { c, v in
                          guard let w = Read.ints(v, min: 1), w.allSatisfy({ $0 <= 1 << 16 }) else {
                              return "an array of positive integers, e.g. [128] or [128, 64]"
                          }
                          c.model.hidden = w; return nil
                      }, get: { c in .array(c.model.hidden.map { .int($0) }) }),
            int("model.outputs", "output slots: the class capacity (classify) or target count (regress)",
                min: 1, max: 1 << 16, \.model.outputs),
            choice("model.task", "\"classify\" (softmax cross-entropy) or \"regress\" (mean squared error)", \.model.task),
            choice("model.activation", "hidden activation: \"relu\" or \"tanh\"", \.model.activation),
            ConfigKey("model.seed", "seed of the one generator (initialisation, replay draws)",
                      set: { c, v in
                          guard let s = Read.int(v, min: 0) else { return "a non-negative integer" }
                          c.model.seed = UInt64(s); return nil
                      }, get: { c in .integer(Int64(truncatingIfNeeded: c.model.seed)) }),
            ConfigKey("model.feature_names", "names of the input features (checked against CSV headers; keys of JSON \"x\" objects)",
                      optional: true, set: { c, v in
                          guard let names = Read.strings(v), !names.isEmpty else { return "an array of strings" }
                          c.model.featureNames = names; return nil
                      }, get: { c in c.model.featureNames.map(TOMLValue.strings) }),

            choice("train.optimizer", "\"sgd\" or \"adam\"", \.train.optimizer),
            double("train.learning_rate", "step size", live: true, "a number > 0", { $0 > 0 }, \.train.learningRate),
            double("train.momentum", "SGD momentum (0 = plain SGD)", live: true, "a number in [0, 1)", { $0 >= 0 && $0 < 1 }, \.train.momentum),
            int("train.replay_k", "records replayed from the reservoir per step", live: true, min: 0, max: 1024, \.train.replayK),
            double("train.clip_norm", "gradient L2-norm ceiling (0 = off)", live: true, "a number >= 0", { $0 >= 0 }, \.train.clipNorm),
            double("train.adam_beta1", "Adam's first-moment decay", "a number in [0, 1)", { $0 >= 0 && $0 < 1 }, \.train.adamBeta1),
            double("train.adam_beta2", "Adam's second-moment decay", "a number in [0, 1)", { $0 >= 0 && $0 < 1 }, \.train.adamBeta2),
            double("train.adam_epsilon", "Adam's denominator guard", "a number > 0", { $0 > 0 }, \.train.adamEpsilon),

            int("replay.capacity", "records kept in the replay reservoir", min: 0, max: 1 << 24, \.replay.capacity),
            choice("replay.policy", "\"reservoir\" (uniform over all records) or \"class-balanced\"", \.replay.policy),

            double("prune.target_sparsity", "final fraction of weights pruned (0 = off)", live: true,
                   "a number in [0, 1)", { $0 >= 0 && $0 < 1 }, \.prune.targetSparsity),
            int("prune.start", "learned records when pruning starts", live: true, min: 0, max: .max, \.prune.start),
            int("prune.end", "learned records when the target sparsity is reached", live: true, min: 0, max: .max, \.prune.end),
            int("prune.every", "re-mask every this many learned records", live: true, min: 1, max: .max, \.prune.every),
            ConfigKey("prune.schedule", "\"gradual\": Zhu and Gupta's cubic schedule", live: true, set: { c, v in
                guard Read.string(v) == "gradual" else { return "\"gradual\"" }
                c.prune.schedule = "gradual"; return nil
            }, get: { c in .string(c.prune.schedule) }),

            word("drift.detector", "drift detector on the prequential error", live: true,
                 ["none", "page-hinkley", "adwin"], \.drift.detector),
            word("drift.action", "what a detected drift does", live: true,
                 ["none", "boost-lr", "consolidate", "boost-lr+consolidate"], \.drift.action),

            double("checkpoint.every_seconds", "seconds between checkpoints (0 = off)", live: true,
                   "a number >= 0", { $0 >= 0 }, \.checkpoint.everySeconds),
            int("checkpoint.every_records", "learned records between checkpoints (0 = off)", live: true, min: 0, max: .max,
                \.checkpoint.everyRecords),
            int("checkpoint.keep", "checkpoints kept in the state directory", live: true, min: 1, max: 10_000, \.checkpoint.keep),

            path("ingest.socket", "ingest socket path (default: ingest.sock in the runtime directory)", \.ingest.socket),
            choice("ingest.format", "\"csv\", \"jsonl\" or \"auto\" (a line starting with { is JSON)", \.ingest.format),
            int("ingest.max_record_bytes", "longest accepted record line, in bytes", min: 64, max: 1 << 24, \.ingest.maxRecordBytes),
            int("ingest.queue", "records waiting for the learner before producers are slowed", min: 1, max: 1 << 20, \.ingest.queue),
            word("ingest.missing", "what an invalid or missing feature does", live: false, ["reject"], \.ingest.missing),

            path("control.socket", "control socket path (default: control.sock in the runtime directory)", \.control.socket),
            ConfigKey("control.mode", "control socket permissions, octal", set: { c, v in
                var mode: Int?
                if let s = Read.string(v), !s.isEmpty, s.allSatisfy({ $0 >= "0" && $0 <= "7" }) { mode = Int(s, radix: 8) }
                else { mode = Read.int(v, min: 0) }
                guard let m = mode, m <= 0o777 else { return "permission bits like \"0600\" or 0o600" }
                c.control.mode = UInt32(m); return nil
            }, get: { c in .string("0" + String(c.control.mode, radix: 8)) }),
            path("control.group", "group owning the control socket", \.control.group),
            ConfigKey("control.allow_uids", "uids allowed on the control socket besides root and learnd's own", set: { c, v in
                guard let uids = Read.ints(v, min: 0), uids.allSatisfy({ $0 <= Int(UInt32.max) }) else { return "an array of uids" }
                c.control.allowUIDs = uids.map { UInt32($0) }; return nil
            }, get: { c in .array(c.control.allowUIDs.map { .int(Int($0)) }) }),

            int("metrics.recent_window", "records in the recent prequential window", min: 1, max: 1 << 20, \.metrics.recentWindow),
            double("shutdown_timeout", "seconds SIGTERM may spend learning what is queued", "a number > 0", { $0 > 0 },
                   \.shutdownTimeout),
        ]
    }
}
