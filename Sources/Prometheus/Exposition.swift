/// The two text formats a scraper may ask for (`Accept:` header), both written by `Exposition.text`.
public enum ExpositionFormat: Sendable {
    /// Prometheus' text format 0.0.4 (what node_exporter's textfile collector and `promtool check metrics` read).
    case prometheus
    /// OpenMetrics 1.0.0 text: counters' `# TYPE` lines name the family without `_total`, `# UNIT` lines,
    /// and a final `# EOF`.
    case openMetrics

    /// The `Content-Type` of a response in this format.
    public var contentType: String {
        switch self {
        case .prometheus: return "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: return "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// OpenMetrics when the `Accept` header names `application/openmetrics-text`, else the Prometheus format.
    public static func negotiated(accept: String?) -> ExpositionFormat {
        guard let accept, accept.lowercased().contains("application/openmetrics-text") else { return .prometheus }
        return .openMetrics
    }
}

/// The text exposition of metric families: a pure function from values to text.
///
/// Every family gets a `# HELP` and a `# TYPE` line, then its samples, one per line, as
/// `name{label="value",...} number`. Label values escape `\`, `"` and newline as `\\`, `\"` and `\n`; help
/// text escapes `\` and newline. Numbers: integers in 0...2^53 without a fraction, `NaN`, `+Inf`, `-Inf`, else
/// the shortest decimal that reads back to the same double. No timestamps: the scraper stamps each scrape.
public enum Exposition {
    public static func text(_ families: [MetricFamily], format: ExpositionFormat = .prometheus) -> String {
        var out = ""
        for family in families {
            let typeName = format == .openMetrics ? family.name : family.sampleName
            out += "# HELP \(typeName) \(escapeHelp(family.help))\n"
            out += "# TYPE \(typeName) \(family.kind.rawValue)\n"
            if format == .openMetrics, let unit = family.unit { out += "# UNIT \(typeName) \(unit)\n" }
            for sample in family.samples {
                out += family.sampleName + labelSet(sample.labels) + " " + number(sample.value) + "\n"
            }
        }
        if format == .openMetrics { out += "# EOF\n" }
        return out
    }

    /// `{a="x",b="y"}`, or nothing for no labels.
    static func labelSet(_ labels: [Sample.Label]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",") + "}"
    }

    /// `\` → `\\`, `"` → `\"`, newline → `\n` (the text format's label value escapes).
    public static func escapeLabelValue(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `\` → `\\`, newline → `\n` (the text format's help escapes; `"` stays).
    public static func escapeHelp(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A sample value as both formats write it.
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "+Inf" : "-Inf" }
        if x == x.rounded(), abs(x) <= 9_007_199_254_740_992 { return String(Int64(x)) }
        return "\(x)"
    }
}
