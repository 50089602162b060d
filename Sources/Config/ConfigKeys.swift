import LearnCore

/// What a SIGHUP reload may do with a key whose value changed.
enum Reload: Equatable, Sendable {
    /// Applied to the running learner/daemon.
    case live
    /// Changes the model's shape, optimiser or memory: refused on reload.
    case newModel
    /// Bound at start (sockets, queues, timeouts): refused on reload, used on the next start.
    case restart
}

/// What is wrong with a value, phrased to follow `"<key>: "` and precede `", got <value>"`.
enum Problem: Error, Equatable, Sendable {
    /// The value is of the wrong kind or not one of the accepted words: "expected …".
    case expected(String)
    /// The value is of the right kind but out of range: "must be …".
    case must(String)

    var phrase: String {
        switch self {
        case .expected(let what): return "expected \(what)"
        case .must(let what): return "must be \(what)"
        }
    }
}

/// One configuration key: the single place that knows its name, documentation, reload class,
/// how a TOML value sets it (validating), and how its current value renders as TOML.
struct ConfigKey {
    /// `section.key`, or just `key` at top level.
    let name: String
    /// One line, for the default configuration file.
    let doc: String
    let reload: Reload
    /// No default value: rendered as a commented-out line in the default file.
    let optional: Bool
    /// String-valued: a bare `--set key=word` is taken as the string `word` (even `1000`).
    let bareWord: Bool
    /// Validates and stores; returns what is wrong instead (leaving the config unchanged).
    let set: (inout LearndConfig, TOMLValue) -> Problem?
    /// The current value; nil when an optional key is unset.
    let get: (LearndConfig) -> TOMLValue?

    init(_ name: String, _ doc: String, _ reload: Reload, optional: Bool = false, bareWord: Bool = false,
         set: @escaping (inout LearndConfig, TOMLValue) -> Problem?,
         get: @escaping (LearndConfig) -> TOMLValue?) {
        self.name = name
        self.doc = doc
        self.reload = reload
        self.optional = optional
        self.bareWord = bareWord
        self.set = set
        self.get = get
    }

    /// The `[section]` the key sits in; "" at top level.
    var section: String { Self.split(name).section }
    /// The key's name inside its section.
    var shortName: String { Self.split(name).key }

    static func split(_ name: String) -> (section: String, key: String) {
        guard let dot = name.firstIndex(of: ".") else { return ("", name) }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }

    /// The sections of the table, in order, without the top level.
    static let sections: [String] = {
        var seen: [String] = []
        for key in all where !key.section.isEmpty && !seen.contains(key.section) { seen.append(key.section) }
        return seen
    }()
}

/// Typed readers: the value, or what was expected instead.
enum Read {
    static func int(_ v: TOMLValue, min: Int, max: Int = .max) -> Result<Int, Problem> {
        guard case .integer(let i) = v else { return .failure(.expected("an integer")) }
        guard i >= min, i <= max else {
            return .failure(.must(max == .max ? ">= \(min)" : "between \(min) and \(max)"))
        }
        return .success(Int(i))
    }

    /// Integers and floats; never NaN or infinite.
    static func double(_ v: TOMLValue) -> Result<Double, Problem> {
        switch v {
        case .integer(let i): return .success(Double(i))
        case .float(let d):
            // Finite as the core's Float too: the learner computes in float32.
            return abs(d) <= Double(Float.greatestFiniteMagnitude) ? .success(d) : .failure(.must("a finite number"))
        default: return .failure(.expected("a number"))
        }
    }

    static func string(_ v: TOMLValue) -> String? {
        if case .string(let s) = v { return s }
        return nil
    }

    static func choice<E: RawRepresentable & CaseIterable>(_ v: TOMLValue, _: E.Type) -> Result<E, Problem>
    where E.RawValue == String {
        guard let e = string(v).flatMap(E.init(rawValue:)) else {
            return .failure(.expected("one of " + E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")))
        }
        return .success(e)
    }

    /// An array whose every element reads with `element`; the first bad element's problem.
    static func array<T>(_ v: TOMLValue, of what: String, _ element: (TOMLValue) -> Result<T, Problem>)
        -> Result<[T], Problem> {
        guard case .array(let items) = v else { return .failure(.expected(what)) }
        var values: [T] = []
        for item in items {
            switch element(item) {
            case .success(let value): values.append(value)
            case .failure(.expected): return .failure(.expected(what))
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(values)
    }
}

extension TOMLValue {
    static func int(_ i: Int) -> TOMLValue { .integer(Int64(i)) }
    static func strings(_ s: [String]) -> TOMLValue { .array(s.map { .string($0) }) }
}
