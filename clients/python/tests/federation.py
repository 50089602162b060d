"""A federation of real processes on loopback: flower-superlink, N flower-supernodes, N `learnd serve`
daemons (one per supernode) and one more daemon learning alone, the digits training fixture split so that
device i only ever sees classes 2i and 2i+1, fed live while the FedAvg rounds run; one device's daemon is
killed mid-round and started again (from its checkpoint) two rounds later.

`run(directory, rounds=..., ...)` returns the figures; `python3 federation.py` prints them (manual run).
Every process is started here in its own session and stopped by its id (SIGTERM, SIGKILL after 10 s).
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import numpy as np

from conftest import CLASSES, DIGITS, ROOT, load_digits, support
from learnd import Control, Producer, Statistics

APP = os.path.join(ROOT, "clients", "python", "flower-app")
FLOWER_ENV = {"FLWR_TELEMETRY_ENABLED": "0", "FLWR_DISABLE_UPDATE_CHECK": "1",
              "FLWR_DISABLE_RUNTIME_DEPENDENCY_INSTALLATION": "1"}
# Every device: the fixed class map; a small learning rate and replay of its own two classes.
DEVICE = DIGITS + ["train.learning_rate=0.05", "train.replay_k=4", "checkpoint.every_seconds=1", "drift.detector=\"none\""]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processes:
    """The processes this run started, each in its own session; `stop_all` ends them by id."""

    def __init__(self, directory):
        self.directory = directory
        self.env = dict(os.environ, FLWR_HOME=os.path.join(directory, "flwr-home"), **FLOWER_ENV)
        self.started = []

    def start(self, name, *args):
        log = open(os.path.join(self.directory, name + ".log"), "w")
        process = subprocess.Popen(list(args), stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True)
        self.started.append(process)
        return process

    @staticmethod
    def stop(process, sig=signal.SIGTERM):
        """Signals the session this run started for `process` (it and the children it made)."""
        if process.poll() is None:
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop_all(self):
        for process in reversed(self.started):
            self.stop(process)


class Feeder(threading.Thread):
    """Feeds one device its records in a loop at `rate` records/s while `running`; pauses while the
    device is down (`paused`)."""

    def __init__(self, ingest, x, y, rate):
        super().__init__(daemon=True)
        self.ingest, self.x, self.y, self.rate = ingest, x, y, rate
        self.running, self.paused, self.sent = True, False, 0

    def run(self):
        rng, batch = np.random.default_rng(len(self.y)), max(1, self.rate // 10)
        while self.running:
            if self.paused:
                time.sleep(0.05)
                continue
            try:
                with Producer(self.ingest) as producer:
                    while self.running and not self.paused:
                        pick = rng.integers(0, len(self.y), batch)
                        producer.send_many(zip(self.y[pick], self.x[pick]))
                        self.sent += batch
                        time.sleep(batch / self.rate)
            except OSError:
                time.sleep(0.1)   # the daemon went away: wait to be resumed


def load_and_score(control, npz, x, y):
    """Loads the final aggregate (the ServerApp's .npz) into a device; its accuracy right after."""
    saved = np.load(npz)
    parameters = [saved[f"arr_{i}"] for i in range(len([k for k in saved.files if k.startswith("arr_")]))]
    stats = Statistics(int(saved["count"]), saved["mean"], saved["m2"])
    with Control(control) as ctl:
        ctl.set_weights(ctl.weights().with_parameters(parameters, normalizer=stats))
    return device_accuracy(control, x, y)


def device_accuracy(control, x, y):
    with Control(control) as ctl:
        predictions = ctl.predict_many(x.tolist())
    return float(np.mean(np.array([str(p) for p in predictions]) == y))


def run(directory, devices=5, rounds=10, local_records=300, local_seconds=10.0, rate=100, dropout=(3, 3, 5)):
    """Runs the federation; `dropout` = (device, round at which its daemon is killed, round at
    which it is started again) or None. Returns the server's per-round log and the figures."""
    x, y = load_digits("digits_ci_train.csv")
    tx, ty = load_digits("digits_ci_test.csv")
    processes = Processes(directory)
    os.makedirs(processes.env["FLWR_HOME"])
    port = free_port()
    with open(os.path.join(processes.env["FLWR_HOME"], "config.toml"), "w") as f:
        f.write(f'[superlink]\ndefault = "local"\n\n[superlink.local]\naddress = "127.0.0.1:{port}"\ninsecure = true\n')
    daemons, feeders = [], []
    try:
        for i in range(devices + 1):           # the last one learns alone
            d = os.path.join(directory, f"device{i}")
            os.makedirs(d)
            daemons.append(support.Daemon(d, *DEVICE))
            daemons[-1].ingest = os.path.join(d, "ingest.sock")
            mine = np.isin(y, [CLASSES[2 * (i % devices)], CLASSES[2 * (i % devices) + 1]])
            feeders.append(Feeder(daemons[-1].ingest, x[mine], y[mine], rate))
        processes.start("superlink", "flower-superlink", "--insecure", "--host", "127.0.0.1", "--port", str(port),
                        "--disable-runtime-dependency-installation", "--database", os.path.join(directory, "state.db"))
        wait_healthy(port)
        eval_csv = os.path.join(ROOT, "Fixtures", "digits_ci_test.csv")
        for i in range(devices):
            processes.start(f"supernode{i}", "flower-supernode", "--insecure", "--superlink", f"127.0.0.1:{port}",
                            "--host", "127.0.0.1", "--port", str(free_port()),
                            "--node-config", f'control="{daemons[i].control}" eval="{eval_csv}"')
        for f in feeders:
            f.start()
        output = os.path.join(directory, "federation.json")
        run_config = (f'num-rounds={rounds} min-nodes={devices} local-records={local_records} '
                      f'local-seconds={local_seconds} eval="{eval_csv}" classes="{",".join(CLASSES)}" output="{output}"')
        started = time.monotonic()
        flwr = processes.start("flwr-run", "flwr", "run", APP, "local", "--stream", "--run-config", run_config)
        follow_rounds(os.path.join(directory, "flwr-run.log"), flwr, daemons, feeders, dropout, rounds)
        seconds = time.monotonic() - started
        if not os.path.exists(output):
            raise AssertionError("the ServerApp wrote no results: see " + os.path.join(directory, "flwr-run.log"))
        with open(output) as f:
            log = json.load(f)["rounds"]
        for f in feeders:
            f.running = False
        for f in feeders:
            f.join()
        after = [load_and_score(d.control, output + ".npz", tx, ty) for d in daemons[:devices]]
        alone = device_accuracy(daemons[-1].control, tx, ty)
        return {"rounds": log, "alone": alone, "after_final_load": after, "seconds": seconds, "devices": devices}
    finally:
        for f in feeders:
            f.running = False
        processes.stop_all()
        for d in daemons:
            d.stop()


def wait_healthy(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"flower-superlink not healthy on port {port} after {timeout} s")


def follow_rounds(log_path, flwr, daemons, feeders, dropout, rounds, timeout=900):
    """Waits for `flwr run` to end, killing and restarting the dropout device at its rounds."""
    deadline, killed, back = time.monotonic() + timeout, False, False
    while flwr.poll() is None:
        if time.monotonic() > deadline:
            raise AssertionError(f"the federation did not finish {rounds} rounds in {timeout} s")
        text = open(log_path, errors="replace").read()
        if dropout and not killed and f"[ROUND {dropout[1]}/" in text:
            time.sleep(0.5)              # mid-round: the ClientApp is in its local-learning window
            feeders[dropout[0]].paused = True
            daemons[dropout[0]].process.send_signal(signal.SIGKILL)
            daemons[dropout[0]].process.wait()
            killed = True
        if dropout and killed and not back and f"[ROUND {dropout[2]}/" in text:
            d = daemons[dropout[0]]
            daemons[dropout[0]] = support.Daemon(os.path.dirname(d.control), *DEVICE)
            daemons[dropout[0]].ingest = d.ingest
            feeders[dropout[0]].paused = False
            back = True
        time.sleep(0.2)


def summary(result):
    """The figures the issue asks for, from one run."""
    rounds = result["rounds"]
    train = [m for r in rounds.values() for m in r.get("train", {}).values()]
    return {
        "aggregate_accuracy": {r: rounds[r].get("aggregate_accuracy") for r in sorted(rounds, key=int)},
        "accuracy_after_load": {r: sorted(round(m["accuracy-after-load"], 3) for m in rounds[r]["train"].values()
                                          if "accuracy-after-load" in m) for r in sorted(rounds, key=int)},
        "after_final_load": result["after_final_load"],
        "alone": result["alone"],
        "failures_per_round": {r: rounds[r].get("failures", 0) for r in sorted(rounds, key=int)},
        "devices_per_round": {r: len(rounds[r].get("train", {})) for r in sorted(rounds, key=int)},
        "seconds_per_round": float(np.median([r["seconds"] for r in rounds.values() if "seconds" in r])),
        "bytes_per_device_per_round": {"sent": int(np.median([m["bytes-sent"] for m in train])),
                                       "received": int(np.median([m["bytes-received"] for m in train]))},
        "learner_ms": {"read_median": float(np.median([m["read-ms"] for m in train])),
                       "read_max": float(np.max([m["read-ms"] for m in train])),
                       "load_median": float(np.median([m["load-ms"] for m in train if m["load-ms"] > 0] or [0])),
                       "load_max": float(np.max([m["load-ms"] for m in train]))},
        "records_per_device_per_round": float(np.median([m["num-examples"] for m in train])),
        "total_seconds": result["seconds"],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--local-records", type=int, default=300)
    parser.add_argument("--local-seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    import tempfile
    directory = args.dir or tempfile.mkdtemp(prefix="learnd-federation-")
    print(json.dumps(summary(run(directory, rounds=args.rounds, local_records=args.local_records,
                                     local_seconds=args.local_seconds, rate=args.rate)),
                     indent=1))
