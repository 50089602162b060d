extension EvaluationRun {
    /// Class names that occur as actual or predicted ("" for no prediction shows as "-"): those of the label
    /// map first, in slot order, then the others sorted.
    func classes(labelOrder: [String]) -> [String] {
        var present = Set(tally.confusion.keys)
        for row in tally.confusion.values { present.formUnion(row.keys) }
        let known = labelOrder.filter { present.contains($0) }
        return known + present.subtracting(known).sorted()
    }

    /// The human form of `eval`: totals, then per-class accuracy and the confusion matrix (classify).
    func text(labelOrder: [String]) -> String {
        var lines = ["records: \(tally.count) evaluated, \(unlabelled) unlabelled, \(rejected) rejected"
            + (nonFinite > 0 ? ", \(nonFinite) with non-finite outputs" : "")]
        guard config.task == .classify else {
            lines.append("rmse: \(fixed(tally.rmse, 6))")
            return lines.joined(separator: "\n")
        }
        lines.append("accuracy: \(fixed(tally.accuracy)) (\(tally.correct) of \(tally.count))")
        let names = classes(labelOrder: labelOrder)
        let actual = names.filter { tally.perClass[$0] != nil }
        let width = max(6, (names.map { display($0).count }.max() ?? 0) + 1)
        lines.append("per class:")
        for name in actual {
            let c = tally.perClass[name]!
            let accuracy = fixed(Double(c.correct) / Double(c.seen))
            lines.append("  " + display(name).padding(width) + accuracy + "  (\(c.correct) of \(c.seen))")
        }
        lines.append("confusion (rows: actual, columns: predicted):")
        lines.append("  " + "".padding(width) + names.map { display($0).leftPadded(width) }.joined())
        for name in actual {
            let row = tally.confusion[name] ?? [:]
            let cells = names.map { String(row[$0] ?? 0).leftPadded(width) }.joined()
            lines.append("  " + display(name).padding(width) + cells)
        }
        return lines.joined(separator: "\n")
    }

    private func display(_ name: String) -> String { name.isEmpty ? "-" : name }
}

extension String {
    /// Right-aligned in a field of `width` characters.
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
