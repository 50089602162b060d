/// Prequential (test-then-train) metrics: each labelled record is scored by the prediction made
/// just before the learner steps on it.
///
/// Classify: accuracy overall and over the last `window` records, per-class counts by slot.
/// Regress: RMSE over all outputs, overall and over the last `window` records.
public struct PrequentialMetrics: Equatable, Sendable {
    public let window: Int
    public internal(set) var count: Int = 0
    public internal(set) var correct: Int = 0
    /// Σ prequential loss (cross-entropy or per-record mean squared error).
    public internal(set) var lossSum: Double = 0
    /// Σ over records of the mean squared error over outputs (regress).
    public internal(set) var squaredErrorSum: Double = 0
    /// Ring of the last `window` scores: 1/0 correctness (classify) or mean squared error (regress).
    public internal(set) var recent: [Double] = []
    public internal(set) var recentNext: Int = 0
    /// Per class slot: records seen and records predicted correctly.
    public internal(set) var classSeen: [Int]
    public internal(set) var classCorrect: [Int]

    public init(window: Int, slots: Int) {
        self.window = max(1, window)
        classSeen = [Int](repeating: 0, count: slots)
        classCorrect = [Int](repeating: 0, count: slots)
    }

    /// Restores saved metrics. Precondition: `recent.count ≤ window`, `recentNext < window`.
    public init(window: Int, count: Int, correct: Int, lossSum: Double, squaredErrorSum: Double,
                recent: [Double], recentNext: Int, classSeen: [Int], classCorrect: [Int]) {
        self.window = max(1, window)
        self.count = count
        self.correct = correct
        self.lossSum = lossSum
        self.squaredErrorSum = squaredErrorSum
        self.recent = recent
        self.recentNext = recentNext
        self.classSeen = classSeen
        self.classCorrect = classCorrect
    }

    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    public var meanLoss: Double { count == 0 ? 0 : lossSum / Double(count) }
    public var rmse: Double { count == 0 ? 0 : (squaredErrorSum / Double(count)).squareRoot() }
    /// Accuracy (classify) or RMSE (regress) over the recent window.
    public var recentAccuracy: Double { recent.isEmpty ? 0 : recent.reduce(0, +) / Double(recent.count) }
    public var recentRMSE: Double { recentAccuracy.squareRoot() }

    mutating func recordClassification(predicted: Int?, actual: Int, loss: Float) {
        let hit = predicted == actual
        count += 1
        if hit { correct += 1; classCorrect[actual] += 1 }
        classSeen[actual] += 1
        lossSum += Double(loss)
        pushRecent(hit ? 1 : 0)
    }

    mutating func recordRegression(meanSquaredError: Float) {
        count += 1
        lossSum += Double(meanSquaredError)
        squaredErrorSum += Double(meanSquaredError)
        pushRecent(Double(meanSquaredError))
    }

    private mutating func pushRecent(_ value: Double) {
        if recent.count < window { recent.append(value) } else { recent[recentNext] = value }
        recentNext = (recentNext + 1) % window
    }
}

/// Every record the learner saw, accounted for exactly once.
public struct Counters: Equatable, Sendable {
    public internal(set) var learned = 0
    public internal(set) var predicted = 0
    /// Rejections by reason kind (e.g. `non-finite`, `class-capacity`, `width`, `parse`).
    public internal(set) var rejectedByKind: [String: Int] = [:]

    public init() {}
    public init(learned: Int, predicted: Int, rejectedByKind: [String: Int]) {
        self.learned = learned
        self.predicted = predicted
        self.rejectedByKind = rejectedByKind
    }

    public var rejected: Int { rejectedByKind.values.reduce(0, +) }
    public var total: Int { learned + predicted + rejected }

    public mutating func countRejection(kind: String) { rejectedByKind[kind, default: 0] += 1 }
    public mutating func countLearned() { learned += 1 }
    public mutating func countPredicted() { predicted += 1 }
}
