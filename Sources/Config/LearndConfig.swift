import LearnCore

/// learnd's whole configuration (docs/configuration-keys.md) with the embedded
/// defaults: `LearndConfig()` is what learnd runs with when there is no file. Fields are set
/// through the key table (`ConfigTable.swift`), which validates, documents and renders them;
/// after `load` every invariant stated on a field holds.
public struct LearndConfig: Equatable, Sendable {
    public struct Model: Equatable, Sendable {
        /// Input width ≥ 1; nil = "auto" (fixed by the first valid record). Equals
        /// `featureNames.count` when names are given.
        public var inputs: Int? = nil
        /// Hidden layer widths, each in 1...65536; may be empty.
        public var hidden: [Int] = [128]
        /// Class slots (classify) or regression targets, ≥ 1.
        public var outputs = 16
        public var task: Task = .classify
        public var activation: Activation = .relu
        public var seed: UInt64 = 1
        /// Unique, non-empty names without commas, quotes or control characters.
        public var featureNames: [String]? = nil
        /// Classify: the fixed class map, slot i = `classes[i]`; at most `outputs` unique names.
        /// nil: slots in order of first appearance.
        public var classes: [String]? = nil
        /// Bytes the model may need (`memoryBytes(inputs:)`), 1 MiB...1 TiB; checked at load and on reload.
        public var maxMemory = ConfigLimits.defaultMaxMemory
    }
    public struct Train: Equatable, Sendable {
        public var optimizer: OptimizerKind = .sgd
        /// Step-size self-tuning; `.off` uses `learningRate` as set.
        public var tuning: TuningMode = .auto
        /// > 0.
        public var learningRate: Double = 0.05
        /// In [0, 1).
        public var momentum: Double = 0
        /// Reservoir records per step, 0...1024.
        public var replayK = 8
        /// Classify: ER-ACE's recent-class window in learned records, 0...2^20; 0 = off.
        public var aceWindow = 0
        /// Gradient L2-norm ceiling ≥ 0; 0 = off.
        public var clipNorm: Double = 0
        public var adamBeta1: Double = 0.9
        public var adamBeta2: Double = 0.999
        public var adamEpsilon: Double = 1e-8
        public var protect: MemoryProtection = .none
        /// Regress only: standardise targets online.
        public var normalizeTargets = true
    }
    public struct Protect: Equatable, Sendable {
        /// λ ≥ 0.
        public var strength: Double = 1
        /// Learned records between consolidations, ≥ 1.
        public var minInterval = 500
    }
    public struct Replay: Equatable, Sendable {
        /// Records kept, ≥ 0.
        public var capacity = 1000
        /// `.classBalanced` only with the classify task.
        public var policy: ReplayPolicy = .reservoir
        /// Classify: weight ≥ 0 of the stored-output (dark-experience) term; 0 = off.
        public var logitWeight: Double = 0
    }
    public enum PruneSchedule: String, Sendable, CaseIterable { case gradual }
    public struct Prune: Equatable, Sendable {
        /// In [0, 1); 0 = off.
        public var targetSparsity: Double = 0
        /// Learned-record counts, `start <= end`.
        public var start = 0
        public var end = 1000
        /// Learned records between re-maskings, ≥ 1.
        public var every = 50
        public var schedule: PruneSchedule = .gradual
    }
    public struct Drift: Equatable, Sendable {
        /// ADWIN with refresh-replay by default: on the weather stream +2.7 points of prequential
        /// accuracy; on class-incremental streams no change (a drift after a new class keeps the memory).
        public var detector: DriftDetectorKind = .adwin
        /// Empty = "none"; written as names joined by "+" ("boost-lr+consolidate").
        public var action: DriftActions = [.refreshReplay]
        /// ≥ 1.
        public var boostFactor: Double = 3
        /// ≥ 1.
        public var boostRecords = 500
        /// In [0, 1].
        public var replayKeep: Double = 0.1
    }
    public struct Checkpoint: Equatable, Sendable {
        /// Seconds ≥ 0 between checkpoints; 0 = off.
        public var everySeconds: Double = 60
        /// Learned records between checkpoints; 0 = off.
        public var everyRecords = 0
        /// Newest checkpoints kept, ≥ 1.
        public var keep = 5
    }
    public enum IngestFormat: String, Sendable, CaseIterable { case csv, jsonl, auto }
    public enum MissingPolicy: String, Sendable, CaseIterable { case reject }
    public struct Ingest: Equatable, Sendable {
        /// nil = `ingest.sock` in the runtime directory. At most 107 bytes.
        public var socket: String? = nil
        public var format: IngestFormat = .auto
        /// Longest record line in bytes, 64...16 MiB.
        public var maxRecordBytes = 65536
        /// Records queued for the learner before backpressure, ≥ 1. Each queued record holds its
        /// features (~0.35 KiB for 64): 1024 keeps serving within 3 MiB of private memory (Tools/bench-serve).
        public var queue = 1024
        public var missing: MissingPolicy = .reject
        /// Bytes of partially received lines and unsent replies learnd holds for all its clients
        /// together before it stops reading them, 64 KiB...1 GiB.
        public var maxBufferedBytes = 16 << 20
    }
    public struct Control: Equatable, Sendable {
        /// nil = `control.sock` in the runtime directory. At most 107 bytes.
        public var socket: String? = nil
        /// Permission bits of the control socket, 0...0o777.
        public var mode: UInt32 = 0o600
        public var group: String? = nil
        /// Peers allowed besides root and the daemon's own uid.
        public var allowUIDs: [UInt32] = []
    }
    public struct Metrics: Equatable, Sendable {
        /// Records in the "recent" prequential window, ≥ 1.
        public var recentWindow = 500
        /// The HTTP `GET /metrics` socket; nil = no HTTP listener (unless socket-activated). At most 107 bytes.
        public var socket: String? = nil
    }

    public struct Labels: Equatable, Sendable {
        /// `labels.pending_capacity`: predictions with an id kept for a later label.
        public var pendingCapacity = 4096
        /// `labels.pending_seconds`: how long such a prediction waits before it expires.
        public var pendingSeconds: Double = 86400
    }
    public var model = Model()
    public var train = Train()
    public var replay = Replay()
    public var prune = Prune()
    public var protect = Protect()
    public var drift = Drift()
    public var checkpoint = Checkpoint()
    public var ingest = Ingest()
    public var control = Control()
    public var metrics = Metrics()
    public var labels = Labels()
    /// Seconds (> 0) SIGTERM may spend learning what is queued before the final checkpoint.
    public var shutdownTimeout: Double = 10

    /// The built-in defaults.
    public init() {}

    /// The core's configuration for an input width (`model.inputs`, or the first record's width); with
    /// `train.tuning = "auto"` a small classification memory's replay as `resolvingSmallMemory` sets it.
    public func learnerConfig(inputs: Int) -> LearnerConfig {
        var c = LearnerConfig(inputs: inputs)
        c.hidden = model.hidden
        c.outputs = model.outputs
        c.task = model.task
        c.activation = model.activation
        c.seed = model.seed
        c.classes = model.classes ?? []
        c.optimizer = train.optimizer
        c.learningRate = Float(train.learningRate)
        c.tuning = train.tuning
        c.momentum = Float(train.momentum)
        c.adamBeta1 = Float(train.adamBeta1)
        c.adamBeta2 = Float(train.adamBeta2)
        c.adamEpsilon = Float(train.adamEpsilon)
        c.replayK = train.replayK
        c.clipNorm = Float(train.clipNorm)
        c.aceWindow = train.aceWindow
        c.replayCapacity = replay.capacity
        c.replayPolicy = replay.policy
        c.replayLogitWeight = Float(replay.logitWeight)
        c.pruneTargetSparsity = Float(prune.targetSparsity)
        c.pruneStart = prune.start
        c.pruneEnd = prune.end
        c.pruneEvery = prune.every
        c.recentWindow = metrics.recentWindow
        c.driftDetector = drift.detector
        c.driftActions = drift.action
        c.driftBoostFactor = Float(drift.boostFactor)
        c.driftBoostRecords = drift.boostRecords
        c.driftReplayKeep = Float(drift.replayKeep)
        c.protect = train.protect
        c.protectStrength = Float(protect.strength)
        c.protectMinInterval = protect.minInterval
        c.normalizeTargets = train.normalizeTargets
        c.pendingCapacity = labels.pendingCapacity
        c.pendingSeconds = labels.pendingSeconds
        return c.resolvingSmallMemory
    }
}
