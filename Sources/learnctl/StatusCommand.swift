import ArgumentParser
import Protocol
import Wire

/// `learnctl status [--json]`: what the running learnd is doing, at a glance.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the running daemon is doing.",
        discussion: """
            Model shape; records learned, predicted and rejected; records per second; prequential \
            accuracy (or RMSE) over everything and over the recent window; classes seen; replay memory \
            fill and its class histogram; sparsity per layer; drift events; the last checkpoint and \
            its age; uptime and memory (RSS).

            --json prints learnd's status reply as it is: one JSON object whose keys are listed in \
            the README ("Status keys"), including "history", the last ~10 minutes of samples.
            """
    )

    @OptionGroup var daemon: DaemonOptions

    @Flag(help: "Print learnd's status reply (JSON) as it is.")
    var json = false

    func run() throws {
        try reportingFailures {
            let client = try daemon.connect()
            if json {
                try client.printRawResponse(.status)
                return
            }
            let status = try StatusView(try client.request(.status))
            print(status.text(socket: client.path))
        }
    }
}
