/// The learning task: which loss and which kind of target.
public enum Task: String, Sendable, CaseIterable {
    /// Softmax cross-entropy over class slots; targets are class names.
    case classify
    /// Mean squared error; targets are `outputs` real values.
    case regress
}

/// Hidden-layer nonlinearity.
public enum Activation: String, Sendable, CaseIterable {
    case relu, tanh
}

public enum OptimizerKind: String, Sendable, CaseIterable {
    /// SGD, with heavy-ball momentum when `momentum > 0` (PyTorch's formulation).
    case sgd
    /// Adam (Kingma and Ba 2015) with bias correction.
    case adam
}

public enum ReplayPolicy: String, Sendable, CaseIterable {
    /// Vitter's Algorithm R over all records.
    case reservoir
    /// Capacity shared evenly among the classes seen so far; Algorithm R within each class.
    case classBalanced = "class-balanced"
}

/// Memory protection: a quadratic penalty that holds parameters important to what was learned
/// before near their values at the last consolidation.
public enum MemoryProtection: String, Sendable, CaseIterable {
    case none
    /// Synaptic Intelligence (Zenke, Poole and Ganguli 2017): importance from the path integral
    /// of the loss decrease each parameter caused.
    case si
    /// Online EWC (Kirkpatrick et al. 2017; Schwarz et al. 2018): importance from a running
    /// diagonal Fisher estimate, folded in with decay at each consolidation.
    case ewc
}

/// The detector watching the prequential error.
public enum DriftDetectorKind: String, Sendable, CaseIterable {
    case none
    case pageHinkley = "page-hinkley"
    case adwin
}

/// What a detected drift does. `boostLR` and `refreshReplay` answer a rise of the error;
/// `consolidate` (memory protection) answers any detection.
public struct DriftActions: OptionSet, Equatable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Multiply the learning rate by `driftBoostFactor`, decaying back to 1 over `driftBoostRecords`.
    public static let boostLR = DriftActions(rawValue: 1)
    /// A consolidation point for SI/EWC (subject to `protectMinInterval`).
    public static let consolidate = DriftActions(rawValue: 2)
    /// Keep only `driftReplayKeep` of the replay memory and restart its sampling, so that the
    /// new regime fills it quickly. Not when the drift follows a new class (class-incremental).
    public static let refreshReplay = DriftActions(rawValue: 4)

    /// Names as in `drift.action`, joined by "+": "none", "boost-lr", "consolidate", "refresh-replay".
    public static let names: [(String, DriftActions)] = [("boost-lr", .boostLR), ("consolidate", .consolidate),
                                                         ("refresh-replay", .refreshReplay)]

    /// Parses "none" or names joined by "+" (any order, no repeats); nil when not valid.
    public init?(text: String) {
        self = []
        guard text != "none" else { return }
        for part in text.split(separator: "+", omittingEmptySubsequences: false) {
            guard let (_, action) = DriftActions.names.first(where: { $0.0 == part }), !contains(action) else { return nil }
            insert(action)
        }
    }

    public var text: String {
        let parts = DriftActions.names.filter { contains($0.1) }.map(\.0)
        return parts.isEmpty ? "none" : parts.joined(separator: "+")
    }
}

/// Everything the learner needs to be built and to step. Plain values; validated by `validate()`.
///
/// Invariants after `validate()`: `inputs ≥ 1`, every hidden width ≥ 1, `outputs ≥ 1`,
/// `learningRate > 0`, `0 ≤ momentum < 1`, `replayK ≥ 0`, `replayCapacity ≥ 0`,
/// `0 ≤ pruneTargetSparsity < 1`, `pruneStart ≤ pruneEnd`, `pruneEvery ≥ 1`, `protectStrength ≥ 0`,
/// `protectMinInterval ≥ 1`, `aceWindow ≥ 0`, `replayLogitWeight ≥ 0`, `driftBoostFactor ≥ 1`,
/// `driftBoostRecords ≥ 1`, `0 ≤ driftReplayKeep ≤ 1`.
public struct LearnerConfig: Equatable, Sendable {
    public var inputs: Int
    public var hidden: [Int] = [128]
    public var outputs: Int = 16
    public var task: Task = .classify
    public var activation: Activation = .relu
    /// Seeds the one generator the learner owns (init, replay draws, reservoir).
    public var seed: UInt64 = 1
    /// Classify: the fixed class map (`model.classes`): class `classes[i]` is output slot i from
    /// the start, so that every learner with the same list puts a class in the same slot (what
    /// averaging weights across devices needs). Empty: slots go to classes in order of first
    /// appearance. At most `outputs` names; a new learner starts with all of them assigned.
    public var classes: [String] = []

    public var optimizer: OptimizerKind = .sgd
    /// Step-size self-tuning by `TunedLearner` (a plain `Learner` ignores it); the core's default is off.
    public var tuning: TuningMode = .off
    public var learningRate: Float = 0.05
    public var momentum: Float = 0
    public var adamBeta1: Float = 0.9
    public var adamBeta2: Float = 0.999
    public var adamEpsilon: Float = 1e-8
    /// Records drawn from the reservoir per step (the mini-batch is new + `replayK`).
    public var replayK: Int = 8
    /// Global gradient L2-norm ceiling; 0 turns clipping off.
    public var clipNorm: Float = 0

    /// Classify: ER-ACE's asymmetric cross-entropy (Caccia et al. 2022). The incoming record's
    /// loss is the softmax cross-entropy over only the classes seen among the last `aceWindow`
    /// learned records (its own included); replayed records keep the full softmax. 0 = off (every
    /// row uses the full softmax). Ignored for regress.
    public var aceWindow: Int = 0

    public var replayCapacity: Int = 1000
    public var replayPolicy: ReplayPolicy = .reservoir
    /// Classify: dark-experience replay (DER++, Buzzega et al. 2020). Each record kept in the
    /// reservoir carries the network's outputs for it at the time it was learned, and a replayed
    /// record's loss adds `replayLogitWeight` × the mean over the output slots of (output − stored)²,
    /// so old classes keep their whole output profile, not only their label. 0 = off (nothing stored).
    /// Ignored for regress.
    public var replayLogitWeight: Float = 0

    /// Final fraction of weights (not biases) masked to zero; 0 turns pruning off.
    public var pruneTargetSparsity: Float = 0
    /// Learned-record counts where the cubic schedule starts and ends.
    public var pruneStart: Int = 0
    public var pruneEnd: Int = 1000
    /// Re-mask every this many learned records.
    public var pruneEvery: Int = 50

    /// Window (records) of the "recent" prequential accuracy.
    public var recentWindow: Int = 500

    /// Regress: learn targets standardised online (running mean and variance per output);
    /// predictions and metrics are de-normalised back to target units.
    public var normalizeTargets: Bool = true

    public var protect: MemoryProtection = .none
    /// λ of the penalty λ/2·Σ Ωᵢ(θᵢ − θ*ᵢ)².
    public var protectStrength: Float = 1
    /// Fewest learned records between two consolidations.
    public var protectMinInterval: Int = 500

    public var driftDetector: DriftDetectorKind = .none
    public var driftActions: DriftActions = []
    public var driftBoostFactor: Float = 3
    public var driftBoostRecords: Int = 500
    /// Fraction of the replay memory kept by `refreshReplay`.
    public var driftReplayKeep: Float = 0.1

    /// Most predictions kept waiting for their labels (the oldest is evicted first); ≥ 1.
    public var pendingCapacity: Int = 4096
    /// Seconds a prediction waits for its label before it expires; > 0.
    public var pendingSeconds: Double = 86400

    public init(inputs: Int) { self.inputs = inputs }

    /// Outputs stored per reservoir item: `outputs` with dark-experience replay (classify), else 0.
    public var replayLogitWidth: Int { task == .classify && replayLogitWeight > 0 ? outputs : 0 }

    /// Layer widths from input to output, e.g. `[64, 128, 10]`.
    public var widths: [Int] { [inputs] + hidden + [outputs] }
}
