/// JSON-lines records: one object per line.
///
/// - `"x"`: array of numbers, or (with `featureNames`) an object holding exactly those
///   names with number values. Required.
/// - classify: `"label"` string, number (its JSON text: `3` → `"3"`) or null; absent,
///   null, `""` or `"?"` mean predict only. The same class-name rules as CSV apply.
/// - regress(k): `"y"` array of k numbers (a bare number when k = 1); absent or null
///   means predict only.
/// - `"id"` (optional, RecordIds.swift): with `"x"` and no label a prediction kept pending, with a
///   label (`"y"`) and no `"x"` the truth for one.
/// - Other top-level keys are ignored; a repeated `label`/`x`/`y`/`id` key is rejected.
/// - Numbers are converted from float64 to the nearest float32 (a value that overflows
///   float32 is rejected).
/// - Check order: JSON syntax, shape, label/targets, features, width.
extension RecordParser {
    mutating func parseJSONRecord(_ p: UnsafeBufferPointer<UInt8>) -> LineOutcome {
        let value: JSON
        switch JSON.parseResult(p) {
        case .success(let v): value = v
        case .failure(let error): return .rejected(.parse(error.description), json: true)
        }
        guard case .object(let members) = value else {
            return .rejected(.parse("record must be a JSON object"), json: true)
        }
        var label: JSON?
        var x: JSON?
        var y: JSON?
        var id: JSON?
        for (key, v) in members {
            switch key {
            case "id":
                if id != nil { return .rejected(.parse("duplicate key \"id\""), json: true) }
                id = v
            case "label", "x", "y":
                let seen = key == "label" ? label : key == "x" ? x : y
                if seen != nil { return .rejected(.parse("duplicate key \"\(key)\""), json: true) }
                if key == "label" { label = v } else if key == "x" { x = v } else { y = v }
            default:
                continue
            }
        }

        let target: RecordTarget
        switch task {
        case .classify:
            switch jsonLabel(label) {
            case .success(let t): target = t
            case .failure(let problem): return .rejected(.parse(problem.reason), json: true)
            }
        case .regress(let k):
            switch jsonTargets(y, count: k) {
            case .success(let t): target = t
            case .failure(let problem): return .rejected(.parse(problem.reason), json: true)
            }
        }

        var recordId: String?
        if let id {
            let (text, problem) = Self.jsonId(id)
            if let problem { return .rejected(problem, json: true) }
            recordId = text
        }
        if let recordId, x == nil {
            if target == .none { return .rejected(.parse("the truth for id \"\(recordId)\" has no label"), json: true) }
            return .record(Record(target: target, features: [], id: recordId), json: true)
        }
        guard let x else { return .rejected(.parse("missing \"x\""), json: true) }
        if let recordId, target != .none { return .rejected(Self.bothProblem(recordId), json: true) }
        let features: [Float]
        switch jsonFeatures(x) {
        case .success(let f): features = f
        case .failure(let problem): return .rejected(.parse(problem.reason), json: true)
        }
        if let problem = widthProblem(features.count) { return .rejected(problem, json: true) }
        return accept(Record(target: target, features: features, id: recordId), json: true)
    }

    /// A reason carried through `Result`.
    struct Problem: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private func jsonLabel(_ label: JSON?) -> Result<RecordTarget, Problem> {
        let text: String
        switch label {
        case nil, .null?: return .success(.none)
        case .string(let s)?: text = s
        case .number(let d)?: text = JSON.format(number: d)
        default: return .failure(Problem("\"label\" must be a string, a number or null"))
        }
        if text.isEmpty || text == "?" { return .success(.none) }
        var bytes = Array(text.utf8)
        let problem = bytes.withUnsafeMutableBufferPointer {
            labelProblem(UnsafeBufferPointer($0), from: 0, to: $0.count)
        }
        if let problem { return .failure(Problem(problem)) }
        return .success(.label(text))
    }

    private func jsonTargets(_ y: JSON?, count k: Int) -> Result<RecordTarget, Problem> {
        let items: [JSON]
        switch y {
        case nil, .null?: return .success(.none)
        case .number?: items = [y!]
        case .array(let a)?: items = a
        default: return .failure(Problem("\"y\" must be an array of \(k) numbers"))
        }
        if items.count != k {
            return .failure(Problem("\"y\" must have \(k) numbers, got \(items.count)"))
        }
        var values: [Float] = []
        values.reserveCapacity(k)
        for (n, item) in items.enumerated() {
            switch Self.float(item) {
            case .value(let v): values.append(v)
            case let other: return .failure(Problem(Self.fieldProblem("target", n + 1, other, text: "")))
            }
        }
        return .success(.values(values))
    }

    private func jsonFeatures(_ x: JSON) -> Result<[Float], Problem> {
        switch x {
        case .array(let items):
            var features: [Float] = []
            features.reserveCapacity(items.count)
            for (n, item) in items.enumerated() {
                switch Self.float(item) {
                case .value(let v): features.append(v)
                case let other: return .failure(Problem(Self.fieldProblem("feature", n + 1, other, text: "")))
                }
            }
            return .success(features)
        case .object(let members):
            guard let names = featureNames else {
                return .failure(Problem("\"x\" must be an array of numbers (no model.feature_names to key an object)"))
            }
            var features = [Float](repeating: 0, count: names.count)
            var seen = [Bool](repeating: false, count: names.count)
            for (key, item) in members {
                guard let column = featureIndex[key] else {
                    return .failure(Problem("unknown feature \(ReasonText.quoted(key))"))
                }
                if seen[column] { return .failure(Problem("duplicate feature \(ReasonText.quoted(key))")) }
                seen[column] = true
                switch Self.float(item) {
                case .value(let v): features[column] = v
                case let other:
                    return .failure(Problem(Self.fieldProblem("feature", column + 1, other, text: "")
                        + " (\(ReasonText.quoted(key)))"))
                }
            }
            if let missing = seen.firstIndex(of: false) {
                return .failure(Problem("missing feature \(ReasonText.quoted(names[missing]))"))
            }
            return .success(features)
        default:
            return .failure(Problem(featureNames == nil
                ? "\"x\" must be an array of numbers"
                : "\"x\" must be an array of numbers or an object keyed by feature names"))
        }
    }

    /// A JSON value as a finite float32: `.notANumber` unless it is a number,
    /// `.outOfRange` when it overflows float32.
    static func float(_ value: JSON) -> FieldNumber {
        guard case .number(let d) = value else { return .notANumber }
        let f = Float(d)
        return f.isFinite ? .value(f) : .outOfRange
    }
}
