import ArgumentParser
import Posix
import Protocol
import Wire

/// `learnctl checkpoint`: the running learnd writes a checkpoint now.
struct CheckpointNow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ControlCommand.checkpoint.rawValue,
        abstract: "Make the daemon write a checkpoint now.",
        discussion: """
            Prints `wrote PATH (SIZE, N ms) at TIME`. The file lands in learnd's state directory \
            (named learnd-YYYYMMDDTHHMMSSZ-SEQ.ckpt; the newest checkpoint.keep are kept). \
            Exit 1 when learnd could not write it (for example, nothing learned yet).
            """
    )

    @OptionGroup var daemon: DaemonOptions

    @Flag(help: "Print learnd's reply (JSON) as it is.")
    var json = false

    func run() throws {
        try reportingFailures {
            let client = try daemon.connect()
            if json {
                try client.printRawResponse(.checkpoint, timeoutSeconds: 300)
                return
            }
            let reply = try client.send(.checkpoint, timeoutSeconds: 300)
            guard reply["ok"]?.boolValue == true else {
                throw LearnctlError("no checkpoint written: \(reply["error"]?.stringValue ?? reply.serialized())")
            }
            let path = reply["path"]?.stringValue ?? "?"
            var details: [String] = []
            if let bytes = reply["bytes"]?.doubleValue { details.append("\(byteSize(bytes)), \(clampedInt(bytes)) bytes") }
            if let ms = reply["milliseconds"]?.doubleValue { details.append("\(fixed(ms, 1)) ms") }
            print("wrote \(path) (\(details.joined(separator: ", "))) at \(utcTimestamp(WallClock.unixSeconds()))")
        }
    }
}

/// `learnctl restore FILE`: the running learnd replaces its state with a checkpoint's.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a checkpoint into the running daemon.",
        discussion: """
            learnd reads FILE itself (so it must be readable by learnd's user), checks every checksum \
            and section and that the checkpoint's model settings (shape, task, optimiser, replay, \
            normalisation, metrics window, seed) match its configuration, and only then replaces \
            the running state. With --adopt, a checkpoint whose settings differ (other than its \
            width, task and outputs) is taken with its own settings until learnd restarts. A bad or mismatched file is refused with the reason, the running \
            state is left as it was, and learnctl exits 1. Check a file first with `learnctl verify`.
            """
    )

    @OptionGroup var daemon: DaemonOptions

    @Argument(help: ArgumentHelp("The checkpoint file.", valueName: "FILE"))
    var file: String

    @Flag(help: "Take the checkpoint's model settings where they differ from learnd's configuration.")
    var adopt = false

    @Flag(help: "Print learnd's reply (JSON) as it is.")
    var json = false

    func run() throws {
        try reportingFailures {
            let path = Environment.absolute(file)
            let client = try daemon.connect()
            let request = ControlRequest.restore(path: path, adopt: adopt)
            if json {
                try client.printRawResponse(request, timeoutSeconds: 300)
                return
            }
            let reply = try client.send(request, timeoutSeconds: 300)
            guard reply["ok"]?.boolValue == true else {
                throw LearnctlError(reply["error"]?.stringValue ?? "restore refused: \(reply.serialized())")
            }
            let learned = reply["learned"]?.intValue.map { ", \($0) records learned" } ?? ""
            print("restored \(reply["path"]?.stringValue ?? path)\(learned) at \(utcTimestamp(WallClock.unixSeconds()))")
        }
    }
}
