@testable import Wire

/// Deterministic random numbers for property-style tests (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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
func rejectedCSV(_ reason: String) -> LineOutcome { .rejected(reason, json: false) }

/// Shorthand for a JSON rejection outcome.
func rejectedJSON(_ reason: String) -> LineOutcome { .rejected(reason, json: true) }

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
