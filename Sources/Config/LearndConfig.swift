import LearnCore

/// learnd's whole configuration (DESIGN.md, "Configuration (TOML)"), with the embedded
/// defaults. Every field is set through the key table in `ConfigKeys.swift`, which also
/// validates, documents and renders it.
public struct LearndConfig: Equatable, Sendable {
    public struct Model: Equatable, Sendable {
        /// Input width; nil = "auto" (fixed by the first valid record).
        public var inputs: Int? = nil
        public var hidden: [Int] = [128]
        public var outputs = 16
        public var task: Task = .classify
        public var activation: Activation = .relu
        public var seed: UInt64 = 1
        public var featureNames: [String]? = nil
    }
    public struct Train: Equatable, Sendable {
        public var optimizer: OptimizerKind = .sgd
        public var learningRate: Double = 0.05
        public var momentum: Double = 0
        public var replayK = 8
        public var clipNorm: Double = 0
        public var adamBeta1: Double = 0.9
        public var adamBeta2: Double = 0.999
        public var adamEpsilon: Double = 1e-8
    }
    public struct Replay: Equatable, Sendable {
        public var capacity = 1000
        public var policy: ReplayPolicy = .reservoir
    }
    public struct Prune: Equatable, Sendable {
        public var targetSparsity: Double = 0
        public var start = 0
        public var end = 1000
        public var every = 50
        public var schedule = "gradual"
    }
    public struct Drift: Equatable, Sendable {
        public var detector = "none"
        public var action = "none"
    }
    public struct Checkpoint: Equatable, Sendable {
        public var everySeconds: Double = 60
        public var everyRecords = 0
        public var keep = 5
    }
    public enum IngestFormat: String, Sendable, CaseIterable { case csv, jsonl, auto }
    public struct Ingest: Equatable, Sendable {
        public var socket: String? = nil
        public var format: IngestFormat = .auto
        public var maxRecordBytes = 65536
        public var queue = 4096
        public var missing = "reject"
    }
    public struct Control: Equatable, Sendable {
        public var socket: String? = nil
        /// Permission bits of the control socket (octal 0600 by default).
        public var mode: UInt32 = 0o600
        public var group: String? = nil
        public var allowUIDs: [UInt32] = []
    }
    public struct Metrics: Equatable, Sendable {
        /// Records in the "recent" prequential window.
        public var recentWindow = 500
    }

    public var model = Model()
    public var train = Train()
    public var replay = Replay()
    public var prune = Prune()
    public var drift = Drift()
    public var checkpoint = Checkpoint()
    public var ingest = Ingest()
    public var control = Control()
    public var metrics = Metrics()
    /// Seconds SIGTERM may spend learning what is queued before the final checkpoint.
    public var shutdownTimeout: Double = 10

    public init() {}

    /// The core's configuration for an input width (from `model.inputs` or the first record).
    public func learnerConfig(inputs: Int) -> LearnerConfig {
        var c = LearnerConfig(inputs: inputs)
        c.hidden = model.hidden
        c.outputs = model.outputs
        c.task = model.task
        c.activation = model.activation
        c.seed = model.seed
        c.optimizer = train.optimizer
        c.learningRate = Float(train.learningRate)
        c.momentum = Float(train.momentum)
        c.adamBeta1 = Float(train.adamBeta1)
        c.adamBeta2 = Float(train.adamBeta2)
        c.adamEpsilon = Float(train.adamEpsilon)
        c.replayK = train.replayK
        c.clipNorm = Float(train.clipNorm)
        c.replayCapacity = replay.capacity
        c.replayPolicy = replay.policy
        c.pruneTargetSparsity = Float(prune.targetSparsity)
        c.pruneStart = prune.start
        c.pruneEnd = prune.end
        c.pruneEvery = prune.every
        c.recentWindow = metrics.recentWindow
        return c
    }
}
