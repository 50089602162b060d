import Config

extension Fuzz {
    /// The TOML configuration: the bytes as a file (when UTF-8), then each line as a `--set` override. Properties:
    /// a configuration that loads renders (`effectiveText`) to text that loads back to the same configuration,
    /// and the model it accepts fits `model.max_memory` at its input width.
    public static func config(_ data: UnsafeBufferPointer<UInt8>) {
        guard let text = String(validating: data, as: UTF8.self) else { return }
        if let config = try? LearndConfig.load(tomlText: text) { checkLoaded(config) }
        let overrides = text.split(separator: "\n").map(String.init)
        if let config = try? LearndConfig.load(tomlText: nil, overrides: overrides) { checkLoaded(config) }
    }

    private static func checkLoaded(_ config: LearndConfig) {
        let again = try? LearndConfig.load(tomlText: config.effectiveText())
        check(again == config, "effective text does not load back to the same configuration")
        check(config.memoryProblem(inputs: config.model.inputs ?? 1) == nil, "accepted a model over model.max_memory")
        _ = config.learnerConfig(inputs: config.model.inputs ?? 1)
    }
}
