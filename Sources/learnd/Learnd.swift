import Daemon
import LearnCore
import ArgumentParser

/// `learnd`: the daemon (`serve`, the default) and the offline runner (`stream`).
@main
struct Learnd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learnd",
        abstract: "Learn online from a stream of sensor or event records.",
        discussion: """
            learnd keeps a small neural network learning from records (CSV or JSON lines), \
            replaying a reservoir of past records so new regimes do not erase old ones and \
            pruning its weakest weights so it stays compact.

            Start with `learnd stream FILE.csv` to run the learner over a file and see a report.
            """,
        version: "\(Version.string) (kernels: \(Learner.kernelName))",
        subcommands: [Serve.self, Stream.self, ConfigCommand.self],
        defaultSubcommand: Serve.self
    )
}
