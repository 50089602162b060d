/// Task-free consolidation points, in the manner of Aljundi, Kelchtermans and Tuytelaars 2019
/// ("Task-Free Continual Learning"): consolidate when the loss, having risen, plateaus.
///
/// Watches the prequential loss of each learned record in a window of 2·`half` records. The loss
/// has *risen* when the newer half's mean exceeds the level of the last plateau by half again
/// plus `riseMargin`; it *plateaus* when the newer half's mean is no longer below
/// `flatness` × the older half's. The first window counts as a rise (from nothing learned).
/// Whether the minimum interval between consolidations has passed is the caller's test.
public struct ConsolidationTrigger: Equatable, Sendable {
    public static let half = 50
    public static let riseMargin: Double = 0.05
    public static let flatness: Double = 0.95

    /// Ring of the last 2·half record losses.
    public var losses: [Float]
    public var next: Int
    /// Mean loss at the last plateau (0 before the first).
    public var plateauLoss: Double
    /// True after a rise, until the plateau that follows it is consolidated.
    public var risen: Bool

    public init() {
        self.init(losses: [], next: 0, plateauLoss: 0, risen: false)
    }

    public init(losses: [Float], next: Int, plateauLoss: Double, risen: Bool) {
        self.losses = losses
        self.next = next
        self.plateauLoss = plateauLoss
        self.risen = risen
    }

    /// Mean loss of the newer half of the window, once it is full.
    var recentLoss: Double? {
        let n = ConsolidationTrigger.half
        guard losses.count == 2 * n else { return nil }
        return halfMean(newer: true)
    }

    /// Feeds one record's loss; true when the loss has plateaued after a rise.
    mutating func observe(_ loss: Float) -> Bool {
        let n = 2 * ConsolidationTrigger.half
        guard loss.isFinite else { return false }
        if losses.count < n { losses.append(loss) } else { losses[next] = loss }
        next = (next + 1) % n
        guard losses.count == n else { return false }
        let newer = halfMean(newer: true), older = halfMean(newer: false)
        if newer > plateauLoss * 1.5 + ConsolidationTrigger.riseMargin { risen = true }
        return risen && newer >= ConsolidationTrigger.flatness * older
    }

    /// Called at each consolidation (plateau or drift): the current level becomes the plateau.
    mutating func consolidated() {
        plateauLoss = recentLoss ?? 0
        risen = false
    }

    /// Mean of the older or newer half of the full ring (`next` is the oldest item).
    private func halfMean(newer: Bool) -> Double {
        let n = ConsolidationTrigger.half
        var sum: Double = 0
        for j in 0..<n { sum += Double(losses[(next + j + (newer ? n : 0)) % (2 * n)]) }
        return sum / Double(n)
    }
}
