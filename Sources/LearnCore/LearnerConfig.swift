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

/// Everything the learner needs to be built and to step. Plain values; validated by `validate()`.
///
/// Invariants after `validate()`: `inputs ≥ 1`, every hidden width ≥ 1, `outputs ≥ 1`,
/// `learningRate > 0`, `0 ≤ momentum < 1`, `replayK ≥ 0`, `replayCapacity ≥ 0`,
/// `0 ≤ pruneTargetSparsity < 1`, `pruneStart ≤ pruneEnd`, `pruneEvery ≥ 1`.
public struct LearnerConfig: Equatable, Sendable {
    public var inputs: Int
    public var hidden: [Int] = [128]
    public var outputs: Int = 16
    public var task: Task = .classify
    public var activation: Activation = .relu
    /// Seeds the one generator the learner owns (init, replay draws, reservoir).
    public var seed: UInt64 = 1

    public var optimizer: OptimizerKind = .sgd
    public var learningRate: Float = 0.05
    public var momentum: Float = 0
    public var adamBeta1: Float = 0.9
    public var adamBeta2: Float = 0.999
    public var adamEpsilon: Float = 1e-8
    /// Records drawn from the reservoir per step (the mini-batch is new + `replayK`).
    public var replayK: Int = 8
    /// Global gradient L2-norm ceiling; 0 turns clipping off.
    public var clipNorm: Float = 0

    public var replayCapacity: Int = 1000
    public var replayPolicy: ReplayPolicy = .reservoir

    /// Final fraction of weights (not biases) masked to zero; 0 turns pruning off.
    public var pruneTargetSparsity: Float = 0
    /// Learned-record counts where the cubic schedule starts and ends.
    public var pruneStart: Int = 0
    public var pruneEnd: Int = 1000
    /// Re-mask every this many learned records.
    public var pruneEvery: Int = 50

    /// Window (records) of the "recent" prequential accuracy.
    public var recentWindow: Int = 500

    public init(inputs: Int) { self.inputs = inputs }

    /// Layer widths from input to output, e.g. `[64, 128, 10]`.
    public var widths: [Int] { [inputs] + hidden + [outputs] }
}
