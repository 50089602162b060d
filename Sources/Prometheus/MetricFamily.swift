/// One metric family of the Prometheus data model: a name, its help text, its type and its samples.
///
/// Names follow Prometheus' conventions (https://prometheus.io/docs/practices/naming/): a `learnd_` prefix,
/// base units (seconds, bytes, ratios in 0...1), the unit as the name's suffix, and counters written with a
/// `_total` suffix on their samples. The family name of a counter is given *without* `_total` (that is how
/// OpenMetrics names it); `Exposition` adds the suffix where each format wants it.
public struct MetricFamily: Equatable, Sendable {
    /// The types learnd uses. An `info` family is written as a gauge of value 1 (`*_info`), which both the
    /// Prometheus text format and OpenMetrics accept.
    public enum Kind: String, Sendable { case counter, gauge }

    /// The family name, `[a-zA-Z_:][a-zA-Z0-9_:]*`; a counter's without its `_total` suffix.
    public let name: String
    public let kind: Kind
    /// One line for a person (newlines and backslashes are escaped when written).
    public let help: String
    /// The unit, when the name ends in `_<unit>` (OpenMetrics writes it as a `# UNIT` line).
    public let unit: String?
    public let samples: [Sample]

    /// - Precondition: `name` and every label name are valid, a counter's name does not end in `_total`, `unit`
    ///   (if any) is the name's suffix, and every sample has distinct label names (a violation is a bug in the
    ///   caller, not bad input).
    public init(_ name: String, _ kind: Kind, unit: String? = nil, help: String, samples: [Sample]) {
        precondition(Self.isValidMetricName(name), "invalid metric name \(name)")
        precondition(kind != .counter || !name.hasSuffix("_total"), "counter \(name): give the name without _total")
        precondition(unit.map { name.hasSuffix("_" + $0) } ?? true, "metric \(name) must end in _\(unit ?? "")")
        for sample in samples {
            let names = sample.labels.map(\.name)
            precondition(names.allSatisfy(Self.isValidLabelName), "invalid label name in \(name): \(names)")
            precondition(Set(names).count == names.count, "repeated label name in \(name): \(names)")
        }
        self.name = name
        self.kind = kind
        self.help = help
        self.unit = unit
        self.samples = samples
    }

    /// A family of one unlabelled sample.
    public init(_ name: String, _ kind: Kind, unit: String? = nil, help: String, value: Double) {
        self.init(name, kind, unit: unit, help: help, samples: [Sample(value)])
    }

    /// The name the samples carry: `name_total` for a counter, else `name`.
    public var sampleName: String { kind == .counter ? name + "_total" : name }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*` (the Prometheus data model).
    public static func isValidMetricName(_ s: String) -> Bool {
        guard let first = s.utf8.first, isLetterOrUnderscore(first) || first == UInt8(ascii: ":") else { return false }
        return s.utf8.allSatisfy { isLetterOrUnderscore($0) || isDigit($0) || $0 == UInt8(ascii: ":") }
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved for Prometheus' own use).
    public static func isValidLabelName(_ s: String) -> Bool {
        guard let first = s.utf8.first, isLetterOrUnderscore(first), !s.hasPrefix("__") else { return false }
        return s.utf8.allSatisfy { isLetterOrUnderscore($0) || isDigit($0) }
    }

    private static func isLetterOrUnderscore(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == UInt8(ascii: "_")
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}

/// One sample of a family: its labels (in the order written) and its value.
public struct Sample: Equatable, Sendable {
    public struct Label: Equatable, Sendable {
        public let name: String
        /// Any UTF-8 text; escaped when written.
        public let value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public let labels: [Label]
    public let value: Double

    public init(_ value: Double, labels: [Label] = []) {
        self.labels = labels
        self.value = value
    }

    /// A sample with labels given as `(name, value)` pairs.
    public init(_ value: Double, _ labels: (String, String)...) {
        self.init(value, labels: labels.map { Label($0.0, $0.1) })
    }
}
