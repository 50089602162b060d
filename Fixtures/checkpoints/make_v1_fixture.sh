#!/usr/bin/env bash
# Regenerates the format-v1 checkpoint fixture (kept as it is once committed: a reader must keep reading it).
#   v1-train.csv              300 records, 4 features, classes idle/run/fault (numpy default_rng(0) blobs)
#   v1-classify-4-8-3.ckpt    a 4-8-3 learner (Adam, 50 % pruning, class-balanced replay of 64,
#                             Page-Hinkley drift, SI protection) after those records, created 2026-01-01T00:00:00Z
# Usage: Fixtures/checkpoints/make_v1_fixture.sh [BIN_DIR]   (BIN_DIR holds learnctl; default .build/debug)
set -euo pipefail
cd "$(dirname "$0")"
bin="${1:-../../.build/debug}"
python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(0)
centres = {"idle": [0, 0, 1, 20], "run": [3, 1, -1, 25], "fault": [1, 4, 0, 40]}
names = list(centres)
with open("v1-train.csv", "w") as f:
    f.write("label,vibration,current,pressure,temperature\n")
    for i in range(300):
        name = names[rng.integers(3)]
        x = np.array(centres[name], float) + rng.normal(0, [0.5, 0.5, 0.5, 2.0])
        f.write(name + "," + ",".join(f"{v:.4g}" for v in x) + "\n")
PY
"$bin/learnctl" make-checkpoint v1-train.csv -o v1-classify-4-8-3.ckpt --outputs 3 --hidden 8 \
    --optimizer adam --learning-rate 0.01 --replay-k 4 --replay-capacity 64 --replay-policy class-balanced \
    --prune-target 0.5 --prune-start 0 --prune-end 200 --prune-every 20 --recent-window 100 --seed 1 \
    --protect si --drift-detector page-hinkley --created 1767225600
"$bin/learnctl" inspect v1-classify-4-8-3.ckpt
