import ArgumentParser

/// `learnctl`: learnd's companion tool. The offline commands read checkpoint files; the live ones (status,
/// feed, predict, checkpoint, restore...) talk to a running daemon and come in their own files.
@main
struct Learnctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learnctl",
        abstract: "Inspect, check, evaluate and export learnd checkpoints.",
        discussion: """
            Offline commands work on checkpoint files (learnd-YYYYMMDDTHHMMSSZ-SEQ.ckpt in the state \
            directory) without a running daemon.

            Examples:
              learnctl inspect /var/lib/learnd/learnd-20260101T000000Z-000042.ckpt
              learnctl verify /var/lib/learnd/*.ckpt
              learnctl eval model.ckpt test.csv --json
              learnctl export model.ckpt --format safetensors -o model.safetensors
            """,
        version: LearnctlVersion.string,
        subcommands: [Inspect.self, Verify.self, Eval.self, Export.self, MakeCheckpoint.self]
    )
}

/// The version learnctl reports; kept equal to learnd's (`Daemon.Version`).
enum LearnctlVersion {
    static let string = "0.1.0"
}
