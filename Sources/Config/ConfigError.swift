/// A configuration problem: one line naming the key (and the file line when it comes from the
/// file) and what is wrong, e.g. `line 7: train.learning_rate: must be > 0, got -1`.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// `[line N: ]key: expected/must be …, got VALUE`.
    static func badValue(_ key: String, _ problem: Problem, _ got: TOMLValue, line: Int?) -> ConfigError {
        ConfigError(prefix(line) + "\(key): \(problem.phrase), got \(got)")
    }

    /// A key the table does not know; names the unknown section when that is the mistake.
    static func unknownKey(_ name: String, line: Int?) -> ConfigError {
        let keys = ConfigKey.all.map(\.name)
        let section = ConfigKey.split(name).section
        let hint = Suggest.key(for: name, in: keys).map { " (did you mean \"\($0)\"?)" } ?? ""
        if !section.isEmpty && !ConfigKey.sections.contains(section) {
            let sectionHint = hint.isEmpty
                ? Suggest.closest(to: section, in: ConfigKey.sections).map { " (did you mean \"\($0)\"?)" } ?? ""
                : hint
            return ConfigError(prefix(line) + "unknown section \"\(section)\" in key \"\(name)\"\(sectionHint)")
        }
        return ConfigError(prefix(line) + "unknown key \"\(name)\"\(hint)")
    }

    /// A `[table]` header naming no section of learnd's.
    static func unknownSection(_ name: String, line: Int) -> ConfigError {
        let hint = Suggest.closest(to: name, in: ConfigKey.sections).map { " (did you mean [\($0)]?)" } ?? ""
        return ConfigError(prefix(line) + "unknown section [\(name)]\(hint)")
    }

    static func prefix(_ line: Int?) -> String { line.map { "line \($0): " } ?? "" }
}

/// "Did you mean" suggestions.
enum Suggest {
    /// The closest key by edit distance; else the one key with the same name in another section
    /// (`learning_rate` → `train.learning_rate`).
    static func key(for name: String, in keys: [String]) -> String? {
        if let close = closest(to: name, in: keys) { return close }
        let short = ConfigKey.split(name).key
        let sameName = keys.filter { ConfigKey.split($0).key == short }
        return sameName.count == 1 ? sameName[0] : nil
    }

    /// The candidate nearest to `word`, if within a quarter of its length (at least 2 edits).
    static func closest(to word: String, in candidates: [String]) -> String? {
        let a = Array(word.unicodeScalars)
        let limit = max(2, a.count / 4)
        var rows = ([Int](), [Int]())
        var best: (String, Int)?
        // The length difference bounds the distance from below: a candidate that cannot be within
        // `limit` is skipped (what keeps a 4 KB typo from costing 100 full tables).
        for candidate in candidates where abs(candidate.unicodeScalars.count - a.count) <= limit {
            let d = distance(a, candidate.unicodeScalars, rows: &rows)
            if d < best?.1 ?? .max { best = (candidate, d) }
        }
        guard let (name, d) = best, d <= limit else { return nil }
        return name
    }

    /// Levenshtein distance (insertions, deletions, substitutions) over Unicode scalars.
    static func distance(_ a: String, _ b: String) -> Int {
        var rows = ([Int](), [Int]())
        return distance(Array(a.unicodeScalars), b.unicodeScalars, rows: &rows)
    }

    /// `distance(_:_:)` with scratch `rows` reused between calls.
    static func distance(_ a: [Unicode.Scalar], _ b: String.UnicodeScalarView, rows: inout ([Int], [Int])) -> Int {
        let n = b.count
        rows.0.removeAll(keepingCapacity: true)
        rows.0.append(contentsOf: 0...n)
        rows.1.removeAll(keepingCapacity: true)
        rows.1.append(contentsOf: repeatElement(0, count: n + 1))
        for (i, ca) in a.enumerated() {
            rows.1[0] = i + 1
            for (j, cb) in b.enumerated() {
                rows.1[j + 1] = min(rows.0[j + 1] + 1, rows.1[j] + 1, rows.0[j] + (ca == cb ? 0 : 1))
            }
            swap(&rows.0, &rows.1)
        }
        return rows.0[n]
    }
}
