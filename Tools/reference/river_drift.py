#!/usr/bin/env python3
"""Writes Fixtures/reference/river_drift_streams.txt: value streams and the indices at which River's
drift detectors (river 0.26.1, default parameters) signal a drift on them, so that the Swift tests of
LearnCore's PageHinkley and ADWIN compare against River without Python.

    pip install river==0.26.1
    python3 Tools/reference/river_drift.py

Streams (all seeded with Python's random.Random, deterministic):
- doc: River's own doc-string example: Random(12345), choices([0, 1], k=1000) then
  choices(range(4, 8), k=1000). River's docstrings report ADWIN at 1023, Page-Hinkley at 1006.
- bernoulli: Random(7), 1,500 draws of an error indicator with rate 0.2 then 1,500 with rate 0.5
  (what a learner's prequential 0/1 error looks like across a concept drift).
- gauss: Random(3), 1,000 gauss(0, 1), 1,000 gauss(0.8, 1), 1,000 gauss(-0.5, 2) (a rise, then a fall).

Format: '#' comment lines; per stream a line 'stream NAME', a line 'adwin I I ...' and a line
'page-hinkley I I ...' (0-based indices of the values whose update signalled a drift), and a line
'values V V ...' (Python repr, exact doubles).
"""
import os
import random

import river
from river import drift

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def streams():
    rng = random.Random(12345)
    yield "doc", [float(v) for v in rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)]
    rng = random.Random(7)
    yield "bernoulli", [float(rng.random() < p) for p in [0.2] * 1500 + [0.5] * 1500]
    rng = random.Random(3)
    yield "gauss", ([rng.gauss(0, 1) for _ in range(1000)] + [rng.gauss(0.8, 1) for _ in range(1000)]
                    + [rng.gauss(-0.5, 2) for _ in range(1000)])


def detections(detector, values):
    found = []
    for i, v in enumerate(values):
        detector.update(v)
        if detector.drift_detected:
            found.append(i)
    return found


def main():
    assert river.__version__ == "0.26.1", river.__version__
    lines = [f"# River {river.__version__} drift detectors (default parameters) on seeded streams;",
             "# written by Tools/reference/river_drift.py"]
    for name, values in streams():
        lines.append(f"stream {name}")
        lines.append("adwin " + " ".join(map(str, detections(drift.ADWIN(), values))))
        lines.append("page-hinkley " + " ".join(map(str, detections(drift.PageHinkley(), values))))
        lines.append("values " + " ".join(repr(v) for v in values))
    path = os.path.join(ROOT, "Fixtures/reference/river_drift_streams.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(path)
    for line in lines:
        if line.startswith(("stream", "adwin", "page")):
            print(line)


if __name__ == "__main__":
    main()
