import ArgumentParser
import Config
import Storage
import Posix
import Protocol
import RecordPath
import Wire

/// `learnctl feed FILE... | -`: streams records into learnd's ingest socket and reports what became of them.
struct Feed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send records to the daemon; report what it rejected.",
        discussion: """
            Sends each FILE ('-': standard input) as it is, in order, to learnd's ingest socket, and \
            reads learnd's replies meanwhile. Prints a summary (sent, learned, predicted, rejected, \
            the first rejections as FILE:LINE: REASON); exit status 1 if a record was rejected.

            Example: sensor-reader | learnctl feed - --rate 200
            """
    )

    @OptionGroup var daemon: DaemonOptions

    @Argument(help: ArgumentHelp("Record files, sent in order; '-' reads standard input.", valueName: "FILE"))
    var files: [String]

    @Option(help: ArgumentHelp("learnd's ingest socket (default: asked from the daemon).", valueName: "PATH"))
    var ingest: String?

    @Option(help: ArgumentHelp("Send at most N records per second.", valueName: "N"))
    var rate: Double?

    @Flag(help: "Exit 0 even when records were rejected.")
    var allowRejects = false

    @Option(help: ArgumentHelp("Rejections listed in the summary.", valueName: "N"))
    var showRejections = 20

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "No progress line, even on a terminal.")
    var quiet = false

    @Option(help: ArgumentHelp("Write predictions to FILE ('-': stdout) as FILE:LINE: REPLY.", valueName: "FILE"))
    var predictions: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one file, or '-' for standard input.") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input ('-') can be read only once.") }
        if let rate, !(rate > 0) || !rate.isFinite { throw ValidationError("--rate must be a positive number.") }
        if showRejections < 0 { throw ValidationError("--show-rejections must be 0 or more.") }
        if predictions == "-" && json { throw ValidationError("--predictions - and --json would mix on standard output.") }
    }

    func run() throws {
        try reportingFailures {
            let target = try resolveTarget()
            let progress = !quiet && ProcessInfo.isTerminal(.standardError)
            var session = FeedSession(target: target, rate: rate, progress: progress, keepRejections: max(showRejections, 100))
            if let predictions { session.predictionsOutput = try PredictionsOutput(predictions) }
            var failure: LearnctlError?
            for file in files {
                do { try session.send(file) } catch let error as LearnctlError {
                    failure = error
                    break
                }
            }
            session.predictionsOutput?.close()
            session.clearProgress()
            print(json ? session.summaryJSON.pretty() : session.summaryText(limit: showRejections))
            if let failure { throw failure }
            if session.total.rejected > 0 && !allowRejects { throw ExitCode.failure }
        }
    }

    /// Where to send and how learnd will read: its ingest socket, and a parser like its own (to
    /// know which lines are records, so that the counts match learnd's).
    private func resolveTarget() throws -> FeedTarget {
        var config: LearndConfig?
        var inputs: Int?
        var ingestPath = ingest
        // With --ingest, the control socket is only asked for learnd's record settings, if it answers.
        let client: ControlClient? = ingest == nil ? try daemon.connect() : try? daemon.connect()
        if let client, let reply = ingest == nil ? try client.request(.config) : try? client.request(.config),
           case .config(let text, let ingestSocket, _, _) = ControlResponse(json: reply, to: .config) {
            ingestPath = ingestPath ?? (ingestSocket.isEmpty ? nil : ingestSocket)
            config = try? LearndConfig.load(tomlText: text)
            inputs = (try? client.request(.status)).flatMap { try? StatusReport(json: $0) }?.shape.first
        }
        guard let ingestPath else { throw LearnctlError("learnd did not say where its ingest socket is; pass --ingest") }
        let c = try config ?? daemon.loadConfig()
        return FeedTarget(ingestPath: ingestPath, config: c, inputs: inputs ?? c.model.inputs, knownLimit: config != nil)
    }
}

/// The ingest socket and the settings of learnd's record parser.
struct FeedTarget {
    let ingestPath: String
    let config: LearndConfig
    let inputs: Int?
    /// Whether `config` is the daemon's own (so its record length limit is exact).
    let knownLimit: Bool

    func parser(inputs: Int?) -> RecordParser {
        config.recordParser(inputs: inputs ?? self.inputs)
    }

    /// Lines longer than this are not buffered: learnctl sends a stand-in that learnd rejects the same way.
    var lineLimit: Int { knownLimit ? config.ingest.maxRecordBytes : max(config.ingest.maxRecordBytes, 16 << 20) }
}

/// Where `--predictions` go.
struct PredictionsOutput {
    let fd: FileDescriptor
    let owned: Bool

    init(_ path: String) throws {
        if path == "-" {
            fd = .standardOutput
            owned = false
        } else {
            do {
                fd = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .truncate, .closeOnExec],
                                             permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } catch {
                throw LearnctlError("cannot create \(path): \(error)")
            }
            owned = true
        }
    }

    func write(_ line: String) {
        _ = try? fd.writeAll(Array((line + "\n").utf8))
    }

    func close() { if owned { try? fd.close() } }
}
