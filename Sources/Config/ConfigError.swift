/// A configuration problem: one line naming the key (and file line) and what is wrong.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func badValue(_ key: String, _ expected: String, _ got: TOMLValue, line: Int?) -> ConfigError {
        ConfigError(prefix(line) + "\(key): expected \(expected), got \(got)")
    }

    static func unknownKey(_ key: String, known: [String], line: Int?) -> ConfigError {
        let hint = Suggest.closest(to: key, in: known).map { " (did you mean \"\($0)\"?)" } ?? ""
        return ConfigError(prefix(line) + "unknown key \"\(key)\"\(hint)")
    }

    static func prefix(_ line: Int?) -> String { line.map { "line \($0): " } ?? "" }
}

/// "Did you mean" by edit distance.
enum Suggest {
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(Array(word), Array($0))) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= max(2, word.count / 4) else { return nil }
        return best
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
