/// CSV records and headers: `LABEL,F1..Fn` (classify) or `T1..Tk,F1..Fn` (regress).
///
/// Check order for a data line: label/targets, then width, then the first bad feature.
extension RecordParser {
    /// Index of the first comma at or after `from`, or `p.count`.
    @inline(__always)
    static func nextComma(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        let n = p.count
        while i < n, p[i] != UInt8(ascii: ",") { i += 1 }
        return i
    }

    /// `start..<end` without surrounding ASCII spaces and tabs.
    @inline(__always)
    static func trim(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var s = start
        var e = end
        while s < e, p[s] == 0x20 || p[s] == 0x09 { s += 1 }
        while e > s, p[e - 1] == 0x20 || p[e - 1] == 0x09 { e -= 1 }
        return (s, e)
    }

    /// True for an empty field or `?`: the target is missing (predict only).
    static func isMissing(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        s == e || (e - s == 1 && p[s] == UInt8(ascii: "?"))
    }

    /// Parses a non-blank, non-comment CSV line (already without `"\r"`).
    mutating func parseCSV(_ p: UnsafeBufferPointer<UInt8>, headerAllowed: Bool) -> LineOutcome {
        let end = p.count
        var pos = 0
        var target = RecordTarget.none
        var targetProblem: String?

        switch task {
        case .classify:
            pos = Self.nextComma(p, from: 0)
            let (s, e) = Self.trim(p, 0, pos)
            if !Self.isMissing(p, s, e) {
                targetProblem = labelProblem(p, from: s, to: e)
                if targetProblem == nil {
                    target = .label(String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self))
                }
            }
        case .regress(let k):
            var values: [Float] = []
            values.reserveCapacity(k)
            var firstMissing = 0
            var given = 0
            for j in 1...k {
                if j > 1 {
                    guard pos < end else {
                        targetProblem = targetProblem ?? "expected \(k) targets, got \(j - 1)"
                        break
                    }
                    pos += 1
                }
                let fieldEnd = Self.nextComma(p, from: pos)
                let (s, e) = Self.trim(p, pos, fieldEnd)
                pos = fieldEnd
                if Self.isMissing(p, s, e) {
                    if firstMissing == 0 { firstMissing = j }
                    continue
                }
                given += 1
                let r = DecimalParser.parseFloat(p, from: s, to: e)
                if case .value(let v) = r {
                    values.append(v)
                } else if targetProblem == nil {
                    targetProblem = Self.fieldProblem("target", j, r, text: ReasonText.quoted(p, from: s, to: e))
                }
            }
            if targetProblem == nil, given > 0 {
                if firstMissing > 0 {
                    targetProblem = "target \(firstMissing): missing while other targets are given"
                } else {
                    target = .values(values)
                }
            }
        }

        // Features: `pos` is at the comma before the first feature, or at the end.
        let featureStart = pos
        var features: [Float] = []
        features.reserveCapacity(inputs ?? 16)
        var count = 0
        var numeric = 0
        var featureProblem: String?
        while pos < end {
            let start = pos + 1
            count += 1
            // Fast path: a plain integer of 1...7 digits (exact in float32), scanned once.
            var i = start
            var n: UInt32 = 0
            while i < end {
                let d = p[i] &- 0x30
                if d > 9 { break }
                n = n &* 10 &+ UInt32(d)
                i += 1
            }
            if i > start, i - start <= 7, i == end || p[i] == UInt8(ascii: ",") {
                features.append(Float(n))
                numeric += 1
                pos = i
                continue
            }
            let fieldEnd = Self.nextComma(p, from: i)
            let r = DecimalParser.parseFloat(p, from: start, to: fieldEnd)
            if case .value(let v) = r {
                features.append(v)
                numeric += 1
            } else {
                if r.isNumericToken { numeric += 1 }
                if featureProblem == nil {
                    let (s, e) = Self.trim(p, start, fieldEnd)
                    featureProblem = Self.fieldProblem("feature", count, r, text: ReasonText.quoted(p, from: s, to: e))
                }
            }
            pos = fieldEnd
        }

        if headerAllowed, count > 0, numeric == 0 {
            return header(p, from: featureStart)
        }
        if let targetProblem { return .rejected(.parse(targetProblem), json: false) }
        if let problem = widthProblem(count) { return .rejected(problem, json: false) }
        if let featureProblem { return .rejected(.parse(featureProblem), json: false) }
        return accept(Record(target: target, features: features), json: false)
    }

    /// Builds the header outcome from the feature columns after `featureStart` (a comma),
    /// checking names against `featureNames` (or the count against `inputs`).
    private func header(_ p: UnsafeBufferPointer<UInt8>, from featureStart: Int) -> LineOutcome {
        var names: [String] = []
        var pos = featureStart
        while pos < p.count {
            let fieldEnd = Self.nextComma(p, from: pos + 1)
            let (s, e) = Self.trim(p, pos + 1, fieldEnd)
            let column = names.count + 1
            for k in s..<e where p[k] < 0x20 || p[k] == 0x7F {
                return .rejected(.parse("header feature \(column) contains a control character"), json: false)
            }
            if !UTF8Validation.isValid(p, from: s, to: e) {
                return .rejected(.parse("header feature \(column) is not valid UTF-8"), json: false)
            }
            names.append(String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self))
            pos = fieldEnd
        }
        if let expected = featureNames {
            for (n, (got, want)) in zip(names, expected).enumerated() where got != want {
                return .rejected(.parse(
                    "header feature \(n + 1) is \(ReasonText.quoted(got)), expected \(ReasonText.quoted(want))"),
                    json: false)
            }
            if names.count != expected.count {
                return .rejected(.parse("header has \(names.count) feature columns, expected \(expected.count)"), json: false)
            }
        } else if let n = inputs, names.count != n {
            return .rejected(.parse("header has \(names.count) feature columns, expected \(n)"), json: false)
        }
        return .header(names)
    }
}
