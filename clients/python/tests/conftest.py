"""Fixtures: a real `learnd serve` (binaries from $LEARND_BIN_DIR, default .build/debug), the digits data."""

import os
import sys

import numpy as np
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "python"))

import support  # noqa: E402  (the repository's daemon launcher, shared with the interop tests)

CLASSES = [str(c) for c in range(10)]
DIGITS = [f'model.inputs=64', 'model.outputs=10', 'model.classes=[' + ",".join(f'"{c}"' for c in CLASSES) + ']',
          'checkpoint.every_seconds=0']


def load_digits(name):
    """(features float32 [n, 64], labels str [n]) of Fixtures/NAME."""
    rows = np.genfromtxt(os.path.join(ROOT, "Fixtures", name), delimiter=",", skip_header=1, dtype=str)
    return rows[:, 1:].astype(np.float32), rows[:, 0]


@pytest.fixture
def daemon(tmp_path):
    """A fresh learnd with the digits model and the fixed class map 0-9."""
    d = support.Daemon(str(tmp_path), *DIGITS)
    d.ingest = os.path.join(str(tmp_path), "ingest.sock")
    yield d
    assert d.stop() == 0, d.stderr()
