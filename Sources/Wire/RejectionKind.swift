/// Why a record was not learned, as a counter key (`records.rejected_by_kind` in status, the
/// stream report and `learnctl inspect`; docs/records-and-replies.md). The raw values are the
/// keys users script against: never rename one.
public enum RejectionKind: String, CaseIterable, Comparable, Sendable {
    /// Wrong number of features (the parser's `expected N features, got M`, or a restored
    /// model's width).
    case width
    /// A line over `ingest.max_record_bytes`.
    case tooLong = "too-long"
    /// Any other malformed line: syntax, label, targets, features, header.
    case parse
    /// The learner's step (or a prediction) was not finite; nothing changed.
    case nonFinite = "non-finite"
    /// A new class arrived when every class slot (`model.outputs`) was taken.
    case classCapacity = "class-capacity"
    /// A record id that is empty, longer than 128 bytes, or not printable ASCII without comma or quote.
    case badId = "bad-id"
    /// A label for an id with no pending prediction (unknown, already matched, expired or evicted).
    case unknownId = "unknown-id"
    /// A prediction under an id that still has a pending prediction.
    case duplicateId = "duplicate-id"

    public static func < (a: RejectionKind, b: RejectionKind) -> Bool { a.rawValue < b.rawValue }

    /// The kind for a counter key the learner reports; a key this build does not know (from a
    /// newer checkpoint) counts as `parse`.
    public init(counterKey: String) { self = RejectionKind(rawValue: counterKey) ?? .parse }
}

/// A rejected record: its kind (the counter) and the reason the producer reads (one printable
/// line, ready for `Reply.rejection`).
public struct Rejection: Equatable, Sendable {
    public var kind: RejectionKind
    public var reason: String

    public init(_ kind: RejectionKind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// A malformed line.
    static func parse(_ reason: String) -> Rejection { Rejection(.parse, reason) }
}
