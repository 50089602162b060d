extension LearndConfig {
    /// docs/configuration-keys.md, generated from the key table (ConfigTests checks it).
    public static func keysMarkdown() -> String {
        var text = """
            # Configuration keys

            <!-- Generated from Sources/Config/ConfigTable.swift by ConfigTests; do not edit by hand. -->

            learnd reads TOML (`--config FILE`, else `/etc/learnd/learnd.toml`, else the built-in
            defaults below); every key can also be given as `--set section.key=value`. An unknown key or
            a bad value is refused with one line naming the key. On reload (SIGHUP, `reload`), *live*
            keys take effect at once; a change to a *new model* key is refused (the learner cannot take
            it: LearnCore's `ModelSetting`), and so is a change to a *restart* key (bound at start). A
            restart with a *new model* key changed from the newest checkpoint's value exits 1 naming
            the key (move the checkpoint away or start with `--fresh`); a live `restore` of a checkpoint
            made with other *new model* values is refused naming them unless `"adopt": true`.

            | key | default | reload | meaning |
            | --- | --- | --- | --- |

            """
        let defaults = LearndConfig()
        for key in ConfigKey.all {
            let value = key.get(defaults).map { "`\($0)`" } ?? "unset"
            text += "| `\(key.name)` | \(value) | \(key.reload.docName) | \(key.doc) |\n"
        }
        return text
    }
}

extension Reload {
    var docName: String {
        switch self {
        case .live: "live"
        case .newModel: "new model"
        case .restart: "restart"
        }
    }
}
