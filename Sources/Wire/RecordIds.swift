/// Record ids (docs/records-and-replies.md, "Record ids"): `@ID,?,F1,...,Fn` asks for a prediction
/// and keeps the features pending under ID; `@ID,LABEL` (classify) or `@ID,T1,...,Tk` (regress) is
/// the truth for it. JSON lines carry `"id"` instead. An id is 1...128 bytes of printable ASCII
/// (0x21...0x7E) without comma or quote; spaces and tabs around it are ignored.
extension RecordParser {
    /// Longest record id in bytes.
    public static let maxIdBytes = 128

    /// What is wrong with the id bytes `start..<end`; nil when acceptable.
    static func idProblem(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String? {
        if start == end { return "empty record id" }
        if end - start > maxIdBytes { return "record id longer than \(maxIdBytes) bytes" }
        for k in start..<end where p[k] < 0x21 || p[k] > 0x7E || p[k] == UInt8(ascii: "\"") {
            return "record id contains a byte that is not printable ASCII without comma or quote"
        }
        return nil
    }

    /// The id of a JSON record (`"id"`): a string of the same rules as CSV's.
    /// A rejection, or nil with the id in `text`.
    static func jsonId(_ value: JSON) -> (id: String?, problem: Rejection?) {
        guard case .string(let text) = value else { return (nil, Rejection(.badId, "\"id\" must be a string")) }
        var bytes = Array(text.utf8)
        let problem = bytes.withUnsafeMutableBufferPointer { b -> String? in
            let p = UnsafeBufferPointer(b)
            return b.contains(UInt8(ascii: ",")) ? "record id contains a comma" : idProblem(p, from: 0, to: p.count)
        }
        if let problem { return (nil, Rejection(.badId, problem)) }
        return (text, nil)
    }

    /// A CSV line whose first non-blank byte is `@` (`p` starts there).
    mutating func parseIdentifiedCSV(_ p: UnsafeBufferPointer<UInt8>) -> LineOutcome {
        let idEnd = Self.nextComma(p, from: 1)
        let (s, e) = Self.trim(p, 1, idEnd)
        if let problem = Self.idProblem(p, from: s, to: e) { return .rejected(Rejection(.badId, problem), json: false) }
        let id = String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
        guard idEnd < p.count else {
            return .rejected(.parse("record id \"\(id)\" without a label or features"), json: false)
        }
        let rest = UnsafeBufferPointer(rebasing: p[(idEnd + 1)...])
        var fields = 1
        for b in rest where b == UInt8(ascii: ",") { fields += 1 }
        let targetFields: Int
        switch task {
        case .classify: targetFields = 1
        case .regress(let k): targetFields = k
        }
        if fields == targetFields { return truthCSV(rest, id: id) }
        switch parseCSV(rest, headerAllowed: false) {
        case .record(var record, _):
            if record.target != .none { return .rejected(Self.bothProblem(id), json: false) }
            record.id = id
            return .record(record, json: false)
        case let other:
            return other
        }
    }

    /// A record with an id and both a label and features.
    public static func bothProblem(_ id: String) -> Rejection {
        .parse("record id \"\(id)\": a prediction (no label, with features) or its truth (label only), not both")
    }

    /// `LABEL` or `T1,...,Tk` after the id: the truth for a pending prediction.
    private func truthCSV(_ p: UnsafeBufferPointer<UInt8>, id: String) -> LineOutcome {
        var values: [Float] = []
        var pos = -1
        for j in 1...max(1, targetFields) {
            let fieldEnd = Self.nextComma(p, from: pos + 1)
            let (s, e) = Self.trim(p, pos + 1, fieldEnd)
            pos = fieldEnd
            if Self.isMissing(p, s, e) {
                return .rejected(.parse("the truth for id \"\(id)\" has no label"), json: false)
            }
            if case .classify = task {
                if let problem = labelProblem(p, from: s, to: e) { return .rejected(.parse(problem), json: false) }
                let label = String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
                return .record(Record(target: .label(label), features: [], id: id), json: false)
            }
            let r = DecimalParser.parseFloat(p, from: s, to: e)
            guard case .value(let v) = r else {
                return .rejected(.parse(Self.fieldProblem("target", j, r, text: ReasonText.quoted(p, from: s, to: e))),
                                 json: false)
            }
            values.append(v)
        }
        return .record(Record(target: .values(values), features: [], id: id), json: false)
    }

    private var targetFields: Int {
        if case .regress(let k) = task { return k }
        return 1
    }
}
