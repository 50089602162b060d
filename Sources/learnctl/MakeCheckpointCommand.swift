#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import CheckpointFormat
import LearnCore
import Wire

/// `learnctl make-checkpoint FILE... -o OUT` (hidden): learns records from files with a learner built from
/// the options and writes its checkpoint. For tests, fixtures and demos until `learnd stream --checkpoint-out`.
struct MakeCheckpoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-checkpoint",
        abstract: "Learn records from files and write a checkpoint (for tests and fixtures).",
        shouldDisplay: false
    )

    @Argument(help: ArgumentHelp("Record files, in order.", valueName: "FILE"))
    var files: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Checkpoint file to write.", valueName: "OUT"))
    var output: String

    @Option var task: String = "classify"
    @Option var outputs: Int = 16
    @Option(help: "Hidden widths, comma-separated ('' for none).") var hidden: String = "128"
    @Option var activation: String = "relu"
    @Option var optimizer: String = "sgd"
    @Option var learningRate: Float = 0.05
    @Option var momentum: Float = 0
    @Option var replayK: Int = 8
    @Option var replayCapacity: Int = 1000
    @Option var replayPolicy: String = "reservoir"
    @Option var pruneTarget: Float = 0
    @Option var pruneStart: Int = 0
    @Option var pruneEnd: Int = 1000
    @Option var pruneEvery: Int = 50
    @Option var recentWindow: Int = 500
    @Option var seed: UInt64 = 1
    @Option(help: "none, si or ewc.") var protect: String = "none"
    @Option(help: "none, page-hinkley or adwin.") var driftDetector: String = "none"
    @Option(help: "Creation time, Unix seconds (default: now).") var created: Int64?

    func validate() throws {
        guard Task(rawValue: task) != nil, Activation(rawValue: activation) != nil,
              OptimizerKind(rawValue: optimizer) != nil, ReplayPolicy(rawValue: replayPolicy) != nil,
              MemoryProtection(rawValue: protect) != nil, DriftDetectorKind(rawValue: driftDetector) != nil else {
            throw ValidationError("Unknown task, activation, optimizer, policy, protection or detector.")
        }
        guard hiddenWidths != nil, outputs >= 1, replayK >= 0, replayCapacity >= 0, pruneEvery >= 1,
              recentWindow >= 1 else {
            throw ValidationError("Widths, outputs, replay and window values must be positive.")
        }
    }

    private var hiddenWidths: [Int]? {
        let parts = hidden.split(separator: ",").map { Int($0.trimmingPrefix(" ")) }
        return parts.contains(nil) || parts.contains { $0! < 1 } ? nil : parts.map { $0! }
    }

    private func config(inputs: Int) -> LearnerConfig {
        var c = LearnerConfig(inputs: inputs)
        c.hidden = hiddenWidths!
        c.outputs = outputs
        c.task = Task(rawValue: task)!
        c.activation = Activation(rawValue: activation)!
        c.optimizer = OptimizerKind(rawValue: optimizer)!
        c.learningRate = learningRate
        c.momentum = momentum
        c.replayK = replayK
        c.replayCapacity = replayCapacity
        c.replayPolicy = ReplayPolicy(rawValue: replayPolicy)!
        c.pruneTargetSparsity = pruneTarget
        c.pruneStart = pruneStart
        c.pruneEnd = pruneEnd
        c.pruneEvery = pruneEvery
        c.recentWindow = recentWindow
        c.seed = seed
        c.protect = MemoryProtection(rawValue: protect)!
        c.driftDetector = DriftDetectorKind(rawValue: driftDetector)!
        return c
    }

    func run() throws {
        var learner: Learner?
        var inputs: Int?
        for path in files {
            var file = RecordFile(path: path, config: config(inputs: 1), inputs: inputs)
            try file.forEach { _, outcome in
                guard case .record(let record, _) = outcome else { return }
                let l = learner ?? Learner(config: config(inputs: record.features.count))
                learner = l
                if let target = record.learnTarget {
                    _ = l.learn(record.features, target: target)
                } else {
                    l.countPrediction()
                }
            }
            inputs = file.parser.inputs
        }
        guard let learner else {
            Stderr.line("learnctl: no valid record in \(files.joined(separator: ", "))")
            throw ExitCode.failure
        }
        let c = learner.config
        let text = "[model]\ninputs = \(c.inputs)\nhidden = \(c.hidden)\noutputs = \(c.outputs)\n"
            + "task = \"\(c.task.rawValue)\"\nseed = \(c.seed)\n"
        let meta = CheckpointMeta(createdUnixSeconds: created ?? Int64(time(nil)),
                                  learndVersion: LearnctlVersion.string, configText: text)
        do {
            try Files.write(try Checkpoint.encode(learner.snapshot(), meta: meta), to: output)
        } catch let error as CheckpointError {
            Stderr.line("learnctl: \(error)")
            throw ExitCode.failure
        }
    }
}
