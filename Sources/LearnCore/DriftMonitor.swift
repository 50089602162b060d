/// One detected drift: the learned-record index (0-based) whose prequential error completed the
/// detection, and whether the error rose (a rise is what boosts and refreshes answer).
public struct DriftEvent: Equatable, Sendable {
    public var record: Int
    public var rise: Bool

    public init(record: Int, rise: Bool) {
        self.record = record
        self.rise = rise
    }
}

/// Watches the prequential error with the configured detector and keeps what drift did: the
/// detections (count, and the last `maxEvents` of them) and the learning-rate boost in progress.
///
/// Fed once per learned record with the 0/1 error (classify) or the squared error in normalised
/// target units (regress), so the detectors' thresholds do not depend on the targets' scale.
public struct DriftMonitor: Equatable, Sendable {
    /// Events kept in `events` (older ones are dropped; `detections` counts them all).
    public static let maxEvents = 64
    /// A drift within this many learned records after a class's first record is attributed to
    /// the new class (class-incremental learning), not to a change of the known classes.
    public static let noveltyWindow = 500

    /// The detector in use (at most one is non-nil, as the config says).
    public var pageHinkley: PageHinkley?
    public var adwin: ADWIN?
    public var detections: Int
    public var events: [DriftEvent]
    /// Learned records left in the current learning-rate boost (0: none).
    public var boostRemaining: Int
    /// Learned-record index of the latest first record of a class (-1: none yet).
    public var lastNewClass: Int

    public init(detector: DriftDetectorKind) {
        self.init(pageHinkley: detector == .pageHinkley ? PageHinkley() : nil, adwin: detector == .adwin ? ADWIN() : nil,
                  detections: 0, events: [], boostRemaining: 0, lastNewClass: -1)
    }

    public init(pageHinkley: PageHinkley?, adwin: ADWIN?, detections: Int, events: [DriftEvent], boostRemaining: Int,
                lastNewClass: Int) {
        self.pageHinkley = pageHinkley
        self.adwin = adwin
        self.detections = detections
        self.events = events
        self.boostRemaining = boostRemaining
        self.lastNewClass = lastNewClass
    }

    public var detector: DriftDetectorKind { pageHinkley != nil ? .pageHinkley : adwin != nil ? .adwin : .none }

    /// Feeds one error; returns the event when the detector fired.
    mutating func observe(_ error: Double, record: Int) -> DriftEvent? {
        // Mutated in place (optional chaining), so the detectors' arrays are never copied.
        let rise: Bool
        if pageHinkley != nil {
            guard pageHinkley!.update(error) else { return nil }
            rise = pageHinkley!.sumIncrease - pageHinkley!.minIncrease > pageHinkley!.threshold
        } else if adwin != nil {
            let before = adwin!.estimation
            guard adwin!.update(error) else { return nil }
            rise = adwin!.estimation > before
        } else {
            return nil
        }
        let event = DriftEvent(record: record, rise: rise)
        detections += 1
        events.append(event)
        if events.count > DriftMonitor.maxEvents { events.removeFirst(events.count - DriftMonitor.maxEvents) }
        return event
    }

    /// The learning-rate multiplier for the next step: `factor` right after a boost starts,
    /// decaying linearly to 1 over `records` steps.
    func learningRateScale(factor: Float, records: Int) -> Float {
        Self.learningRateScale(remaining: boostRemaining, factor: factor, records: records)
    }

    /// The same from the boosted steps `remaining` (the learner's step reads one field, not a copy of the monitor).
    static func learningRateScale(remaining: Int, factor: Float, records: Int) -> Float {
        guard remaining > 0, records > 0 else { return 1 }
        return 1 + (factor - 1) * Float(remaining) / Float(records)
    }

    /// Counts one boosted step.
    mutating func stepBoost() {
        if boostRemaining > 0 { boostRemaining -= 1 }
    }

    /// Switches detector (on a reload), keeping the events; the same kind keeps its state.
    mutating func setDetector(_ kind: DriftDetectorKind) {
        guard kind != detector else { return }
        pageHinkley = kind == .pageHinkley ? PageHinkley() : nil
        adwin = kind == .adwin ? ADWIN() : nil
    }
}
