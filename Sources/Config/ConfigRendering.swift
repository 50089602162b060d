import LearnCore

extension LearndConfig {
    /// For a SIGHUP reload to `new`: the names of the changed keys, all live-tunable, in table
    /// order; or an error naming the first changed key that is not (the old config then stays).
    public func liveChanges(to new: LearndConfig) -> Result<[String], ConfigError> {
        let model = newModelKeys(toBecome: new)
        if let first = model.first {
            let also = model.count > 1 ? " (so do \(model.dropFirst().joined(separator: ", ")))" : ""
            return .failure(ConfigError("\(first) cannot change on reload: it needs a new model\(also); "
                + "keeping the old configuration"))
        }
        var changed: [String] = []
        for key in ConfigKey.all where key.get(self) != key.get(new) {
            switch key.reload {
            case .live:
                changed.append(key.name)
            case .newModel:   // caught above: ModelSettingTests checks that the table agrees with the rule
                return .failure(ConfigError("\(key.name) cannot change on reload: it needs a new model; "
                    + "keeping the old configuration"))
            case .restart:
                return .failure(ConfigError("\(key.name) cannot change on reload: it takes effect on restart; "
                    + "keeping the old configuration"))
            }
        }
        return .success(changed)
    }

    /// Every key with its current value, as TOML that `load` reads back to this configuration
    /// (unset optional keys are left out).
    public func effectiveText() -> String { render(withDocs: false) }

    /// The documented default file: every key with its default and one line of explanation,
    /// optional keys commented out. `load(tomlText: defaultConfigText())` gives `LearndConfig()`.
    public static func defaultConfigText() -> String {
        "# learnd configuration: every key with its built-in default.\n"
            + "# Any key can be overridden on the command line: learnd --set section.key=value\n"
            + "# Keys marked (reloadable) take effect on SIGHUP; changing any other key needs a restart.\n\n"
            + LearndConfig().render(withDocs: true)
    }

    private func render(withDocs: Bool) -> String {
        var out = ""
        var section = ""
        for key in ConfigKey.all {
            if key.section != section {
                section = key.section
                out += (out.isEmpty ? "" : "\n") + "[\(section)]\n"
            }
            if withDocs { out += "# \(key.doc)\(key.reload == .live ? " (reloadable)" : "")\n" }
            if let value = key.get(self) {
                out += "\(key.shortName) = \(value)\n"
            } else if withDocs {
                out += "# \(key.shortName) = \(Self.example(key))\n"
            }
        }
        return out
    }

    /// An illustrative value for an optional key, shown commented out in the default file.
    private static func example(_ key: ConfigKey) -> String {
        switch key.shortName {
        case "socket": return "\"/run/learnd/\(key.section).sock\""
        case "group": return "\"learnd\""
        case "feature_names": return "[\"temperature\", \"pressure\", \"vibration\"]"
        default: return "..."
        }
    }
}
