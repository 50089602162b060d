import LearnCore

extension LearndConfig {
    /// The configuration from a TOML file's text (nil: no file, built-in defaults) and
    /// `--set section.key=value` overrides applied after it. Any unknown key, bad value or
    /// inconsistent pair is an error naming the key; nothing is half-applied.
    public static func load(tomlText: String?, overrides: [String] = []) throws(ConfigError) -> LearndConfig {
        var config = LearndConfig()
        let keys = ConfigKey.all
        if let text = tomlText {
            let entries: [TOMLEntry]
            do { entries = try TOML.parse(text) } catch { throw ConfigError("\(error)") }
            for entry in entries { try config.apply(entry.path, entry.value, keys, line: entry.line) }
        }
        for override in overrides {
            let (name, value) = try parseOverride(override, keys)
            try config.apply(name, value, keys, line: nil)
        }
        try config.checkConsistency()
        return config
    }

    private mutating func apply(_ name: String, _ value: TOMLValue, _ keys: [ConfigKey], line: Int?) throws(ConfigError) {
        guard let key = keys.first(where: { $0.name == name }) else {
            throw .unknownKey(name, known: keys.map(\.name), line: line)
        }
        if let expected = key.set(&self, value) { throw .badValue(name, expected, value, line: line) }
    }

    /// `section.key=value`; the value in TOML syntax, or a bare word for string keys.
    private static func parseOverride(_ text: String, _ keys: [ConfigKey]) throws(ConfigError) -> (String, TOMLValue) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw ConfigError("--set \"\(text)\": expected section.key=value")
        }
        let name = String(text[..<eq]).trimmingSpaces(), raw = String(text[text.index(after: eq)...]).trimmingSpaces()
        if let value = try? TOML.parseValue(raw) { return (name, value) }
        let bare = !raw.isEmpty && raw.allSatisfy { $0.isLetter || $0.isNumber || "-_+./".contains($0) }
        guard bare else {
            guard keys.contains(where: { $0.name == name }) else { throw .unknownKey(name, known: keys.map(\.name), line: nil) }
            throw ConfigError("\(name): \"\(raw)\" is not a TOML value (quote strings, e.g. \"adam\")")
        }
        return (name, .string(raw))
    }

    private func checkConsistency() throws(ConfigError) {
        if replay.policy == .classBalanced && model.task != .classify {
            throw ConfigError("replay.policy: \"class-balanced\" needs model.task = \"classify\"")
        }
        if prune.start > prune.end { throw ConfigError("prune.start (\(prune.start)) must not be after prune.end (\(prune.end))") }
        if let names = model.featureNames {
            if let n = model.inputs, n != names.count {
                throw ConfigError("model.feature_names: \(names.count) names for model.inputs = \(n)")
            }
            if Set(names).count != names.count { throw ConfigError("model.feature_names: names must be unique") }
        }
    }

    /// Names of the live keys whose value differs in `new`; an error naming the first key that
    /// would need a new model (SIGHUP then keeps the old configuration).
    public func liveChanges(to new: LearndConfig) -> Result<[String], ConfigError> {
        var changed: [String] = []
        for key in ConfigKey.all where key.get(self) != key.get(new) {
            guard key.live else {
                return .failure(ConfigError("\(key.name) cannot change while running (needs a new model or restart); keeping the old configuration"))
            }
            changed.append(key.name)
        }
        return .success(changed)
    }

    /// Every key with its current value, as TOML (for `config` on the control socket).
    public func effectiveText() -> String { render(self, withDocs: false) }

    /// The documented default file: every key, its default and one line of explanation.
    public static func defaultConfigText() -> String {
        "# learnd configuration: every key with its default value.\n"
            + "# Any key may also be set on the command line: learnd --set section.key=value\n\n"
            + render(LearndConfig(), withDocs: true)
    }
}

private func render(_ config: LearndConfig, withDocs: Bool) -> String {
    var out = "", section = ""
    let keys = ConfigKey.all
    for key in keys.filter({ $0.section.isEmpty }) + keys.filter({ !$0.section.isEmpty }) {
        if key.section != section {
            section = key.section
            out += (out.isEmpty ? "" : "\n") + "[\(section)]\n"
        }
        if withDocs { out += "# \(key.doc)\(key.live ? " (reloadable)" : "")\n" }
        if let value = key.get(config) { out += "\(key.shortName) = \(value)\n" }
        else if withDocs { out += "# \(key.shortName) = ...\n" }
    }
    return out
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
