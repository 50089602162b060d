"""The control socket: newline-delimited JSON, one request and one response per line."""

import json
import socket

from .weights import Weights


class LearndError(Exception):
    """learnd refused a request (its one-line reason), or the socket failed."""


class Control:
    """A connection to learnd's control socket at `path` (one request at a time).

    Every method returns the response object (a dict without "ok") or raises `LearndError` with
    learnd's one-line error. Use as a context manager, or call `close()`.
    """

    def __init__(self, path, timeout=30.0):
        self.path = str(path)
        self.timeout = timeout
        self._sock = None
        self._buffer = b""

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()

    def close(self):
        if self._sock is not None:
            self._sock.close()
            self._sock = None
            self._buffer = b""

    def request(self, cmd, **fields):
        """Sends {"cmd": cmd, **fields}; the response without "ok", or LearndError."""
        return self.pipeline([dict(cmd=cmd, **fields)])[0]

    def pipeline(self, requests):
        """Sends every request before reading; the responses in order. Raises on the first refusal."""
        try:
            sock = self._connect()
            sock.sendall(b"".join(json.dumps(r, separators=(",", ":")).encode() + b"\n" for r in requests))
            replies = [self._read_line(sock) for _ in requests]
        except OSError as error:
            self.close()
            raise LearndError(f"control socket {self.path}: {error}") from error
        for reply in replies:
            if not reply.get("ok", False):
                raise LearndError(reply.get("error", f"refused without a reason: {reply}"))
            reply.pop("ok")
        return replies

    def status(self):
        return self.request("status")

    def config(self):
        return self.request("config")

    def predict(self, x):
        """A class label (classify) or a list of values (regress) for features `x`."""
        return self.request("predict", x=[float(v) for v in x])["prediction"]

    def predict_many(self, rows):
        """Predictions for many rows in one round trip (pipelined), not learned from."""
        replies = self.pipeline([{"cmd": "predict", "x": [float(v) for v in row]} for row in rows])
        return [r["prediction"] for r in replies]

    def checkpoint(self):
        return self.request("checkpoint")

    def restore(self, path, adopt=False):
        fields = {"path": str(path)}
        if adopt:
            fields["adopt"] = True
        return self.request("restore", **fields)

    def reload(self):
        return self.request("reload")

    def metrics(self):
        """The daemon's metrics: its `metrics` command where it has one, else the status report."""
        try:
            return self.request("metrics")
        except LearndError as error:
            if "unknown command" not in str(error):
                raise
            return self.status()

    def weights(self):
        """The running model as `Weights` (numpy arrays)."""
        return Weights.from_json(self.request("weights"))

    def set_weights(self, weights):
        """Replaces the running model (all or nothing); learnd's report (changed, learned, milliseconds...)."""
        return self.request("set_weights", **weights.to_json())

    def _connect(self):
        if self._sock is None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            sock.connect(self.path)
            self._sock = sock
        return self._sock

    def _read_line(self, sock):
        while b"\n" not in self._buffer:
            chunk = sock.recv(1 << 16)
            if not chunk:
                raise OSError("learnd closed the connection")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)
