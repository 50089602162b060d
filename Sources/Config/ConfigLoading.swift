import LearnCore

extension LearndConfig {
    /// The configuration from a TOML file's text (nil: no file, the built-in defaults) with
    /// `--set section.key=value` overrides applied after it, in order (top-level keys as
    /// `shutdown_timeout=5`). The first unknown section or key, bad value or inconsistent pair
    /// is an error naming the key, prefixed `line N: ` when it comes from the file.
    public static func load(tomlText: String?, overrides: [String] = []) throws(ConfigError) -> LearndConfig {
        let keys = ConfigKey.all
        var config = LearndConfig()
        var lines: [String: Int] = [:]  // key → file line that set it last (none once --set wins)
        if let text = tomlText {
            let document: TOMLDocument
            do { document = try TOML.parse(text) } catch { throw ConfigError(error.description) }
            let sections = Set(ConfigKey.sections)
            let tableLines = Dictionary(document.tables.map { ($0.name, $0.line) }, uniquingKeysWith: { a, _ in a })
            for entry in document.entries {
                if let line = tableLines[entry.table], !sections.contains(entry.table) {
                    throw .unknownSection(entry.table, line: line)
                }
                try config.apply(entry.path, entry.value, keys, line: entry.line)
                lines[entry.path] = entry.line
            }
            if let empty = document.tables.first(where: { !sections.contains($0.name) }) {
                throw .unknownSection(empty.name, line: empty.line)
            }
        }
        for override in overrides {
            let (name, value) = try parseOverride(override, keys)
            try config.apply(name, value, keys, line: nil)
            lines[name] = nil
        }
        try config.resolve(lines: lines)
        return config
    }

    private mutating func apply(_ name: String, _ value: TOMLValue, _ keys: [ConfigKey], line: Int?) throws(ConfigError) {
        guard let key = keys.first(where: { $0.name == name }) else { throw .unknownKey(name, line: line) }
        if let problem = key.set(&self, value) { throw .badValue(name, problem, value, line: line) }
    }

    /// `section.key=value` → the key's name and its value. The value is TOML (`[128,64]`,
    /// `"adam"`, `0.01`); a bare word is taken as a string (`adam`, `/run/x.sock`), always for
    /// string-valued keys, otherwise when it is not a TOML value, so the key reports it.
    static func parseOverride(_ text: String, _ keys: [ConfigKey]) throws(ConfigError) -> (String, TOMLValue) {
        guard let eq = text.firstIndex(of: "=") else { throw ConfigError("--set \"\(text)\": expected section.key=value") }
        let name = trimmed(text[..<eq]), raw = trimmed(text[text.index(after: eq)...])
        guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" }) else {
            throw ConfigError("--set \"\(text)\": expected section.key=value")
        }
        guard let key = keys.first(where: { $0.name == name }) else { throw .unknownKey(name, line: nil) }
        guard !raw.isEmpty else { throw ConfigError("--set \"\(text)\": missing value after \"=\"") }
        if let first = raw.first, "\"'[{".contains(first) {
            do { return (name, try TOML.parseValue(raw)) } catch {
                throw ConfigError("\(name): invalid value \(raw) (\(error.reason))")
            }
        }
        if key.bareWord { return (name, .string(raw)) }
        return (name, (try? TOML.parseValue(raw)) ?? .string(raw))
    }

    /// Cross-key rules, after every key is set: feature names fix "auto" inputs and must match
    /// a given width; a fixed class map fits the outputs; class-balanced replay needs classes; pruning must start before it ends;
    /// a `consolidate` drift action needs memory protection to consolidate.
    private mutating func resolve(lines: [String: Int]) throws(ConfigError) {
        func fail(_ key: String, _ message: String) -> ConfigError {
            ConfigError(ConfigError.prefix(lines[key]) + "\(key): " + message)
        }
        if let names = model.featureNames {
            if let n = model.inputs, n != names.count {
                throw fail("model.feature_names", "must have model.inputs = \(n) names, got \(names.count)")
            }
            model.inputs = names.count
        }
        if let classes = model.classes {
            if model.task != .classify { throw fail("model.classes", "needs model.task = \"classify\"") }
            if classes.count > model.outputs {
                throw fail("model.classes", "lists \(classes.count) classes, more than model.outputs = \(model.outputs)")
            }
        }
        if replay.policy == .classBalanced && model.task != .classify {
            throw fail("replay.policy", "\"class-balanced\" needs model.task = \"classify\"")
        }
        if prune.start > prune.end {
            throw fail("prune.start", "must be <= prune.end (\(prune.end)), got \(prune.start)")
        }
        if checkpoint.everySeconds > 0 && checkpoint.everySeconds < ConfigLimits.minPeriodSeconds {
            throw fail("checkpoint.every_seconds", "must be 0 (off) or >= 0.001, got \(checkpoint.everySeconds)")
        }
        // With "auto" the width is known at the first record; at load the model must fit with one input.
        if let problem = memoryProblem(inputs: model.inputs ?? 1) {
            throw ConfigError(ConfigError.prefix(lines["model.max_memory"] ?? lines["model.hidden"]) + problem)
        }
        if drift.action.contains(.consolidate) && train.protect == .none {
            throw fail("drift.action", "\"\(drift.action.text)\" consolidates memory protection, but train.protect = \"none\" "
                       + "has none: set train.protect = \"si\" or \"ewc\", or drop consolidate from drift.action")
        }
    }

    private static func trimmed(_ s: Substring) -> String {
        var s = s
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
