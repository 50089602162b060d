@testable import Wire

extension RecordParser {
    /// Parses a line given as a String (bytes as UTF-8).
    mutating func callAsFunction(_ line: String) -> LineOutcome {
        parse(line: ArraySlice(line.utf8))
    }

    /// Parses raw bytes.
    mutating func callAsFunction(bytes: [UInt8]) -> LineOutcome {
        parse(line: bytes[...])
    }
}

/// Shorthand for a CSV rejection outcome.
func rejectedCSV(_ reason: String) -> LineOutcome { .rejected(Rejection(expectedKind(reason), reason), json: false) }

/// Shorthand for a JSON rejection outcome.
func rejectedJSON(_ reason: String) -> LineOutcome { .rejected(Rejection(expectedKind(reason), reason), json: true) }

/// The kind a rejection's reason stands for, by the rule learnd used before the parser carried
/// kinds (an independent check of the kinds it now carries).
func expectedKind(_ reason: String) -> RejectionKind {
    if reason.hasPrefix("expected ") && reason.contains("features") { return .width }
    if reason.hasPrefix("record longer") { return .tooLong }
    return .parse
}

/// A classify record outcome.
func labelled(_ label: String, _ features: [Float], json: Bool = false) -> LineOutcome {
    .record(Record(target: .label(label), features: features), json: json)
}

/// A predict-only record outcome.
func predictOnly(_ features: [Float], json: Bool = false) -> LineOutcome {
    .record(Record(target: .none, features: features), json: json)
}

/// Decoded text of a framed line, for readable assertions.
func text(_ line: FramedLine?) -> String? {
    guard case .line(let bytes)? = line else { return nil }
    return String(decoding: bytes, as: UTF8.self)
}
