/// One prediction waiting for its truth (a record sent with an id and no label).
public struct PendingEntry: Equatable, Sendable {
    /// 1...128 bytes of printable ASCII without comma or quote (checked by the parser).
    public var id: String
    /// The raw features, `config.inputs` finite values.
    public var features: [Float]
    /// The prediction made when the record came (scored when the truth arrives).
    public var prediction: Prediction
    /// When the prediction was made, in seconds on the caller's clock (Unix seconds in `learnd serve`).
    public var time: Double

    public init(id: String, features: [Float], prediction: Prediction, time: Double) {
        self.id = id
        self.features = features
        self.prediction = prediction
        self.time = time
    }
}

/// The predictions waiting for their labels, oldest first, bounded by the caller's capacity.
///
/// Lookup by id is a hash; the oldest entry is found through an insertion-order queue whose
/// stale items (entries already matched) are skipped and compacted away, so every operation is
/// amortised O(1) and the queue never holds more than twice the entries plus one compaction's
/// slack. Pure: time is a value passed in.
public struct PendingTable: Sendable {
    private var byId: [String: (entry: PendingEntry, sequence: Int)] = [:]
    private var order: [(sequence: Int, id: String)] = []
    private var head = 0
    private var nextSequence = 0

    public init() {}

    /// Entries in the order they were made (oldest first), e.g. for a checkpoint.
    public init(entries: [PendingEntry]) {
        for entry in entries { append(entry) }
    }

    public var count: Int { byId.count }
    public var isEmpty: Bool { byId.isEmpty }
    public func contains(_ id: String) -> Bool { byId[id] != nil }

    /// Every entry, oldest first.
    public var entries: [PendingEntry] {
        order[head...].compactMap { item in
            byId[item.id].flatMap { $0.sequence == item.sequence ? $0.entry : nil }
        }
    }

    /// Adds `entry` (its id must not be pending), first evicting the oldest entries until there is
    /// room under `capacity` (≥ 1); returns how many were evicted.
    mutating func insert(_ entry: PendingEntry, capacity: Int) -> Int {
        precondition(byId[entry.id] == nil, "the caller checks for a pending id")
        var evicted = 0
        while byId.count >= max(1, capacity), removeOldest() != nil { evicted += 1 }
        append(entry)
        return evicted
    }

    /// Removes and returns the entry under `id`, or nil when none is pending.
    mutating func take(_ id: String) -> PendingEntry? {
        guard let found = byId.removeValue(forKey: id) else { return nil }
        compactIfSparse()
        return found.entry
    }

    /// Removes the entries made before `cutoff` (oldest first); returns how many.
    mutating func expire(before cutoff: Double) -> Int {
        var expired = 0
        while let oldest = oldest, oldest.time < cutoff {
            _ = removeOldest()
            expired += 1
        }
        return expired
    }

    /// The oldest entry still pending.
    var oldest: PendingEntry? {
        mutating get {
            skipStale()
            return head < order.count ? byId[order[head].id]?.entry : nil
        }
    }

    private mutating func append(_ entry: PendingEntry) {
        byId[entry.id] = (entry, nextSequence)
        order.append((nextSequence, entry.id))
        nextSequence += 1
    }

    private mutating func removeOldest() -> PendingEntry? {
        skipStale()
        guard head < order.count else { return nil }
        let id = order[head].id
        head += 1
        let removed = byId.removeValue(forKey: id)?.entry
        compactIfSparse()
        return removed
    }

    /// Advances `head` past items whose entry was taken (or replaced under the same id).
    private mutating func skipStale() {
        while head < order.count, byId[order[head].id]?.sequence != order[head].sequence { head += 1 }
    }

    /// Drops consumed and stale queue items once they outnumber the live entries.
    private mutating func compactIfSparse() {
        guard order.count > 64, order.count - head > 2 * byId.count + 32 || head > order.count / 2 else { return }
        order = order[head...].filter { byId[$0.id]?.sequence == $0.sequence }
        head = 0
    }
}

extension PendingTable: Equatable {
    /// Equal when the same entries are pending in the same order (the queue's bookkeeping aside).
    public static func == (a: PendingTable, b: PendingTable) -> Bool { a.entries == b.entries }
}
