import LearnCore
import Wire

extension RejectionKind {
    /// The wire kind of a learner's rejection: the kind of the same name (ProtocolTests checks
    /// that every `LearnerRejection` has one).
    public init(_ kind: LearnerRejection) { self = RejectionKind(counterKey: kind.rawValue) }
}
