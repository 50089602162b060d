"""Shared helpers for the Python tests of learnctl: binaries, temp dirs, checkpoints to test with.

The binaries are taken from $LEARND_BIN_DIR (default: .build/debug of this repository).
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.environ.get("LEARND_BIN_DIR", os.path.join(ROOT, ".build", "debug"))
FIXTURES = os.path.join(ROOT, "Fixtures")
ENV = dict(os.environ, SWIFT_BACKTRACE="enable=no")


def run(tool, *args, check=True):
    """Runs BIN_DIR/tool with args; returns the CompletedProcess (text mode)."""
    result = subprocess.run([os.path.join(BIN_DIR, tool), *map(str, args)], capture_output=True, text=True,
                            env=ENV, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"{tool} {' '.join(map(str, args))} exited {result.returncode}: {result.stderr}")
    return result


def learnd_has_checkpoint_out():
    """True when `learnd stream` can write a checkpoint itself (--checkpoint-out)."""
    path = os.path.join(BIN_DIR, "learnd")
    if not os.path.exists(path):
        return False
    return "--checkpoint-out" in run("learnd", "stream", "--help", check=False).stdout


def make_checkpoint(out, records, *, task="classify", outputs=10, hidden="32", optimizer="adam",
                    learning_rate="0.005", prune="0.5", extra=()):
    """Learns `records` and writes a checkpoint to `out`, with learnd when it can, else learnctl's hidden command.
    `extra`: more `section.key=value` settings (learnd only). Step-size tuning is off unless `extra` turns it on."""
    if learnd_has_checkpoint_out():
        sets = ["train.tuning=\"off\"", f"model.task=\"{task}\"", f"model.outputs={outputs}", f"model.hidden=[{hidden}]",
                f"train.optimizer=\"{optimizer}\"", f"train.learning_rate={learning_rate}",
                f"prune.target_sparsity={prune}", *extra]
        run("learnd", "stream", records, *[a for s in sets for a in ("--set", s)], "--checkpoint-out", out, "--quiet")
    else:
        run("learnctl", "make-checkpoint", records, "--task", task, "--outputs", outputs, "--hidden", hidden,
            "--optimizer", optimizer, "--learning-rate", learning_rate, "--prune-target", prune,
            "--created", 1767225600, "-o", out)
    return out


class Daemon:
    """A real `learnd serve` with its sockets and state in `directory`; stop() sends SIGTERM (final checkpoint)."""

    def __init__(self, directory, *sets):
        self.control = os.path.join(directory, "control.sock")
        self.state = os.path.join(directory, "state")
        self.log = open(os.path.join(directory, "learnd.log"), "w+")
        args = ["serve", "--state-dir", self.state, "--set", f'ingest.socket="{directory}/ingest.sock"',
                "--set", f'control.socket="{self.control}"', *[a for s in sets for a in ("--set", s)]]
        self.process = subprocess.Popen([os.path.join(BIN_DIR, "learnd"), *args], stdout=subprocess.DEVNULL,
                                        stderr=self.log, env=ENV)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.control):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise AssertionError(f"learnd did not start: {self.stderr()}")
            time.sleep(0.05)

    def learnctl(self, command, *args):
        return run("learnctl", command, "--socket", self.control, *args)

    def status(self):
        return json.loads(self.learnctl("status", "--json").stdout)

    def stderr(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        return self.process.returncode


def documented_reader():
    """The Python reader sketch of docs/checkpoint-format.md, executed: its functions in a dict."""
    text = open(os.path.join(ROOT, "docs", "checkpoint-format.md"), encoding="utf-8").read()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    namespace = {}
    exec(compile(code, "docs/checkpoint-format.md", "exec"), namespace)
    return namespace


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="learnctl-test-")
        self.dir = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)


def main(module_name):
    """Runs the module's tests and closes with the plain line 'N passed, M failed'."""
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[module_name])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
