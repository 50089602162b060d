extension Reservoir {
    /// Classify: how many items the memory holds for each of the first `slots` class slots (an
    /// item's stored target is its slot). The one count behind `status`'s `replay.classes` and
    /// `learnctl inspect`'s `replay.class_histogram`.
    public func countsPerClass(slots: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: slots)
        for t in targets where t >= 0 && t < Float(slots) { counts[Int(t)] += 1 }
        return counts
    }
}
