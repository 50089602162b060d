import ArgumentParser
import Config
import LearnCore
import StreamRunner

/// `learnd stream FILE... | -`: the batch twin of `learnd serve`.
struct Stream: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the learner over records from files or standard input, then report.",
        discussion: """
            Each input file is a stage: with --eval, the learner is evaluated (without learning) \
            on each labelled eval file after each input file ends, and every --eval-every records. \
            Rejected records are listed on stderr as FILE:LINE: REASON and counted; the run goes on.

            Examples:
              learnd stream Fixtures/digits_ci_train.csv --set model.outputs=10
              learnd stream task1.csv task2.csv --eval test.csv --report json
              producer | learnd stream - --config learnd.toml
            """
    )

    @Argument(help: ArgumentHelp("Record files, in order; '-' reads standard input.", valueName: "FILE"))
    var files: [String]

    @OptionGroup var configOptions: ConfigOptions

    @Option(name: .customLong("eval"), help: ArgumentHelp("Labelled file to evaluate on (repeatable).", valueName: "FILE"))
    var evalFiles: [String] = []

    @Option(help: ArgumentHelp("Also evaluate every N records.", valueName: "N"))
    var evalEvery: Int?

    @Option(help: ArgumentHelp("Report format: text or json.", valueName: "FORMAT"))
    var report: ReportFormat = .text

    @Flag(help: "Do not list rejected records or show progress on stderr.")
    var quiet = false

    func validate() throws {
        if let n = evalEvery, n <= 0 { throw ValidationError("--eval-every must be a positive number of records") }
    }

    func run() throws {
        let settings = try configOptions.streamSettings()
        var options = StreamOptions(inputs: files)
        options.evalFiles = evalFiles
        options.evalEvery = evalEvery
        options.reportRejections = !quiet
        options.progress = !quiet
        let runner = StreamRunner(settings: settings, options: options, log: Stderr.line)
        do {
            let result = try runner.run()
            switch report {
            case .json: print(result.json().pretty())
            case .text: print(result.text())
            }
        } catch {
            Stderr.line("learnd stream: \(error)")
            throw ExitCode.failure
        }
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
