import LearnCore
import Protocol

extension TuningFigures {
    /// The figures of `learner`'s step-size tuning (mode, member rates, leader, exploits, resets).
    public init(_ learner: TunedLearner) {
        self.init()
        mode = (learner.tuning == nil ? TuningMode.off : .auto).rawValue
        learningRates = learner.learningRates.map(Double.init)
        leader = learner.tuning?.leader ?? 0
        exploits = learner.tuning?.exploits ?? 0
        resets = learner.tuning?.resets ?? 0
    }
}
