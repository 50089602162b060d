import ArgumentParser

/// `learnctl export FILE --format safetensors|json -o OUT`: the model's tensors and what is needed to run it.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a checkpoint's model as safetensors or JSON.",
        discussion: """
            Tensors: layers.N.weight [out, in], layers.N.bias [out], layers.N.mask [out, in] (1 keeps, 0 pruned), \
            float32. Metadata: task, activation, widths, labels (class names by output slot), feature_mean and \
            feature_std (normalise as (x - mean) / std, 0 where std is 0), target_mean and target_std \
            (regress), records_learned. Safetensors metadata values are strings (JSON text for lists).

            Example (Python):
              from safetensors.numpy import load_file
              tensors = load_file("model.safetensors")
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case safetensors, json
    }

    @Argument(help: ArgumentHelp("A checkpoint file.", valueName: "FILE"))
    var file: String

    @Option(help: "Output format: safetensors or json.")
    var format: Format

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file ('-': standard output).", valueName: "OUT"))
    var output: String

    func run() throws {
        let model = ExportModel(try Files.load(file))
        switch format {
        case .safetensors: try Files.write(Safetensors.encode(model), to: output)
        case .json: try Files.write(Array((model.json.serialized() + "\n").utf8), to: output)
        }
    }
}
