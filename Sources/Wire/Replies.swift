/// The reply lines learnd writes on the ingest socket (docs/records-and-replies.md,
/// "Replies"). Every function returns ONE line WITHOUT the trailing `"\n"`; the
/// caller appends it. Output never contains CR or LF.
///
/// Forms:
/// - prediction, CSV: `=LABEL,CONFIDENCE`; JSON: `{"prediction":"LABEL","confidence":C}`; a record id
///   is echoed as `,@ID` (CSV) or a leading `"id"` member (JSON)
/// - regression, CSV: `=V1;V2;...`; JSON: `{"prediction":[V1,V2,...]}`
/// - rejection, CSV: `!LINE: REASON`; JSON: `{"error":"REASON","line":LINE}`
///
/// Numbers: a confidence is rounded to 4 decimals and printed in its shortest form
/// (`0.93`, `1`, `0.0001`); regression values print as integers when integral
/// (`2`, not `2.0`), otherwise with float32's shortest round-trip text (`1.5`, `1e-05`).
/// A non-finite number prints as `nan`/`inf`/`-inf` in CSV and `null` in JSON.
public enum Reply {
    /// A classification result. `label` is a class name (no comma, quote or control
    /// characters by construction); `confidence` is a probability in 0...1.
    /// `id` (a record id) is echoed: `=LABEL,CONFIDENCE,@ID`, JSON `{"id":ID,"prediction":...}`.
    public static func prediction(label: String, confidence: Float, json: Bool, id: String? = nil) -> String {
        if json {
            return "{" + jsonId(id) + "\"prediction\":" + JSON.quoted(label) + ",\"confidence\":"
                + jsonNumber(confidence, decimals: 4) + "}"
        }
        return "=" + ReasonText.singleLine(label) + "," + csvNumber(confidence, decimals: 4) + csvId(id)
    }

    /// A regression result: one value per output (`=V1;V2,@ID` with an id).
    public static func regression(values: [Float], json: Bool, id: String? = nil) -> String {
        if json {
            return "{" + jsonId(id) + "\"prediction\":[" + values.map { jsonNumber($0) }.joined(separator: ",") + "]}"
        }
        return "=" + values.map { csvNumber($0) }.joined(separator: ";") + csvId(id)
    }

    private static func csvId(_ id: String?) -> String { id.map { ",@" + $0 } ?? "" }
    private static func jsonId(_ id: String?) -> String { id.map { "\"id\":" + JSON.quoted($0) + "," } ?? "" }

    /// A rejected line. `line` is the 1-based line number in the stream; `reason` is
    /// made single-line (control characters become spaces) if it is not already.
    public static func rejection(line: Int, reason: String, json: Bool) -> String {
        if json {
            return "{\"error\":" + JSON.quoted(reason) + ",\"line\":" + String(line) + "}"
        }
        return "!" + String(line) + ": " + ReasonText.singleLine(reason)
    }

    // MARK: - Number text

    /// Shortest text of `value` (optionally rounded to `decimals` places), or nil when
    /// not finite.
    static func finiteText(_ value: Float, decimals: Int?) -> String? {
        guard value.isFinite else { return nil }
        if let decimals {
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            // value * scale rounded, divided back: the nearest double to a short decimal,
            // whose shortest round-trip text is that decimal.
            return JSON.format(number: (Double(value) * scale).rounded() / scale)
        }
        if value.rounded(.towardZero) == value, abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return value.description
    }

    static func csvNumber(_ value: Float, decimals: Int? = nil) -> String {
        if let text = finiteText(value, decimals: decimals) { return text }
        return value.isNaN ? "nan" : value < 0 ? "-inf" : "inf"
    }

    static func jsonNumber(_ value: Float, decimals: Int? = nil) -> String {
        finiteText(value, decimals: decimals) ?? "null"
    }
}
