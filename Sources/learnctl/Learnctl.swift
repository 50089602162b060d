import ArgumentParser

/// `learnctl`: the companion tool of learnd. Live commands (status, watch, feed, predict, checkpoint,
/// restore, plot) talk to a running daemon over its control socket, one file per command; offline
/// commands (inspect, verify, eval, export, plot --checkpoint) read checkpoint files and need no daemon.
@main
struct Learnctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learnctl",
        abstract: "Watch, feed and query a running learnd; inspect, check, evaluate and export its checkpoints.",
        discussion: """
            Live commands talk to a running `learnd serve` over its control socket:
              status      what it is doing now (--json: its whole status reply)
              watch       status every second, with sparklines of accuracy and rate
              feed        send records to it; reports what it rejected, and why
              predict     a prediction of the running model, without learning
              checkpoint  make it write a checkpoint now
              restore     load a checkpoint file into it (a bad file changes nothing)
              plot        draw its learning curves as SVG (--checkpoint FILE: offline)

            Offline commands work on checkpoint files (learnd-YYYYMMDDTHHMMSSZ-SEQ.ckpt in the state \
            directory) without a running daemon: inspect, verify, eval, export.

            Finding the daemon: learnctl looks for the control socket where learnd puts it: the \
            control.socket key of its configuration (--config FILE, else /etc/learnd/learnd.toml); \
            else control.sock in $RUNTIME_DIRECTORY; in /run/learnd when run as root; else in \
            $XDG_RUNTIME_DIR/learnd (/tmp/learnd-UID without it); and when nothing is there but \
            /run/learnd/control.sock exists, that one. --socket PATH overrides all of this. Only \
            root, learnd's own user and the uids in control.allow_uids may use the socket.

            Examples:
              learnctl status
              learnctl watch --interval 2
              learnctl feed data/*.csv --rate 500
              tail -f /var/log/sensor.csv | learnctl feed -
              learnctl predict 0,3,12.5,7,1
              learnctl checkpoint
              learnctl plot -o curves.svg
              learnctl inspect /var/lib/learnd/learnd-20260101T000000Z-000042.ckpt
              learnctl verify /var/lib/learnd/*.ckpt
              learnctl eval model.ckpt test.csv --json
              learnctl export model.ckpt --format safetensors -o model.safetensors
            """,
        version: LearnctlVersion.string,
        subcommands: [
            Status.self, Watch.self, Feed.self, Predict.self, CheckpointNow.self, Restore.self, Plot.self,
            Inspect.self, Verify.self, Eval.self, Export.self, MakeCheckpoint.self,
        ]
    )
}

/// The version learnctl reports; kept equal to learnd's (`Daemon.Version`).
enum LearnctlVersion {
    static let string = "0.1.0"
}
