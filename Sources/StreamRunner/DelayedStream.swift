import LearnCore
import RecordPath
import Wire

/// Labels held back by `learnd stream --delay N`: the features of each labelled record are
/// predicted at once and kept pending under an id of their own (`#1`, `#2`, ...), and the label is
/// revealed N records later through the same path as a truth sent with an id, so the run is a
/// reproducible experiment of that path (README, "Labels that come later"). A FIFO with O(1) pops.
struct HeldLabels {
    var items: [(id: String, target: RecordTarget, line: Int)] = []
    var head = 0
    var issued = 0

    var count: Int { items.count - head }

    mutating func push(_ target: RecordTarget, line: Int) -> String {
        issued += 1
        let id = "#\(issued)"
        items.append((id, target, line))
        return id
    }

    mutating func pop() -> (id: String, target: RecordTarget, line: Int)? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 4096, head * 2 > items.count { items.removeFirst(head); head = 0 }
        return item
    }
}

extension StreamRunner {
    /// Predicts `record` now and keeps it pending; reveals the labels now `delay` records old.
    func hold(_ record: Record, _ number: Int, _ path: String, delay: Int) {
        let id = held.push(record.target, line: number)
        let question = Record(target: .none, features: record.features, id: id)
        let result = records.processIdentified(question, id: id, now: now, countingPrediction: false)
        if case .rejected = result {
            _ = held.items.popLast()
            count(result, number, path)
        }
        while held.count > delay, let due = held.pop() { reveal(due, path) }
    }

    /// Reveals every label still held (at the end of each input file).
    func revealAll(_ path: String) {
        while let due = held.pop() { reveal(due, path) }
    }

    private func reveal(_ due: (id: String, target: RecordTarget, line: Int), _ path: String) {
        count(records.process(Record(target: due.target, features: [], id: due.id), now: now), due.line, path)
    }
}
