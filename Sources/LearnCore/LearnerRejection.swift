/// Why the learner refused a record (nothing changed): one kind of the wire protocol's
/// `RejectionKind`, which Protocol maps it to (`RejectionKind(_:)`). The raw value is that kind's
/// name, the key under which `Counters.rejectedByKind` counts it (and a checkpoint stores it);
/// ProtocolTests checks that both spell every kind alike.
///
/// A struct over the name rather than an enum: `LearnOutcome` keeps the layout of its
/// `rejected(String, String)` payload (an enum payload here made the -O LearnCore and -Onone
/// callers disagree on `LearnOutcome`'s layout in debug builds: a crash in "outlined consume").
public struct LearnerRejection: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The step (or a prediction) was not finite.
    public static let nonFinite = LearnerRejection(rawValue: "non-finite")
    /// A new class arrived when every class slot was taken.
    public static let classCapacity = LearnerRejection(rawValue: "class-capacity")
    /// A truth for an id with no pending prediction (unknown, matched, expired or evicted).
    public static let unknownID = LearnerRejection(rawValue: "unknown-id")
    /// A prediction under an id that is still pending.
    public static let duplicateID = LearnerRejection(rawValue: "duplicate-id")

    /// Every kind the learner produces.
    public static let allCases: [LearnerRejection] = [.nonFinite, .classCapacity, .unknownID, .duplicateID]

    public var description: String { rawValue }
}

extension Counters {
    /// Counts one rejection of the learner's own.
    public mutating func countRejection(kind: LearnerRejection) { countRejection(kind: kind.rawValue) }
}
