"""A producer: writes records into learnd's ingest socket and collects its replies."""

import socket
import threading


def csv_line(label, features):
    """One CSV record: `LABEL,F1,...,Fn` (label None or "" asks for a prediction)."""
    return ("" if label is None else str(label)) + "," + ",".join(repr(float(v)) for v in features)


class Producer:
    """A connection to the ingest socket at `path`. `send` writes records (backpressure: it waits
    while learnd is busy, nothing is dropped); a reader thread keeps learnd's replies (one per
    predicted or rejected record) in `replies`. `close()` ends the stream and waits for the last
    replies, so that every record sent has been learned, predicted or rejected."""

    def __init__(self, path, timeout=60.0):
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(timeout)
        self._sock.connect(str(path))
        self.replies = []
        self.sent = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def send(self, label, features):
        self.send_lines([csv_line(label, features)])

    def send_many(self, records):
        """Sends (label, features) pairs."""
        self.send_lines([csv_line(label, x) for label, x in records])

    def send_lines(self, lines):
        self._sock.sendall("".join(line + "\n" for line in lines).encode())
        self.sent += len(lines)

    def close(self):
        """Ends the stream; returns the replies once learnd has answered every record."""
        self._sock.shutdown(socket.SHUT_WR)
        self._reader.join()
        self._sock.close()
        return self.replies

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()

    def _read(self):
        buffer = b""
        while True:
            try:
                chunk = self._sock.recv(1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            self.replies.extend(line.decode() for line in lines)
