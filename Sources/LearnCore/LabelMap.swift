/// Class names mapped to output slots in order of first appearance.
/// Invariant: `names.count ≤ capacity`; `names[slot]` is the class of `slot`.
public struct LabelMap: Equatable, Sendable {
    public let capacity: Int
    public private(set) var names: [String]
    private var slots: [String: Int]

    public init(capacity: Int, names: [String] = []) {
        precondition(names.count <= capacity)
        self.capacity = capacity
        self.names = names
        slots = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    public func slot(of name: String) -> Int? { slots[name] }

    /// The slot of `name`, assigning the next free one to a new name; nil when all are taken.
    mutating func slotAssigning(_ name: String) -> Int? {
        if let s = slots[name] { return s }
        guard names.count < capacity else { return nil }
        slots[name] = names.count
        names.append(name)
        return names.count - 1
    }

    /// Forgets the most recently assigned name (undo of a rejected first record of a class).
    mutating func removeLast() {
        if let last = names.popLast() { slots[last] = nil }
    }
}
