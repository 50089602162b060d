import LearnCore

/// One configuration key: its name, documentation, whether SIGHUP may change it on a running
/// learner ("live"), how a TOML value sets it (validating), and how to render its value.
struct ConfigKey {
    let name: String
    let doc: String
    let live: Bool
    /// Rendered as a commented-out example in the default file when it has no default.
    let optional: Bool
    let set: (inout LearndConfig, TOMLValue) -> String?   // nil = ok, else what was expected
    let get: (LearndConfig) -> TOMLValue?

    init(_ name: String, _ doc: String, live: Bool = false, optional: Bool = false,
         set: @escaping (inout LearndConfig, TOMLValue) -> String?,
         get: @escaping (LearndConfig) -> TOMLValue?) {
        self.name = name; self.doc = doc; self.live = live; self.optional = optional; self.set = set; self.get = get
    }

    var section: String { name.split(separator: ".").count > 1 ? String(name.split(separator: ".")[0]) : "" }
    var shortName: String { String(name.split(separator: ".").last!) }
}

/// Typed readers: each returns the value or nil when the TOML value does not fit.
enum Read {
    static func int(_ v: TOMLValue, min: Int = .min, max: Int = .max) -> Int? {
        guard case .integer(let i) = v, i >= min, i <= max else { return nil }
        return Int(i)
    }
    static func double(_ v: TOMLValue, _ ok: (Double) -> Bool) -> Double? {
        let d: Double
        switch v {
        case .integer(let i): d = Double(i)
        case .float(let f): d = f
        default: return nil
        }
        return d.isFinite && ok(d) ? d : nil
    }
    static func string(_ v: TOMLValue) -> String? {
        if case .string(let s) = v { return s }
        return nil
    }
    static func choice<E: RawRepresentable & CaseIterable>(_ v: TOMLValue, _: E.Type) -> E? where E.RawValue == String {
        string(v).flatMap(E.init(rawValue:))
    }
    static func choices<E: RawRepresentable & CaseIterable>(_: E.Type) -> String where E.RawValue == String {
        "one of " + E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
    }
    static func ints(_ v: TOMLValue, min: Int) -> [Int]? {
        guard case .array(let items) = v else { return nil }
        let values = items.compactMap { int($0, min: min) }
        return values.count == items.count ? values : nil
    }
    static func strings(_ v: TOMLValue) -> [String]? {
        guard case .array(let items) = v else { return nil }
        let values = items.compactMap(string)
        return values.count == items.count ? values : nil
    }
}

extension TOMLValue {
    static func int(_ i: Int) -> TOMLValue { .integer(Int64(i)) }
    static func strings(_ s: [String]) -> TOMLValue { .array(s.map { .string($0) }) }
}
