/// The feature statistics, updated once per record for a whole population: every member of a
/// `TunedLearner` sees the same records, so each holds the same `Normalizer` (a reset or exploit
/// copies it with the rest of a member); the tuner updates one copy and hands it to every member
/// instead of each member updating its own.
struct SharedStatistics {
    /// The statistics with the record taken in (or counted as an outlier).
    var normalizer: Normalizer
    /// `Normalizer.update`'s answer: false when the record was kept out as an outlier.
    var typical: Bool
}

extension Learner {
    /// Takes `x` into the feature statistics (`Normalizer.update`, judging outliers), or adopts the
    /// population's statistics prepared for this record; returns whether `x` was typical.
    func updateStatistics(_ x: [Float]) -> Bool {
        guard let shared = sharedStatistics else { return normalizer.update(x, judging: true) }
        sharedStatistics = nil
        normalizer = shared.normalizer
        return shared.typical
    }
}

extension TunedLearner {
    /// Prepares every member's statistics for `x` from the first member's (all are equal).
    func shareStatistics(_ x: [Float]) {
        var normalizer = members[0].normalizer
        let typical = normalizer.update(x, judging: true)
        let shared = SharedStatistics(normalizer: normalizer, typical: typical)
        for m in members { m.sharedStatistics = shared }
    }
}
