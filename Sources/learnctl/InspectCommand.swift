import ArgumentParser
import Protocol

/// `learnctl inspect FILE [--json]`: what a checkpoint holds, after checking it completely.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a checkpoint holds, and check it.",
        discussion: """
            Shows the format version, model shape, records learned/predicted/rejected, label map, sparsity per \
            layer, replay fill, prequential metrics, creation time, learnd version and section sizes. The file is \
            fully validated first: a damaged file is reported and the exit status is 1.
            """
    )

    @Argument(help: ArgumentHelp("A checkpoint file.", valueName: "FILE"))
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let summary = CheckpointSummary(path: file, decoded: try Files.load(file))
        print(json ? summary.json.pretty() : summary.text)
    }
}
