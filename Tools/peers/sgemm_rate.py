#!/usr/bin/env python3
"""Single-thread float32 matrix-product speed through numpy: the FLOP bound of Tools/bench.

Times C = A·B for square float32 matrices (default 1024, best of 5 after a warm-up) with one
BLAS thread (OPENBLAS_NUM_THREADS=1 set here unless already set), and names the BLAS kernel
through threadpoolctl. Prints one JSON line {"gflops", "n", "blas"}.

    python3 Tools/peers/sgemm_rate.py [--n 1024]
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numpy_stream_strict import blas_kernel  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1024)
    n = ap.parse_args().n
    rng = np.random.default_rng(1)
    a, b = (rng.standard_normal((n, n)).astype(np.float32) for _ in range(2))
    a @ b
    best = min(timed(a, b) for _ in range(5))
    print(json.dumps({"gflops": round(2 * n ** 3 / best / 1e9, 1), "n": n, "blas": blas_kernel()}))


def timed(a, b):
    start = time.perf_counter()
    a @ b
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
