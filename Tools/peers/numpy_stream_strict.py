#!/usr/bin/env python3
"""The stricter numpy peer of `learnd stream`: numpy_stream.py's learner and workload, at its best.

Differences from numpy_stream.py: the stream is parsed into arrays (labels, float32 features) before
the timer starts, so only learning is timed; and OpenBLAS runs one thread (OPENBLAS_NUM_THREADS=1,
set here unless already set: tiny matrices lose to threading). Same output JSON line, plus
"blas" (the BLAS library and kernel in use, via threadpoolctl when installed).

    python3 Tools/peers/numpy_stream_strict.py Fixtures/digits_ci_train.csv --repeat-to 50000
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numpy_stream import OnlineLearner, data_lines, parse, workload_parser  # noqa: E402


def blas_kernel():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl not installed)"
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return ", ".join(f"{i.get('internal_api')} {i.get('architecture')} {i.get('num_threads')} thread(s)"
                     for i in blas) or "none found"


def main():
    parser = workload_parser(__doc__.split("\n\n")[0])
    args = parser.parse_args()

    records = [parse(line) for path in args.files for line in data_lines(path)]
    if not records:
        parser.error("no records to stream")
    total = args.repeat_to or len(records)
    order = [records[i % len(records)] for i in range(total)]
    labels = [label for label, _ in order]
    features = np.stack([x for _, x in order])          # [total][inputs] float32, parsed before timing
    learner = OnlineLearner(features.shape[1], args.hidden, args.outputs, args.seed, args.lr, args.replay_k,
                            args.capacity)
    correct = 0
    start = time.perf_counter()
    for n in range(total):
        correct += learner.learn(features[n], labels[n])
    seconds = time.perf_counter() - start
    print(json.dumps({"records": total, "seconds": round(seconds, 4), "records_per_second": round(total / seconds, 1),
                      "prequential_accuracy": round(correct / total, 6), "blas": blas_kernel()}))


if __name__ == "__main__":
    main()
