import ArgumentParser
import CheckpointFormat
import LearnCore
import Posix
import Protocol
import Wire

/// `learnctl plot -o FILE.svg [--checkpoint FILE]`: learning curves as one self-contained SVG, from the
/// running daemon's status or from the history a checkpoint carries.
struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw learning curves (SVG), live or from a checkpoint.",
        discussion: """
            Takes the daemon's history (status "history": one sample every 2 s, the last ~10 \
            minutes, kept across restarts through checkpoints) and draws four panels over time: \
            prequential accuracy, overall and over the recent window (RMSE for regression), mean loss, \
            records per second and sparsity. Drift detections are marked as dashed grey lines, \
            checkpoints as dotted green ones. With --checkpoint FILE the history comes from that \
            checkpoint (offline: no daemon needed). The file is plain SVG 1.1 with no scripts, fonts or \
            external references: one <polyline> per curve.
            """
    )

    @OptionGroup var daemon: DaemonOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The SVG file to write ('-': standard output).", valueName: "FILE.svg"))
    var output: String

    @Option(help: ArgumentHelp("Plot the history carried in this checkpoint file instead of asking the daemon.",
                               valueName: "FILE"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("Width of the drawing in pixels.", valueName: "PX"))
    var width = 900

    func validate() throws {
        guard width >= 300, width <= 10000 else { throw ValidationError("--width must be between 300 and 10000.") }
    }

    func run() throws {
        if let checkpoint {
            let decoded = try Files.load(checkpoint)
            try reportingFailures { try write(try Self.curves(checkpoint: checkpoint, decoded, width: width)) }
            return
        }
        try reportingFailures {
            let client = try daemon.connect()
            try write(try Self.curves(status: try StatusView(try client.request(.status)), width: width))
        }
    }

    private func write(_ chart: LearningCurves) throws {
        try Files.write(Array(chart.svg.utf8), to: output)
        guard output != "-" else { return }
        let samples = chart.samples
        print("wrote \(output): \(chart.curves.count) curves over \(samples.count) samples "
              + "(\(duration(samples.last!.unixSeconds - samples.first!.unixSeconds))), "
              + "\(chart.driftTimes.count) drift marks, \(chart.checkpointTimes.count) checkpoint marks")
    }

    /// The running daemon's curves.
    static func curves(status: StatusView, width: Int) throws -> LearningCurves {
        let samples = status.history
        guard !samples.isEmpty else {
            throw LearnctlError("no history yet: learnd samples every \(short(status.historyPeriod)) s; try again shortly")
        }
        return LearningCurves(samples: samples, checkpoints: status.historyCheckpoints, driftRecords: status.driftRecords,
                              classify: status.classify,
                              title: "learnd \(status.version): \(status.shapeText), "
                                  + "\(status.records.learned) records learned"
                                  + (status.tuningText.map { "; tuning: " + $0 } ?? ""),
                              width: width, note: status.labelsText)
    }

    /// The curves a checkpoint carries (section HIST).
    static func curves(checkpoint path: String, _ decoded: DecodedCheckpoint, width: Int) throws -> LearningCurves {
        guard let history = decoded.meta.history else {
            throw LearnctlError("\(path) carries no history (learnd stream and older learnd versions write none); "
                                + "plot the running daemon instead: learnctl plot -o FILE.svg")
        }
        guard !history.samples.isEmpty else { throw LearnctlError("\(path): its history holds no sample yet") }
        let config = decoded.state.config
        return LearningCurves(samples: history.samples.map(HistorySample.init),
                              checkpoints: history.checkpoints.map { Double($0.unixSeconds) },
                              driftRecords: decoded.state.drift.events.map(\.record),
                              classify: config.task == .classify,
                              title: "checkpoint \(lastComponent(path)): "
                                  + config.widths.map(String.init).joined(separator: "-") + " \(config.task.rawValue), "
                                  + "\(decoded.state.counters.learned) records learned"
                                  + (decoded.state.tuner.map(tuningText) ?? ""),
                              width: width)
    }

    /// "; tuning: member 1 of 2 predicts, learning rates 0.05 0.1" for a checkpoint's population.
    private static func tuningText(_ tuner: TunerSnapshot) -> String {
        "; tuning: member \(tuner.tuning.leader + 1) of \(tuner.members.count) predicts, learning rates "
            + tuner.tuning.rates.map { "\($0)" }.joined(separator: " ")
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
