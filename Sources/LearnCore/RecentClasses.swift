/// Which class slots the incoming stream brought recently: the task-free stand-in for ER-ACE's
/// "classes present in the incoming batch" (learnd sees one record at a time, not a batch).
///
/// `lastSeen[slot]` is the learned-record index (0-based) of the slot's latest incoming record,
/// −1 when none; one entry per output slot (classify), empty for regress. Slot s is *recent* at
/// record r for window W ≥ 1 when `r − lastSeen[s] < W`: the record itself always is, and W = 1
/// means only its own class.
public struct RecentClasses: Equatable, Sendable {
    public private(set) var lastSeen: [Int]

    /// A fresh record: no slot seen yet.
    public init(slots: Int) { lastSeen = [Int](repeating: -1, count: slots) }

    /// Restores saved indices. Precondition: every entry ≥ −1.
    public init(lastSeen: [Int]) {
        precondition(lastSeen.allSatisfy { $0 >= -1 })
        self.lastSeen = lastSeen
    }

    /// Notes that learned record `record` is of class `slot`.
    mutating func note(slot: Int, record: Int) { lastSeen[slot] = record }

    /// Writes into `mask` (resized to the slot count) which slots are recent at `record`.
    func mask(window: Int, at record: Int, into mask: inout [Bool]) {
        if mask.count != lastSeen.count { mask = [Bool](repeating: false, count: lastSeen.count) }
        for (s, seen) in lastSeen.enumerated() { mask[s] = seen >= 0 && record - seen < window }
    }
}
