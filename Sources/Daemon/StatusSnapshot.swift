import LearnCore
import Protocol
import RecordPath

/// What `status` shows about the learner, published by the learner thread (a value copy, so the
/// I/O thread answers `status` without waiting for the learner).
struct LearnerStatus: Sendable {
    var shape: [Int] = []
    var task: Task = .classify
    var learned = 0
    var predicted = 0
    var rejectedByKind: [String: Int] = [:]
    var outliers = 0
    var accuracy = 0.0
    var recentAccuracy = 0.0
    var rmse = 0.0
    var recentRMSE = 0.0
    var loss = 0.0
    var classes: [String] = []
    var replaySize = 0
    var replayCapacity = 0
    /// Records in the reservoir per class name (classify).
    var replayHistogram: [String: Int] = [:]
    var sparsityPerLayer: [Double] = []
    var sparsity = 0.0
    var learningRate: Double = 0
    /// The drift detector ("none", "page-hinkley", "adwin"), its detections so far, and the
    /// learned-record indices (0-based) of the last ones kept (at most `DriftMonitor.maxEvents`), oldest first.
    var driftDetector = DriftDetectorKind.none
    var driftDetections = 0
    var driftRecords: [Int] = []
    /// The pending table and the delayed score (records with an id).
    var labels = LabelsFigures()
    /// Step-size tuning: mode, each member's learning rate, the member that predicts, exploits, resets.
    var tuning = TuningFigures()

    var rejected: Int { rejectedByKind.values.reduce(0, +) }

    init() {}

    init(_ learner: TunedLearner) {
        let m = learner.metrics
        shape = learner.config.widths
        task = learner.config.task
        learned = learner.counters.learned
        predicted = learner.counters.predicted
        rejectedByKind = learner.counters.rejectedByKind
        outliers = learner.normalizer.outliers
        accuracy = m.accuracy
        recentAccuracy = m.recentAccuracy
        rmse = m.rmse
        recentRMSE = m.recentRMSE
        loss = m.meanLoss
        classes = learner.labels.names
        replaySize = learner.reservoir.count
        replayCapacity = learner.reservoir.capacity
        if task == .classify {
            let counts = learner.reservoir.countsPerClass(slots: classes.count)
            for (name, n) in zip(classes, counts) where n > 0 { replayHistogram[name] = n }
        }
        sparsityPerLayer = learner.sparsityPerLayer
        sparsity = learner.sparsity
        learningRate = Double(learner.config.learningRate)
        driftDetector = learner.config.driftDetector
        driftDetections = learner.drift.detections
        driftRecords = learner.drift.events.map(\.record)
        labels = LabelsFigures(learner)
        tuning = TuningFigures(learner)
    }
}
