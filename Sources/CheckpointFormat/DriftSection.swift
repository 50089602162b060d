import LearnCore

/// Section `DRFT`: the drift monitor.
///
/// Payload: u8 detector (0 none, 1 page-hinkley, 2 adwin), then the detector's state:
/// - Page-Hinkley: u64 min instances; f64 δ, λ, α; u64 count; f64 mean, sum increase, sum decrease,
///   min increase (may be +∞), max decrease; u8 detected.
/// - ADWIN: f64 δ; u64 clock, max buckets, min window length, grace period; u32 L levels, per level u32 n,
///   n × f64 bucket totals, n × f64 bucket variances; u64 width; f64 total, variance; u64 tick; u8 detected.
/// Then u64 detections; u32 E, E × (u64 record, u8 rise); u64 boost remaining; i64 last new class (-1: none).
enum DriftSection {
    static func encode(_ d: DriftMonitor, into w: inout ByteWriter) throws(CheckpointError) {
        w.u8(ConfigSection.code(d.detector, in: ConfigSection.detectors))
        if let ph = d.pageHinkley { try encode(ph, into: &w) }
        if let adwin = d.adwin { try encode(adwin, into: &w) }
        try w.u64(d.detections, "drift detections")
        try w.u32(d.events.count, "drift events")
        for event in d.events {
            try w.u64(event.record, "drift event record")
            w.u8(event.rise ? 1 : 0)
        }
        try w.u64(d.boostRemaining, "drift boost remaining")
        w.i64(Int64(d.lastNewClass))
    }

    private static func encode(_ p: PageHinkley, into w: inout ByteWriter) throws(CheckpointError) {
        try w.u64(p.minInstances, "Page-Hinkley min instances")
        for v in [p.delta, p.threshold, p.alpha] { w.f64(v) }
        try w.u64(p.count, "Page-Hinkley count")
        for v in [p.mean, p.sumIncrease, p.sumDecrease, p.minIncrease, p.maxDecrease] { w.f64(v) }
        w.u8(p.detected ? 1 : 0)
    }

    private static func encode(_ a: ADWIN, into w: inout ByteWriter) throws(CheckpointError) {
        w.f64(a.delta)
        for (v, what) in [(a.clock, "clock"), (a.maxBuckets, "max buckets"), (a.minWindowLength, "min window"),
                          (a.gracePeriod, "grace period")] { try w.u64(v, "ADWIN \(what)") }
        try w.u32(a.bucketTotals.count, "ADWIN levels")
        for (totals, variances) in zip(a.bucketTotals, a.bucketVariances) {
            try w.u32(totals.count, "ADWIN buckets")
            w.doubles(totals)
            w.doubles(variances)
        }
        try w.u64(a.width, "ADWIN width")
        w.f64(a.total)
        w.f64(a.variance)
        try w.u64(a.tick, "ADWIN tick")
        w.u8(a.detected ? 1 : 0)
    }

    static func decode(_ r: inout ByteReader, config c: LearnerConfig) throws(CheckpointError) -> DriftMonitor {
        let detector = try ConfigSection.choice(&r, ConfigSection.detectors, "detector")
        guard detector == c.driftDetector else {
            throw r.invalid("detector \(detector.rawValue) differs from the configuration's "
                            + c.driftDetector.rawValue)
        }
        let ph = detector == .pageHinkley ? try decodePageHinkley(&r) : nil
        let adwin = detector == .adwin ? try decodeADWIN(&r) : nil
        let detections = try r.u64("detections", in: 0...Limits.count)
        var events: [DriftEvent] = []
        for _ in 0..<(try r.u32("events", in: 0...min(DriftMonitor.maxEvents, detections))) {
            events.append(DriftEvent(record: try r.u64("event record", in: 0...Limits.count),
                                     rise: try ConfigSection.flag(&r, "event rise")))
        }
        let boost = try r.u64("boost remaining", in: 0...Limits.count)
        let lastNewClass = try r.i64()
        guard lastNewClass >= -1, lastNewClass <= Int64(Limits.count) else {
            throw r.invalid("last new class record \(lastNewClass) is out of range")
        }
        try r.finish()
        return DriftMonitor(pageHinkley: ph, adwin: adwin, detections: detections, events: events,
                            boostRemaining: boost, lastNewClass: Int(lastNewClass))
    }

    private static func decodePageHinkley(_ r: inout ByteReader) throws(CheckpointError) -> PageHinkley {
        let minInstances = try r.u64("Page-Hinkley min instances", in: 0...Limits.count)
        let (delta, threshold, alpha) = (try r.f64(), try r.f64(), try r.f64())
        let count = try r.u64("Page-Hinkley count", in: 0...Limits.count)
        let sums = [try r.f64(), try r.f64(), try r.f64(), try r.f64(), try r.f64()]
        let detected = try ConfigSection.flag(&r, "Page-Hinkley detected")
        guard [delta, threshold, alpha].allSatisfy(\.isFinite), !sums.contains(where: \.isNaN) else {
            throw r.invalid("Page-Hinkley holds a non-finite parameter or NaN")
        }
        return PageHinkley(minInstances: minInstances, delta: delta, threshold: threshold, alpha: alpha, count: count,
                           mean: sums[0], sumIncrease: sums[1], sumDecrease: sums[2], minIncrease: sums[3],
                           maxDecrease: sums[4], detected: detected)
    }

    private static func decodeADWIN(_ r: inout ByteReader) throws(CheckpointError) -> ADWIN {
        let delta = try r.f64()
        let clock = try r.u64("ADWIN clock", in: 1...Limits.count)
        let maxBuckets = try r.u64("ADWIN max buckets", in: 1...Limits.adwinBuckets)
        let minWindow = try r.u64("ADWIN min window", in: 0...Limits.count)
        let grace = try r.u64("ADWIN grace period", in: 0...Limits.count)
        var totals: [[Double]] = [], variances: [[Double]] = []
        var width = 0
        for level in 0..<(try r.u32("ADWIN levels", in: 1...Limits.adwinLevels)) {
            let n = try r.u32("ADWIN buckets", in: 0...maxBuckets)
            totals.append(try r.doubles(n))
            variances.append(try r.doubles(n))
            width += n << level
        }
        let declaredWidth = try r.u64("ADWIN width", in: width...width)
        let (total, variance) = (try r.f64(), try r.f64())
        let tick = try r.u64("ADWIN tick", in: 0...Limits.count)
        let detected = try ConfigSection.flag(&r, "ADWIN detected")
        guard delta.isFinite, delta > 0, total.isFinite, variance.isFinite,
              (totals + variances).allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw r.invalid("ADWIN holds a non-finite value")
        }
        if totals.count > 1 && totals[totals.count - 1].isEmpty { throw r.invalid("ADWIN's last level is empty") }
        return ADWIN(delta: delta, clock: clock, maxBuckets: maxBuckets, minWindowLength: minWindow, gracePeriod: grace,
                     bucketTotals: totals, bucketVariances: variances, width: declaredWidth, total: total, variance: variance,
                     tick: tick, detected: detected)
    }
}
