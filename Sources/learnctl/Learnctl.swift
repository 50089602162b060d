import ArgumentParser

/// `learnctl`: the companion tool of learnd. Live commands (status, watch, feed, predict, checkpoint,
/// restore, plot) talk to a running daemon over its control socket, one file per command; offline
/// commands (inspect, verify, eval, export, plot --checkpoint) read checkpoint files and need no daemon.
@main
struct Learnctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learnctl",
        abstract: "Watch, feed and query a running learnd; check, evaluate and export its checkpoints.",
        discussion: """
            status, watch, metrics, feed, predict, checkpoint, restore and plot talk to a running \
            `learnd serve`; inspect, verify, eval, export and plot --checkpoint read checkpoint files \
            (learnd-YYYYMMDDTHHMMSSZ-SEQ.ckpt in learnd's state directory) and need no daemon.

            Finding the daemon: the control.socket key of learnd's configuration (--config, else \
            /etc/learnd/learnd.toml), else control.sock in $RUNTIME_DIRECTORY, /run/learnd (root) \
            or $XDG_RUNTIME_DIR/learnd; --socket PATH overrides. Root, learnd's user and the uids \
            in control.allow_uids may use it.

            Examples:
              learnctl status
              learnctl feed data/*.csv --rate 500
              learnctl predict 0,3,12.5,7,1
              learnctl verify /var/lib/learnd/*.ckpt
            """,
        version: LearnctlVersion.string,
        subcommands: [
            Status.self, Watch.self, Metrics.self, Feed.self, Predict.self, CheckpointNow.self, Restore.self, Plot.self,
            Inspect.self, Verify.self, Eval.self, Export.self, MakeCheckpoint.self,
        ]
    )
}

/// The version learnctl reports; kept equal to learnd's (`Daemon.Version`).
enum LearnctlVersion {
    static let string = "0.1.0"
}
