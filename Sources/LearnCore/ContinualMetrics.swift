/// Stage metrics of continual learning from evaluations taken after each stage (task).
///
/// Task t is the set of classes first seen during stage t; an evaluation record belongs to the
/// task of its class (records of classes never learned belong to none). `accuracy[i][j]` is the
/// accuracy on task j's records after stage i (Lopez-Paz and Ranzato 2017, "Gradient Episodic
/// Memory for Continual Learning": R_{i,j}). With T tasks:
/// - average accuracy A = 1/T · Σ_j R_{T−1,j};
/// - backward transfer BWT = 1/(T−1) · Σ_{j<T−1} (R_{T−1,j} − R_{j,j}) (negative: forgetting);
/// - average forgetting F = 1/(T−1) · Σ_{j<T−1} max_{l∈[j,T−2]} (R_{l,j} − R_{T−1,j})
///   (Chaudhry et al. 2018, "Riemannian Walk for Incremental Learning").
public struct ContinualMetrics: Equatable, Sendable {
    /// Class names of each task, in order of first appearance.
    public let tasks: [[String]]
    /// Row i: accuracy on each task after stage i.
    public let accuracy: [[Double]]

    /// - Parameters:
    ///   - tasks: the classes first seen in each stage (every stage must bring at least one).
    ///   - perClass: for each stage, the evaluation after it: per class, records and hits.
    /// Nil unless there are at least two tasks, one evaluation per stage, and every task has
    /// records in the evaluation set.
    public init?(tasks: [[String]], perClass: [[String: (seen: Int, correct: Int)]]) {
        guard tasks.count >= 2, perClass.count == tasks.count, tasks.allSatisfy({ !$0.isEmpty }) else { return nil }
        var matrix: [[Double]] = []
        for evaluation in perClass {
            var row: [Double] = []
            for task in tasks {
                var seen = 0, correct = 0
                for name in task {
                    if let c = evaluation[name] { seen += c.seen; correct += c.correct }
                }
                guard seen > 0 else { return nil }
                row.append(Double(correct) / Double(seen))
            }
            matrix.append(row)
        }
        self.tasks = tasks
        accuracy = matrix
    }

    public var taskCount: Int { tasks.count }

    public var averageAccuracy: Double {
        accuracy[taskCount - 1].reduce(0, +) / Double(taskCount)
    }

    public var backwardTransfer: Double {
        let last = taskCount - 1
        return (0..<last).reduce(0) { $0 + accuracy[last][$1] - accuracy[$1][$1] } / Double(last)
    }

    public var averageForgetting: Double {
        let last = taskCount - 1
        var sum = 0.0
        for j in 0..<last {
            let best = (j..<last).map { accuracy[$0][j] }.max()!
            sum += best - accuracy[last][j]
        }
        return sum / Double(last)
    }
}
