import LearnCore
import RecordPath
import Wire

/// Labels held back by `learnd stream --delay N`: the features of each labelled record are
/// predicted at once and kept pending under an id of their own (`#1`, `#2`, ...), and the label is
/// revealed through the same path as a truth sent with an id, so the run is a reproducible
/// experiment of that path (README, "Labels that come later"). As River's delayed progressive
/// validation (`simulate_qa` with an integer delay): the label of labelled record j is revealed just
/// before record j + N is predicted (N ≥ 1), or right after its own prediction (N = 0). A FIFO.
struct HeldLabels {
    typealias Item = (id: String, target: RecordTarget, line: Int, index: Int)
    var items: [Item] = []
    var head = 0
    var issued = 0

    mutating func push(_ target: RecordTarget, line: Int) -> String {
        issued += 1
        let id = "#\(issued)"
        items.append((id, target, line, issued))
        return id
    }

    /// The oldest label held.
    var front: Item? { head < items.count ? items[head] : nil }

    mutating func pop() -> Item? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 4096, head * 2 > items.count { items.removeFirst(head); head = 0 }
        return item
    }
}

extension StreamRunner {
    /// Reveals the labels now `delay` labelled records old, then predicts `record` and keeps it pending.
    func hold(_ record: Record, _ number: Int, _ path: String, delay: Int) {
        while let oldest = held.front, oldest.index + delay <= held.issued + 1, let due = held.pop() {
            reveal(due, path)
        }
        let id = held.push(record.target, line: number)
        let question = Record(target: .none, features: record.features, id: id)
        let result = records.processIdentified(question, id: id, now: now, countingPrediction: false)
        if case .rejected = result {
            _ = held.items.popLast()
            count(result, number, path)
        }
        if delay == 0, let due = held.pop() { reveal(due, path) }
    }

    /// Reveals every label still held (at the end of each input file).
    func revealAll(_ path: String) {
        while let due = held.pop() { reveal(due, path) }
    }

    private func reveal(_ due: HeldLabels.Item, _ path: String) {
        count(records.process(Record(target: due.target, features: [], id: due.id), now: now), due.line, path)
    }
}
