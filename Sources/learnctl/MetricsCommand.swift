import ArgumentParser
import Protocol
import Storage

/// `learnctl metrics [--openmetrics] [-o FILE]`: the running learnd's figures in the Prometheus text format.
struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The daemon's metrics in Prometheus' text format.",
        discussion: """
            The same figures as `status`, named by Prometheus' conventions (README, "Metrics"): \
            learnd_records_total{outcome=...}, rejections by reason, drift events, checkpoints, \
            connections, accuracy or RMSE, loss, sparsity, replay fill, queue depth, memory, build info.

            -o FILE replaces FILE atomically (a temporary file beside it, fsync, rename; mode 0644), \
            which is how node_exporter's textfile collector wants it: learnd-metrics.timer runs \
            `learnctl metrics -o /var/lib/prometheus/node-exporter/learnd.prom`.
            """
    )

    @OptionGroup var daemon: DaemonOptions

    @Flag(help: "OpenMetrics 1.0 text instead of Prometheus' text format 0.0.4.")
    var openmetrics = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Replace FILE atomically instead of printing.", valueName: "FILE"))
    var output: String?

    func run() throws {
        try reportingFailures {
            let request = ControlRequest.metrics(openmetrics ? .openmetrics : .prometheus)
            let reply = ControlResponse(json: try daemon.connect().request(request), to: request.command)
            guard case .metrics(_, let text) = reply else {
                if case .failure(let message) = reply { throw LearnctlError(message) }
                throw LearnctlError("learnd's metrics reply has no text")
            }
            guard let output else { return print(text, terminator: "") }
            do {
                try DurableFile.write(Array(text.utf8), to: FilePath(output),
                                      permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } catch {
                throw LearnctlError("Failed to write metrics to \(output): \(error)")
            }
        }
    }
}
