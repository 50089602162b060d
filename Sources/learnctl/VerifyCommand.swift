import ArgumentParser

/// `learnctl verify FILE...`: one line per file; exit 0 only when every file is a valid checkpoint.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check checkpoint files; exit 0 if all are valid.",
        discussion: """
            Prints one line per file: `FILE: ok (...)` or `FILE: invalid: REASON`. Every checksum and every \
            section is checked, as learnd does before restoring.
            """
    )

    @Argument(help: ArgumentHelp("Checkpoint files.", valueName: "FILE"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one checkpoint file.") }
    }

    func run() throws {
        var invalid = 0
        for file in files {
            switch Files.decode(file) {
            case .success(let d):
                let c = d.state.config
                print("\(file): ok (v\(d.meta.formatVersion), \(c.widths.map(String.init).joined(separator: "-")) "
                      + "\(c.task.rawValue), \(d.state.counters.learned) records learned, "
                      + "created \(utcTimestamp(d.meta.createdUnixSeconds)))")
            case .failure(let failure):
                invalid += 1
                print("\(file): invalid: \(failure.reason)")
            }
        }
        if invalid > 0 { throw ExitCode.failure }
    }
}
